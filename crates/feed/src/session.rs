//! One websocket client's session, generic over any `Sink`/`Stream` of messages (as axum's
//! testing-websockets example does), so all of its logic is tested without sockets:
//! default subscriptions, `unsubscribe` / `mtgox.subscribe`, remarks for bad frames,
//! pings, faults, and closing a client that cannot keep up.

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use goxbook_core::wire::{decode, Payload};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::time::{timeout, Instant};

use crate::channels::{Channel, CurrencySpec, LAG_CHANNEL, LAG_NAME, TRADE_CHANNEL, TRADE_NAME};
use crate::encode;
use crate::faults::{FaultState, Faults};

/// A frame as published to every session.
#[derive(Clone, Debug)]
pub struct Published {
    pub channel: Channel,
    pub text: Utf8Bytes,
}

/// The settings of one session.
#[derive(Clone, Debug)]
pub struct SessionConfig {
    pub specs: Arc<[CurrencySpec]>,
    /// Indexes of the currencies the client asked for (`?Currency=`).
    pub selected: Vec<usize>,
    pub faults: Faults,
    pub seed: u64,
    /// When the server started (faults are aligned to it).
    pub epoch: Instant,
    pub ping_interval: Duration,
    /// A client silent for this long (no pong, no frame) is dropped.
    pub ping_timeout: Duration,
    /// A send that cannot complete within this is a client that cannot keep up.
    pub send_timeout: Duration,
}

/// Why a session ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    ClientClosed,
    ClientGone,
    TooSlow(String),
    PingTimeout,
    Shutdown,
    FaultDisconnect,
    FeedEnded,
}

/// Close codes used.
pub const CLOSE_GOING_AWAY: u16 = 1001;
pub const CLOSE_POLICY: u16 = 1008;
pub const CLOSE_TRY_AGAIN: u16 = 1013;

/// How long a too-slow client may take to drain up to its close frame.
pub const SLOW_CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Resolves a channel uuid or name ("depth.BTCUSD") among the served currencies.
pub fn resolve_channel(specs: &[CurrencySpec], key: &str) -> Option<Channel> {
    if key == TRADE_CHANNEL || key == TRADE_NAME {
        return Some(Channel::Trade);
    }
    if key == LAG_CHANNEL || key == LAG_NAME {
        return Some(Channel::Lag);
    }
    specs.iter().enumerate().find_map(|(i, s)| {
        if key == s.depth_channel || key.eq_ignore_ascii_case(&s.depth_name) {
            Some(Channel::Depth(i))
        } else if key == s.ticker_channel || key.eq_ignore_ascii_case(&s.ticker_name) {
            Some(Channel::Ticker(i))
        } else {
            None
        }
    })
}

/// The uuid of a channel.
pub fn channel_uuid(specs: &[CurrencySpec], c: Channel) -> &str {
    match c {
        Channel::Ticker(i) => &specs[i].ticker_channel,
        Channel::Depth(i) => &specs[i].depth_channel,
        Channel::Trade => TRADE_CHANNEL,
        Channel::Lag => LAG_CHANNEL,
    }
}

/// The default channels of a connection: ticker and depth per currency, trade, lag.
pub fn default_channels(selected: &[usize]) -> Vec<Channel> {
    let mut v: Vec<Channel> = selected.iter().flat_map(|&i| [Channel::Ticker(i), Channel::Depth(i)]).collect();
    v.push(Channel::Trade);
    v.push(Channel::Lag);
    v
}

struct State<S> {
    sink: S,
    cfg: SessionConfig,
    subs: HashSet<Channel>,
    faults: FaultState<Utf8Bytes>,
    batch: Vec<Utf8Bytes>,
}

impl<S> State<S>
where
    S: Sink<Message> + Unpin,
{
    /// Queues a frame (flushed later); false when the client cannot take it in time.
    async fn feed(&mut self, text: Utf8Bytes) -> bool {
        matches!(timeout(self.cfg.send_timeout, self.sink.feed(Message::Text(text))).await, Ok(Ok(())))
    }

    async fn flush(&mut self) -> bool {
        matches!(timeout(self.cfg.send_timeout, self.sink.flush()).await, Ok(Ok(())))
    }

    async fn send_text(&mut self, text: String) -> bool {
        self.feed(text.into()).await && self.flush().await
    }

    async fn close(&mut self, code: u16, reason: &str) {
        let frame = CloseFrame { code, reason: Utf8Bytes::from(reason.to_string()) };
        let _ = timeout(self.cfg.send_timeout, self.sink.send(Message::Close(Some(frame)))).await;
    }

    /// Closes a client that cannot keep up: its close frame waits behind what its socket
    /// still holds, so it gets [`SLOW_CLOSE_GRACE`] to drain before the connection is dropped.
    async fn close_slow(&mut self, reason: String) -> End {
        let frame = CloseFrame { code: CLOSE_POLICY, reason: Utf8Bytes::from(reason.clone()) };
        let _ = timeout(SLOW_CLOSE_GRACE, self.sink.send(Message::Close(Some(frame)))).await;
        End::TooSlow(reason)
    }

    /// Queues one published frame through the faults; false if the client is too slow.
    async fn publish(&mut self, p: Published) -> bool {
        if !self.subs.contains(&p.channel) || self.cfg.faults.stalled(self.cfg.epoch.elapsed()) {
            return true;
        }
        let mut batch = std::mem::take(&mut self.batch);
        batch.clear();
        self.faults.apply(&self.cfg.faults, p.text, |g| Utf8Bytes::from(g.to_string()), &mut batch);
        for t in batch.drain(..) {
            if !self.feed(t).await {
                return false;
            }
        }
        self.batch = batch;
        true
    }

    fn subscribe(&mut self, c: Channel) -> String {
        self.subs.insert(c);
        encode::op_subscribe(channel_uuid(&self.cfg.specs, c), true)
    }

    /// Answers one text frame from the client.
    fn handle(&mut self, text: &str) -> Vec<String> {
        let specs = self.cfg.specs.clone();
        match decode(text) {
            Ok(Payload::Unsubscribe { channel }) => match resolve_channel(&specs, &channel) {
                Some(c) => {
                    self.subs.remove(&c);
                    vec![encode::op_subscribe(channel_uuid(&specs, c), false)]
                }
                None => vec![encode::remark(&format!("unknown channel {channel:?}"), false, None)],
            },
            Ok(Payload::Subscribe { channel })
            | Ok(Payload::SubscribeRequest { channel: Some(channel), kind: None }) => {
                match resolve_channel(&specs, &channel) {
                    Some(c) => vec![self.subscribe(c)],
                    None => vec![encode::remark(&format!("unknown channel {channel:?}"), false, None)],
                }
            }
            Ok(Payload::SubscribeRequest { kind: Some(kind), .. }) => {
                let selected = self.cfg.selected.clone();
                let channels: Vec<Channel> = match &*kind {
                    "ticker" => selected.iter().map(|&i| Channel::Ticker(i)).collect(),
                    "depth" => selected.iter().map(|&i| Channel::Depth(i)).collect(),
                    "trades" | "trade" => vec![Channel::Trade],
                    "lag" => vec![Channel::Lag],
                    other => return vec![encode::remark(&format!("unknown subscription type {other:?}"), false, None)],
                };
                channels.into_iter().map(|c| self.subscribe(c)).collect()
            }
            Ok(Payload::SubscribeRequest { kind: None, channel: None }) => {
                vec![encode::remark("mtgox.subscribe needs a type or a channel", false, None)]
            }
            Ok(Payload::Unknown { op: Some(op) }) => vec![encode::remark(&format!("unknown op {op:?}"), false, None)],
            Ok(_) => vec![encode::remark("unsupported frame: expected an op this server takes", false, None)],
            Err(e) => vec![encode::remark(&format!("malformed frame: {e}"), false, None)],
        }
    }
}

/// Runs one client session until it ends; never panics on client input.
pub async fn run<S, R, E>(
    cfg: SessionConfig,
    sink: S,
    mut stream: R,
    mut feed: broadcast::Receiver<Published>,
    mut shutdown: watch::Receiver<bool>,
) -> End
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
{
    let mut st = State { faults: FaultState::new(cfg.seed), subs: HashSet::new(), batch: Vec::new(), sink, cfg };
    for c in default_channels(&st.cfg.selected) {
        let text = st.subscribe(c);
        if !st.feed(text.into()).await {
            return End::ClientGone;
        }
    }
    if !st.flush().await {
        return End::ClientGone;
    }
    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval_at(Instant::now() + st.cfg.ping_interval, st.cfg.ping_interval);
    let disconnect_at = st.cfg.faults.next_disconnect(st.cfg.epoch.elapsed()).map(|d| st.cfg.epoch + d);
    let disconnect = async {
        match disconnect_at {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(disconnect);
    loop {
        tokio::select! {
            _ = shutdown.changed() => {
                st.close(CLOSE_GOING_AWAY, "server shutting down").await;
                return End::Shutdown;
            }
            _ = &mut disconnect => {
                st.close(CLOSE_TRY_AGAIN, "fault injection: disconnect").await;
                return End::FaultDisconnect;
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > st.cfg.ping_timeout {
                    st.close(CLOSE_POLICY, "ping timeout").await;
                    return End::PingTimeout;
                }
                let ok = matches!(timeout(st.cfg.send_timeout, st.sink.send(Message::Ping(Default::default()))).await, Ok(Ok(())));
                if !ok {
                    return End::TooSlow("ping could not be sent".into());
                }
            }
            incoming = stream.next() => {
                last_heard = Instant::now();
                match incoming {
                    None | Some(Err(_)) => return End::ClientGone,
                    Some(Ok(Message::Close(_))) => return End::ClientClosed,
                    Some(Ok(Message::Text(t))) => {
                        for reply in st.handle(t.as_str()) {
                            if !st.send_text(reply).await {
                                return End::TooSlow("reply could not be sent".into());
                            }
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        if !st.send_text(encode::remark("binary frames are not supported", false, None)).await {
                            return End::TooSlow("reply could not be sent".into());
                        }
                    }
                    Some(Ok(_)) => {
                        // Ping (answered by the websocket layer) or pong: the peer is alive.
                        if !st.flush().await {
                            return End::TooSlow("pong could not be sent".into());
                        }
                    }
                }
            }
            published = feed.recv() => {
                let first = match published {
                    Ok(p) => p,
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        return st.close_slow(format!("too slow: {n} messages behind")).await;
                    }
                    Err(broadcast::error::RecvError::Closed) => {
                        st.close(CLOSE_GOING_AWAY, "feed ended").await;
                        return End::FeedEnded;
                    }
                };
                let mut ok = st.publish(first).await;
                // Whatever else is already queued goes out in the same flush.
                for _ in 0..256 {
                    if !ok {
                        break;
                    }
                    match feed.try_recv() {
                        Ok(p) => ok = st.publish(p).await,
                        Err(broadcast::error::TryRecvError::Lagged(n)) => {
                            return st.close_slow(format!("too slow: {n} messages behind")).await;
                        }
                        Err(_) => break,
                    }
                }
                if !ok || !st.flush().await {
                    return st.close_slow(format!("too slow: a send took over {:?}", st.cfg.send_timeout)).await;
                }
            }
        }
    }
}
