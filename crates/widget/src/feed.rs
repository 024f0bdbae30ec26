//! The feed's lifecycle: connect → keep the stream → fetch the HTTP snapshot → apply it and
//! the kept messages → live; re-subscribe and refresh the snapshot periodically; stale after
//! a silence, then reconnect with exponential backoff and jitter, and a fresh snapshot on every
//! reconnect. A garbage frame is counted and skipped, never fatal.

use std::rc::Rc;

use futures_util::future::{join3, Fuse, FusedFuture, FutureExt, LocalBoxFuture};
use futures_util::{select, SinkExt, StreamExt};
use gloo_net::http::Request;
use gloo_net::websocket::{futures::WebSocket, Message, WebSocketError};
use gloo_timers::future::TimeoutFuture;
use goxbook_core::{decode, HttpBody, Payload};
use leptos::prelude::{GetUntracked, Set};

use crate::backoff::Backoff;
use crate::config::{Config, SnapshotKind};
use crate::model::{now_ms, Renderer, Status};
use crate::sync::Part;

type Snapshot = Result<Vec<(Part, String)>, String>;

/// After a failed refresh while live, the next try comes this much later (s).
const REFRESH_RETRY_SECS: f64 = 2.0;

/// How a connection ended.
enum End {
    /// The socket never opened.
    Refused(String),
    /// It was open and closed.
    Closed(String),
    /// Silent for too long.
    Stale(f64),
    /// The snapshot could not be fetched or applied.
    SyncFailed(String),
}

/// Runs until the future is dropped (the widget unmounted).
pub async fn run(cfg: Config, r: Rc<Renderer>) {
    let mut backoff = Backoff::new(cfg.backoff_base_secs, cfg.backoff_max_secs);
    loop {
        let end = session(&cfg, &r, &mut backoff).await;
        let delay = backoff.next_delay(js_sys::Math::random());
        let retry = format!("retrying in {:.1} s", delay / 1000.0);
        match end {
            End::Refused(why) => r
                .model
                .set_status(Status::Offline, Some(format!("cannot connect to the feed {}: {why}; {retry}", cfg.feed))),
            End::Closed(why) => r.model.set_status(Status::Offline, Some(format!("{why}; {retry}"))),
            End::Stale(secs) => r.model.set_status(
                Status::Stale,
                Some(format!("no message for {secs:.0} s: reconnecting in {:.1} s", delay / 1000.0)),
            ),
            End::SyncFailed(why) => r.model.set_status(Status::Offline, Some(format!("{why}; {retry}"))),
        }
        TimeoutFuture::new(delay.round() as u32).await;
    }
}

fn timer(secs: f64) -> Fuse<TimeoutFuture> {
    if secs > 0.0 {
        TimeoutFuture::new((secs * 1000.0).round() as u32).fuse()
    } else {
        Fuse::terminated()
    }
}

async fn session(cfg: &Config, r: &Rc<Renderer>, backoff: &mut Backoff) -> End {
    r.model.set_status(Status::Connecting, r.model.message.get_untracked());
    let ws = match WebSocket::open(&cfg.feed) {
        Ok(ws) => ws,
        Err(e) => return End::Refused(e.to_string()),
    };
    let (mut tx, mut rx) = ws.split();
    r.sync.borrow_mut().begin_snapshot();
    let mut opened = false;
    let mut live = false;
    let mut snapshot: Fuse<LocalBoxFuture<'static, Snapshot>> = Fuse::terminated();
    let mut stale = timer(cfg.stale_secs);
    let mut resubscribe = Fuse::terminated();
    let mut refresh = Fuse::terminated();
    loop {
        select! {
            m = rx.next().fuse() => match m {
                Some(Ok(msg)) => {
                    if !opened {
                        opened = true;
                        r.model.set_status(Status::Syncing, None);
                        snapshot = fetch(cfg, r).boxed_local().fuse();
                        resubscribe = timer(cfg.resubscribe_secs);
                    }
                    stale = timer(cfg.stale_secs);
                    // After a silence, what was sent meanwhile may be lost (MtGox has no
                    // sequence numbers): sync again, keeping this message for after the snapshot.
                    let silent = r.last_frame().map_or(0.0, |t| now_ms() - t);
                    if cfg.resync_secs > 0.0 && silent >= cfg.resync_secs * 1000.0 && snapshot.is_terminated() {
                        r.sync.borrow_mut().begin_snapshot();
                        snapshot = fetch(cfg, r).boxed_local().fuse();
                    }
                    match msg {
                        Message::Text(t) => r.frame(&t),
                        Message::Bytes(b) => r.frame(&String::from_utf8_lossy(&b)),
                    }
                }
                Some(Err(WebSocketError::ConnectionClose(e))) => {
                    r.sync.borrow_mut().abandon_snapshot();
                    return if opened {
                        let why = if e.reason.is_empty() { String::new() } else { format!(": {}", e.reason) };
                        End::Closed(format!("the feed closed the connection (code {}{why})", e.code))
                    } else {
                        End::Refused(format!("refused or unreachable (code {})", e.code))
                    };
                }
                Some(Err(_)) => {} // an error event: the close event follows
                None => {
                    r.sync.borrow_mut().abandon_snapshot();
                    return if opened { End::Closed("the feed closed the connection".into()) } else { End::Refused("refused or unreachable".into()) };
                }
            },
            s = snapshot => {
                let applied = s.and_then(|bodies| r.sync.borrow_mut().apply_snapshot(&bodies));
                r.schedule();
                if let Err(why) = applied {
                    r.sync.borrow_mut().abandon_snapshot();
                    if !live {
                        return End::SyncFailed(why);
                    }
                    // A refresh failed: the stream still flows; try again shortly.
                    r.model.set_status(Status::Live, Some(format!("{why}; retrying the snapshot in {REFRESH_RETRY_SECS} s")));
                    refresh = timer(REFRESH_RETRY_SECS);
                    continue;
                }
                live = true;
                r.model.set_status(Status::Live, None);
                r.model.syncs.set(r.sync.borrow().counts.snapshots);
                backoff.reset();
                refresh = timer(cfg.refresh_secs);
            },
            _ = stale => {
                r.sync.borrow_mut().abandon_snapshot();
                return End::Stale(cfg.stale_secs);
            },
            _ = resubscribe => {
                for frame in subscriptions(cfg) {
                    if tx.send(Message::Text(frame)).await.is_err() {
                        break;
                    }
                }
                resubscribe = timer(cfg.resubscribe_secs);
            },
            _ = refresh => {
                if snapshot.is_terminated() {
                    r.sync.borrow_mut().begin_snapshot();
                    snapshot = fetch(cfg, r).boxed_local().fuse();
                }
            },
        }
    }
}

/// The frames that (re)subscribe this widget's channels, by name (MtGox lost subscriptions
/// after hours; clients sent these periodically).
fn subscriptions(cfg: &Config) -> Vec<String> {
    let c = cfg.currency;
    vec![
        format!(r#"{{"op":"mtgox.subscribe","channel":"depth.BTC{c}"}}"#),
        format!(r#"{{"op":"mtgox.subscribe","channel":"ticker.BTC{c}"}}"#),
        r#"{"op":"mtgox.subscribe","type":"trades"}"#.to_string(),
    ]
}

/// The snapshot's bodies, in the order they apply: currency info (only when the core does not
/// know the scale), depth, trades since the newest known, ticker.
fn fetch(cfg: &Config, r: &Rc<Renderer>) -> impl std::future::Future<Output = Snapshot> + 'static {
    let sync = r.sync.borrow();
    let info = sync.needs_currency_info().then(|| cfg.currency_info());
    let depth = cfg.endpoint(match cfg.snapshot {
        SnapshotKind::Full => "fulldepth",
        SnapshotKind::Window => "depth/fetch",
    });
    let trades = match sync.newest_tid() {
        Some(tid) => cfg.endpoint(&format!("trades?since={tid}")),
        None => cfg.endpoint("trades"),
    };
    let ticker = cfg.endpoint("ticker");
    async move {
        let mut out = Vec::with_capacity(4);
        if let Some(url) = info {
            out.push((Part::Currency, get(&url).await?));
        }
        let (d, t, k) = join3(get(&depth), get(&trades), get(&ticker)).await;
        out.push((Part::Depth, d?));
        out.push((Part::Trades, t?));
        out.push((Part::Ticker, k?));
        Ok(out)
    }
}

async fn get(url: &str) -> Result<String, String> {
    let resp = Request::get(url).send().await.map_err(|e| format!("cannot fetch {url}: {e}"))?;
    let text = resp.text().await.map_err(|e| format!("cannot read {url}: {e}"))?;
    if resp.ok() {
        return Ok(text);
    }
    let why = match decode(&text) {
        Ok(Payload::Http { body: HttpBody::Error { error: Some(e), .. }, .. }) => e.to_string(),
        _ => resp.status_text(),
    };
    Err(format!("{url} answered HTTP {}: {why}", resp.status()))
}
