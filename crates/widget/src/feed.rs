//! The feed's lifecycle: connect → keep the stream → fetch the HTTP snapshot → apply it and
//! the kept messages → live; re-subscribe and refresh the snapshot periodically; stale after
//! a silence, then reconnect with exponential backoff and jitter, and a fresh snapshot on every
//! reconnect. A garbage frame is counted and skipped, never fatal.
//!
//! One task per connection (`hub`): it serves every widget on the feed, whatever their
//! currencies. A currency added while connected is subscribed on the open socket and synced
//! by a snapshot of its own; a failed snapshot of it while live concerns its widgets only.

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::{futures::WebSocket, Message, WebSocketError};
use goxbook_core::{decode, Currency, HttpBody, Payload};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::backoff::Backoff;
use crate::config::{Config, SnapshotKind};
use crate::model::{now_ms, Status};
use crate::sync::{Part, SyncState};
use crate::timers::Sleep;

type Snapshot = Result<Vec<(Currency, Part, String)>, String>;

/// After a failed refresh while live, the next try comes this much later (s).
const REFRESH_RETRY_SECS: f64 = 2.0;

/// How a connection ended.
enum End {
    /// The socket (to this URL) never opened.
    Refused(String, String),
    /// It was open and closed.
    Closed(String),
    /// Silent for too long.
    Stale(f64),
    /// The snapshot could not be fetched or applied.
    SyncFailed(String),
}

/// What the feed's task needs of the widgets that share its connection: the hub implements
/// it, and the feed sees nothing else of the hub (no import of it: the hub imports the feed).
pub trait Link {
    /// The connection's settings (its first widget's).
    fn cfg(&self) -> &Config;
    /// The market and the sync bookkeeping, shared by the connection's widgets.
    fn sync(&self) -> &RefCell<SyncState>;
    /// The feed URL with every subscribed currency.
    fn url(&self) -> String;
    /// The subscribed currencies, in the order they were asked for.
    fn currencies(&self) -> Vec<Currency>;
    /// One stream frame, applied once for every widget.
    fn frame(&self, text: &str);
    /// performance.now() of the last frame received.
    fn last_frame(&self) -> Option<f64>;
    /// The connection's state, shown by every widget.
    fn set_status(&self, status: Status, message: Option<String>);
    /// The connection's message (kept while reconnecting).
    fn message(&self) -> Option<String>;
    /// A message for the widgets showing any of `currencies` only.
    fn tell(&self, currencies: &[Currency], message: String);
    /// A new connection: nothing of it is synced yet.
    fn reset_synced(&self);
    /// A snapshot of `currencies` applied.
    fn synced(&self, currencies: &[Currency]);
    /// Subscribed currencies without a snapshot in this connection yet.
    fn unsynced(&self) -> Vec<Currency>;
    /// Every widget redraws at its next animation frame.
    fn schedule_all(&self);
    /// Ready when the subscribed currencies changed since it was last ready.
    fn poll_currencies_changed(&self, cx: &mut Context<'_>) -> Poll<()>;
}

/// Runs until the future is dropped (the hub's last widget left).
pub async fn run(link: Rc<dyn Link>) {
    let link = &*link;
    let cfg = link.cfg();
    let mut backoff = Backoff::new(cfg.backoff_base_secs, cfg.backoff_max_secs);
    loop {
        let end = session(link, &mut backoff).await;
        let delay = backoff.next_delay(js_sys::Math::random());
        let retry = format!("retrying in {} s", crate::num::tenths(delay / 1000.0));
        match end {
            End::Refused(url, why) => {
                link.set_status(Status::Offline, Some(format!("cannot connect to the feed {url}: {why}; {retry}")))
            }
            End::Closed(why) => link.set_status(Status::Offline, Some(format!("{why}; {retry}"))),
            End::Stale(secs) => link.set_status(
                Status::Stale,
                Some(format!(
                    "no message for {} s: reconnecting in {} s",
                    crate::num::whole(secs),
                    crate::num::tenths(delay / 1000.0)
                )),
            ),
            End::SyncFailed(why) => link.set_status(Status::Offline, Some(format!("{why}; {retry}"))),
        }
        Sleep::new(delay.round() as i32).await;
    }
}

fn timer(secs: f64) -> Option<Sleep> {
    if secs > 0.0 {
        Some(Sleep::new((secs * 1000.0).round() as i32))
    } else {
        None
    }
}

async fn session(link: &dyn Link, backoff: &mut Backoff) -> End {
    let cfg = link.cfg();
    link.set_status(Status::Connecting, link.message());
    link.reset_synced();
    let url = link.url();
    let mut ws = match WebSocket::open(&url) {
        Ok(ws) => ws,
        Err(e) => return End::Refused(url, e.to_string()),
    };
    // Those in the URL are subscribed by connecting.
    let mut subscribed = link.currencies();
    link.sync().borrow_mut().begin_snapshot();
    let mut opened = false;
    let mut live = false;
    let mut snapshot: Option<Pin<Box<dyn Future<Output = Snapshot>>>> = None;
    // The currencies of the snapshot in flight.
    let mut syncing: Vec<Currency> = Vec::new();
    // Stale after `stale_secs` without a frame: one timer, re-armed when it fires for the time
    // left since the last frame (not a new timer per message).
    let started = now_ms();
    let mut stale = timer(cfg.stale_secs);
    let mut resubscribe = None;
    let mut refresh = None;
    loop {
        // What fired first, in this order (the frames first; timers last). The handler runs
        // once the poll is over: nothing borrows the socket any more.
        let event = poll_fn(|cx| {
            if let Poll::Ready(m) = ws.poll_next_unpin(cx) {
                return Poll::Ready(Event::Frame(m));
            }
            if let Some(Poll::Ready(s)) = snapshot.as_mut().map(|f| f.as_mut().poll(cx)) {
                snapshot = None;
                return Poll::Ready(Event::Snapshot(s));
            }
            if link.poll_currencies_changed(cx).is_ready() {
                return Poll::Ready(Event::Currencies);
            }
            for (timer, event) in
                [(&mut stale, Event::Stale), (&mut resubscribe, Event::Resubscribe), (&mut refresh, Event::Refresh)]
            {
                if fired(timer, cx) {
                    return Poll::Ready(event);
                }
            }
            Poll::Pending
        })
        .await;
        match event {
            Event::Frame(m) => match m {
                Some(Ok(msg)) => {
                    if !opened {
                        opened = true;
                        link.set_status(Status::Syncing, None);
                        // Widgets that joined while the socket was opening.
                        let now = link.currencies();
                        for frame in
                            now.iter().filter(|c| !subscribed.contains(c)).flat_map(|&c| channels(c, "mtgox.subscribe"))
                        {
                            send(&mut ws, frame);
                        }
                        subscribed = now;
                        syncing = subscribed.clone();
                        snapshot = Some(Box::pin(fetch(link, &syncing)));
                        resubscribe = timer(cfg.resubscribe_secs);
                    }
                    // After a silence, what was sent meanwhile may be lost (MtGox has no
                    // sequence numbers): sync again, keeping this message for after the snapshot.
                    let silent = link.last_frame().map_or(0.0, |t| now_ms() - t);
                    if cfg.resync_secs > 0.0 && silent >= cfg.resync_secs * 1000.0 && snapshot.is_none() {
                        link.sync().borrow_mut().begin_snapshot();
                        syncing = subscribed.clone();
                        snapshot = Some(Box::pin(fetch(link, &syncing)));
                    }
                    match msg {
                        Message::Text(t) => link.frame(&t),
                        Message::Bytes(b) => link.frame(&String::from_utf8_lossy(&b)),
                    }
                }
                Some(Err(WebSocketError::ConnectionClose(e))) => {
                    link.sync().borrow_mut().abandon_snapshot();
                    return if opened {
                        let why = if e.reason.is_empty() { String::new() } else { format!(": {}", e.reason) };
                        End::Closed(format!("the feed closed the connection (code {}{why})", e.code))
                    } else {
                        End::Refused(url, format!("refused or unreachable (code {})", e.code))
                    };
                }
                Some(Err(_)) => {} // an error event: the close event follows
                None => {
                    link.sync().borrow_mut().abandon_snapshot();
                    return if opened {
                        End::Closed("the feed closed the connection".into())
                    } else {
                        End::Refused(url, "refused or unreachable".into())
                    };
                }
            },
            Event::Snapshot(s) => {
                let applied = s.and_then(|bodies| link.sync().borrow_mut().apply_snapshot(&bodies));
                link.schedule_all();
                if let Err(why) = applied {
                    link.sync().borrow_mut().abandon_snapshot();
                    if !live {
                        return End::SyncFailed(why);
                    }
                    // A refresh, or a new currency's first snapshot, failed: the stream still
                    // flows; try again shortly.
                    link.tell(
                        &syncing,
                        format!("{why}; retrying the snapshot in {} s", crate::num::short(REFRESH_RETRY_SECS)),
                    );
                    refresh = timer(REFRESH_RETRY_SECS);
                    continue;
                }
                live = true;
                link.synced(&syncing);
                link.set_status(Status::Live, None);
                backoff.reset();
                refresh = timer(cfg.refresh_secs);
                // Currencies added while this snapshot was in flight.
                let missing = link.unsynced();
                if !missing.is_empty() {
                    link.sync().borrow_mut().begin_snapshot();
                    syncing = missing;
                    snapshot = Some(Box::pin(fetch(link, &syncing)));
                }
            }
            Event::Currencies => {
                if !opened {
                    continue; // the first frame subscribes whatever is there by then
                }
                let now = link.currencies();
                let added =
                    now.iter().filter(|c| !subscribed.contains(c)).flat_map(|&c| channels(c, "mtgox.subscribe"));
                let gone = subscribed.iter().filter(|c| !now.contains(c)).flat_map(|&c| channels(c, "unsubscribe"));
                for frame in added.chain(gone).collect::<Vec<_>>() {
                    send(&mut ws, frame);
                }
                subscribed = now;
                let missing = link.unsynced();
                if live && snapshot.is_none() && !missing.is_empty() {
                    link.sync().borrow_mut().begin_snapshot();
                    syncing = missing;
                    snapshot = Some(Box::pin(fetch(link, &syncing)));
                }
            }
            Event::Stale => {
                // The hub stamps every frame; one from an earlier connection does not count.
                let last = link.last_frame().map_or(started, |t| t.max(started));
                let left = cfg.stale_secs * 1000.0 - (now_ms() - last);
                if left > 0.0 {
                    stale = timer(left.max(1.0) / 1000.0);
                    continue;
                }
                link.sync().borrow_mut().abandon_snapshot();
                return End::Stale(cfg.stale_secs);
            }
            Event::Resubscribe => {
                let mut frames: Vec<String> = subscribed.iter().flat_map(|&c| channels(c, "mtgox.subscribe")).collect();
                frames.push(r#"{"op":"mtgox.subscribe","type":"trades"}"#.to_string());
                for frame in frames {
                    if !send(&mut ws, frame) {
                        break;
                    }
                }
                resubscribe = timer(cfg.resubscribe_secs);
            }
            Event::Refresh => {
                if snapshot.is_none() {
                    link.sync().borrow_mut().begin_snapshot();
                    syncing = subscribed.clone();
                    snapshot = Some(Box::pin(fetch(link, &syncing)));
                }
            }
        }
    }
}

/// Whether the armed timer `t` fired (it is then disarmed).
fn fired(t: &mut Option<Sleep>, cx: &mut Context<'_>) -> bool {
    let done = t.as_mut().is_some_and(|s| Pin::new(s).poll(cx).is_ready());
    if done {
        *t = None;
    }
    done
}

/// What woke the session.
enum Event {
    Frame(Option<Result<Message, WebSocketError>>),
    Snapshot(Snapshot),
    Currencies,
    Stale,
    Resubscribe,
    Refresh,
}

/// Sends a text frame on the open socket; false if the browser refused it. Only called once a
/// frame was received (the socket is open, or closing), when gloo-net's sink is always ready
/// and flushed: no need to await it.
fn send(ws: &mut WebSocket, frame: String) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    matches!(ws.poll_ready_unpin(&mut cx), Poll::Ready(Ok(()))) && ws.start_send_unpin(Message::Text(frame)).is_ok()
}

/// The frames that (un)subscribe a currency's depth and ticker channels by name, `op`
/// `mtgox.subscribe` or `unsubscribe` (MtGox lost subscriptions after hours; clients sent
/// these periodically). Trades of every currency come on one channel.
fn channels(c: Currency, op: &str) -> [String; 2] {
    [format!(r#"{{"op":"{op}","channel":"depth.BTC{c}"}}"#), format!(r#"{{"op":"{op}","channel":"ticker.BTC{c}"}}"#)]
}

/// The snapshot of `currencies`, each one's bodies in the order they apply: currency info
/// (only when the core does not know the scale), depth, trades since the newest known, ticker.
fn fetch(link: &dyn Link, currencies: &[Currency]) -> impl Future<Output = Snapshot> + 'static {
    let cfg = link.cfg();
    let sync = link.sync().borrow();
    let plans: Vec<_> = currencies
        .iter()
        .map(|&c| {
            let info = sync.needs_currency_info(c).then(|| cfg.currency_info_for(c));
            let depth = cfg.endpoint_for(
                c,
                match cfg.snapshot {
                    SnapshotKind::Full => "fulldepth",
                    SnapshotKind::Window => "depth/fetch",
                },
            );
            let trades = match sync.newest_tid(c) {
                Some(tid) => cfg.endpoint_for(c, &format!("trades?since={tid}")),
                None => cfg.endpoint_for(c, "trades"),
            };
            (c, info, depth, trades, cfg.endpoint_for(c, "ticker"))
        })
        .collect();
    async move {
        let each = plans.into_iter().map(|(c, info, depth, trades, ticker)| async move {
            let mut out = Vec::with_capacity(4);
            if let Some(url) = info {
                out.push((c, Part::Currency, get(&url).await?));
            }
            // The three requests start together (`get` sends at once).
            let (d, t, k) = (get(&depth), get(&trades), get(&ticker));
            out.push((c, Part::Depth, d.await?));
            out.push((c, Part::Trades, t.await?));
            out.push((c, Part::Ticker, k.await?));
            Ok::<_, String>(out)
        });
        let mut out = Vec::new();
        for bodies in join_all(each).await {
            out.extend(bodies?);
        }
        Ok(out)
    }
}

// The global `fetch` and `String` (an error as its `toString()`: "TypeError: Failed to
// fetch"). A plain GET needs no more than these; gloo-net's `http` feature brought a request
// builder, headers, URL rewriting and wasm-streams' exported classes along with it.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_url(url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = String)]
    fn js_string(v: &JsValue) -> String;
}

/// GET `url`: the request is sent now, the answer awaited by the future returned.
fn get(url: &str) -> impl Future<Output = Result<String, String>> + 'static {
    let sent = JsFuture::from(fetch_url(url));
    let url = url.to_string();
    async move {
        let resp: Response = sent.await.map_err(|e| format!("cannot fetch {url}: {}", js_string(&e)))?.unchecked_into();
        let read = match resp.text() {
            Ok(p) => JsFuture::from(p).await,
            Err(e) => Err(e),
        };
        let text = read.map_err(|e| format!("cannot read {url}: {}", js_string(&e)))?.as_string().unwrap_or_default();
        if resp.ok() {
            return Ok(text);
        }
        let why = match decode(&text) {
            Ok(Payload::Http { body: HttpBody::Error { error: Some(e), .. }, .. }) => e.to_string(),
            _ => resp.status_text(),
        };
        Err(format!("{url} answered HTTP {}: {why}", resp.status()))
    }
}

/// Every future polled until all are done, their outputs in order: futures-util's `join_all`
/// without the FuturesOrdered machinery it carries for long lists.
async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut futures: Vec<_> = futures.into_iter().map(|f| (Box::pin(f), None::<F::Output>)).collect();
    poll_fn(|cx| {
        let mut pending = false;
        for (f, out) in futures.iter_mut().filter(|(_, out)| out.is_none()) {
            match f.as_mut().poll(cx) {
                Poll::Ready(v) => *out = Some(v),
                Poll::Pending => pending = true,
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    futures.into_iter().filter_map(|(_, out)| out).collect()
}
