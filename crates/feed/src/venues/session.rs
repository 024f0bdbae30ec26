//! One client connection to a simulated venue, generic over the venue's [`Protocol`] and over
//! any `Sink`/`Stream` of websocket messages (as [`crate::session`] is for MtGox): requests
//! answered, events turned into the venue's frames, a call every second (heartbeats), pings,
//! the venue's faults on data frames, and closing a client that cannot keep up.

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::time::{timeout, Instant};

use super::feed::{VenueEvent, VenueShared};
use crate::faults::{FaultState, Faults};
use crate::session::{End, CLOSE_GOING_AWAY, CLOSE_POLICY, CLOSE_TRY_AGAIN, SLOW_CLOSE_GRACE};

/// A frame for the client: a reply to its request (never faulted), or data (subject to the
/// venue's faults: drop, dup, reorder, garbage, stall).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Out {
    Reply(String),
    Data(String),
}

/// A venue's side of a connection.
pub trait Protocol: Send {
    /// Frames sent as the connection opens (Kraken's `status`).
    fn open(&mut self, _venue: &VenueShared, _out: &mut Vec<Out>) {}
    /// Answers one text frame from the client.
    fn request(&mut self, text: &str, venue: &VenueShared, out: &mut Vec<Out>);
    /// Turns one published event into this client's frames.
    fn event(&mut self, ev: &VenueEvent, out: &mut Vec<Out>);
    /// Called about once a second; `idle`: no data frame went out since the last call.
    fn second(&mut self, _venue: &VenueShared, _idle: bool, _now_us: i64, _out: &mut Vec<Out>) {}
    /// A frame sent just before a fault disconnect (Bitstamp's `bts:request_reconnect`).
    fn farewell(&self) -> Option<String> {
        None
    }
}

/// The settings of one venue session.
#[derive(Clone, Debug)]
pub struct VenueSessionConfig {
    pub faults: Faults,
    pub seed: u64,
    /// When the server started (faults are aligned to it).
    pub epoch: Instant,
    pub ping_interval: Duration,
    pub ping_timeout: Duration,
    pub send_timeout: Duration,
}

struct State<S> {
    sink: S,
    cfg: VenueSessionConfig,
    faults: FaultState<String>,
    sent_data: bool,
}

impl<S: Sink<Message> + Unpin> State<S> {
    async fn feed(&mut self, text: String) -> bool {
        matches!(timeout(self.cfg.send_timeout, self.sink.feed(Message::Text(Utf8Bytes::from(text)))).await, Ok(Ok(())))
    }

    async fn flush(&mut self) -> bool {
        matches!(timeout(self.cfg.send_timeout, self.sink.flush()).await, Ok(Ok(())))
    }

    async fn close(&mut self, code: u16, reason: &str, grace: Duration) {
        let frame = CloseFrame { code, reason: Utf8Bytes::from(reason.to_string()) };
        let _ = timeout(grace, self.sink.send(Message::Close(Some(frame)))).await;
    }

    /// Queues frames (data through the faults); false if the client cannot take them.
    async fn emit(&mut self, out: &mut Vec<Out>) -> bool {
        let stalled = self.cfg.faults.stalled(self.cfg.epoch.elapsed());
        let mut batch = Vec::new();
        for o in out.drain(..) {
            match o {
                Out::Reply(t) => batch.push(t),
                Out::Data(_) if stalled => {}
                Out::Data(t) => {
                    self.sent_data = true;
                    self.faults.apply(&self.cfg.faults, t, str::to_string, &mut batch);
                }
            }
        }
        for t in batch {
            if !self.feed(t).await {
                return false;
            }
        }
        true
    }
}

/// Runs one client session until it ends; never panics on client input.
pub async fn run<P, S, R, E>(
    mut proto: P,
    venue: Arc<VenueShared>,
    cfg: VenueSessionConfig,
    sink: S,
    mut stream: R,
    mut feed: broadcast::Receiver<Arc<VenueEvent>>,
    mut shutdown: watch::Receiver<bool>,
) -> End
where
    P: Protocol,
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
{
    let mut st = State { faults: FaultState::new(cfg.seed), sink, cfg, sent_data: false };
    let mut out = Vec::new();
    proto.open(&venue, &mut out);
    if !st.emit(&mut out).await || !st.flush().await {
        return End::ClientGone;
    }
    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval_at(Instant::now() + st.cfg.ping_interval, st.cfg.ping_interval);
    let mut second = tokio::time::interval_at(Instant::now() + Duration::from_secs(1), Duration::from_secs(1));
    second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
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
                st.close(CLOSE_GOING_AWAY, "server shutting down", st.cfg.send_timeout).await;
                return End::Shutdown;
            }
            _ = &mut disconnect => {
                if let Some(f) = proto.farewell() {
                    let _ = st.feed(f).await;
                }
                st.close(CLOSE_TRY_AGAIN, "fault injection: disconnect", st.cfg.send_timeout).await;
                return End::FaultDisconnect;
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > st.cfg.ping_timeout {
                    st.close(CLOSE_POLICY, "ping timeout", st.cfg.send_timeout).await;
                    return End::PingTimeout;
                }
                let ok = matches!(timeout(st.cfg.send_timeout, st.sink.send(Message::Ping(Default::default()))).await, Ok(Ok(())));
                if !ok {
                    return End::TooSlow("ping could not be sent".into());
                }
            }
            _ = second.tick() => {
                let idle = !std::mem::replace(&mut st.sent_data, false);
                proto.second(&venue, idle, super::feed::now_us(), &mut out);
                if !st.emit(&mut out).await || !st.flush().await {
                    return End::TooSlow("heartbeat could not be sent".into());
                }
            }
            incoming = stream.next() => {
                last_heard = Instant::now();
                match incoming {
                    None | Some(Err(_)) => return End::ClientGone,
                    Some(Ok(Message::Close(_))) => return End::ClientClosed,
                    Some(Ok(Message::Text(t))) => proto.request(t.as_str(), &venue, &mut out),
                    Some(Ok(Message::Binary(b))) => match std::str::from_utf8(&b) {
                        Ok(t) => proto.request(t, &venue, &mut out),
                        Err(_) => proto.request("\u{0}binary frame", &venue, &mut out),
                    },
                    Some(Ok(_)) => {}
                }
                if !st.emit(&mut out).await || !st.flush().await {
                    return End::TooSlow("reply could not be sent".into());
                }
            }
            published = feed.recv() => {
                let first = match published {
                    Ok(ev) => ev,
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        st.close(CLOSE_POLICY, &format!("too slow: {n} messages behind"), SLOW_CLOSE_GRACE).await;
                        return End::TooSlow(format!("{n} messages behind"));
                    }
                    Err(broadcast::error::RecvError::Closed) => {
                        st.close(CLOSE_GOING_AWAY, "feed ended", st.cfg.send_timeout).await;
                        return End::FeedEnded;
                    }
                };
                proto.event(&first, &mut out);
                let mut ok = st.emit(&mut out).await;
                // Whatever else is already queued goes out in the same flush.
                for _ in 0..256 {
                    if !ok {
                        break;
                    }
                    match feed.try_recv() {
                        Ok(ev) => {
                            proto.event(&ev, &mut out);
                            ok = st.emit(&mut out).await;
                        }
                        Err(broadcast::error::TryRecvError::Lagged(n)) => {
                            st.close(CLOSE_POLICY, &format!("too slow: {n} messages behind"), SLOW_CLOSE_GRACE).await;
                            return End::TooSlow(format!("{n} messages behind"));
                        }
                        Err(_) => break,
                    }
                }
                if !ok || !st.flush().await {
                    st.close(CLOSE_POLICY, "too slow: a send timed out", SLOW_CLOSE_GRACE).await;
                    return End::TooSlow("a send timed out".into());
                }
            }
        }
    }
}
