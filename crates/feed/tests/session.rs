//! The session logic without sockets: the handler is generic over Sink/Stream, so these
//! tests drive it through channels (as axum's testing-websockets example does).

use axum::extract::ws::Message;
use goxbook_core::wire::{decode, Payload};
use goxbook_feed::channels::{parse_currencies, Channel};
use goxbook_feed::faults::Faults;
use goxbook_feed::session::{run, End, Published, SessionConfig};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};

struct Harness {
    to_server: mpsc::UnboundedSender<Result<Message, std::convert::Infallible>>,
    from_server: mpsc::UnboundedReceiver<Message>,
    feed: broadcast::Sender<Published>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<End>,
}

fn config(faults: Faults) -> SessionConfig {
    SessionConfig {
        specs: parse_currencies("USD,EUR").unwrap().into(),
        selected: vec![0],
        faults,
        seed: 1,
        epoch: tokio::time::Instant::now(),
        ping_interval: Duration::from_secs(30),
        ping_timeout: Duration::from_secs(60),
        send_timeout: Duration::from_secs(1),
    }
}

fn harness(cfg: SessionConfig, queue: usize) -> Harness {
    let (to_server, server_in) = mpsc::unbounded_channel();
    let (server_out, from_server) = mpsc::unbounded_channel::<Message>();
    let sink = futures_util::sink::unfold(server_out, |tx, msg: Message| async move {
        tx.send(msg).map_err(|_| "gone")?;
        Ok::<_, &'static str>(tx)
    });
    let stream = futures_util::stream::unfold(server_in, |mut rx| async move { rx.recv().await.map(|m| (m, rx)) });
    let (feed, rx) = broadcast::channel(queue);
    let (stop, shutdown) = watch::channel(false);
    let task = tokio::spawn(run(cfg, Box::pin(sink), Box::pin(stream), rx, shutdown));
    Harness { to_server, from_server, feed, stop, task }
}

impl Harness {
    async fn next(&mut self) -> Message {
        tokio::time::timeout(Duration::from_secs(2), self.from_server.recv())
            .await
            .expect("a message in time")
            .expect("open")
    }

    async fn text(&mut self) -> String {
        match self.next().await {
            Message::Text(t) => t.as_str().to_string(),
            other => panic!("expected text, got {other:?}"),
        }
    }

    fn say(&self, text: &str) {
        self.to_server.send(Ok(Message::Text(text.to_string().into()))).unwrap();
    }

    fn publish(&self, channel: Channel, text: &str) {
        self.feed.send(Published { channel, text: text.to_string().into() }).unwrap();
    }
}

#[tokio::test]
async fn subscribes_forwards_and_answers() {
    let mut h = harness(config(Faults::default()), 64);
    let mut subs = Vec::new();
    for _ in 0..4 {
        match decode(&h.text().await).unwrap() {
            Payload::Subscribe { channel } => subs.push(channel.to_string()),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(subs[0], "d5f06780-30a8-4a48-a2f8-7ed181b4a13f");
    assert_eq!(subs[1], "24e67e0d-1cad-4cc0-9e7a-f8523ef460fe");
    // Subscribed channels pass; others (EUR depth) do not.
    h.publish(Channel::Depth(1), "eur");
    h.publish(Channel::Depth(0), "usd");
    assert_eq!(h.text().await, "usd");
    // Unsubscribe by name, answered with op:unsubscribe of the uuid.
    h.say(r#"{"op":"unsubscribe","channel":"depth.BTCUSD"}"#);
    assert_eq!(h.text().await, r#"{"op":"unsubscribe","channel":"24e67e0d-1cad-4cc0-9e7a-f8523ef460fe"}"#);
    h.publish(Channel::Depth(0), "usd-after");
    h.publish(Channel::Trade, "trade");
    assert_eq!(h.text().await, "trade");
    // mtgox.subscribe by channel name reaches a currency the client did not select.
    h.say(r#"{"op":"mtgox.subscribe","channel":"depth.BTCEUR"}"#);
    assert_eq!(h.text().await, r#"{"op":"subscribe","channel":"057bdc6b-9f9c-44e4-bc1a-363e4443ce87"}"#);
    h.publish(Channel::Depth(1), "eur2");
    assert_eq!(h.text().await, "eur2");
    // Bad frames: remarks, never a crash.
    h.say("{oops");
    assert!(matches!(decode(&h.text().await).unwrap(), Payload::Remark { success: Some(false), .. }));
    h.say(r#"{"op":"call","call":"x"}"#);
    let r = h.text().await;
    assert!(r.contains("unknown op") && r.contains("call"), "{r}");
    // Shutdown: a close frame saying so.
    h.stop.send(true).unwrap();
    match h.next().await {
        Message::Close(Some(f)) => {
            assert_eq!(f.code, 1001);
            assert!(f.reason.as_str().contains("shutting down"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.task.await.unwrap(), End::Shutdown);
}

#[tokio::test]
async fn a_client_that_falls_behind_is_closed_with_a_reason() {
    let mut h = harness(config(Faults::default()), 16);
    for _ in 0..4 {
        h.text().await;
    }
    // More than the queue holds arrives before the session gets to run.
    for i in 0..100 {
        h.publish(Channel::Trade, &i.to_string());
    }
    let mut texts = 0;
    loop {
        match h.next().await {
            Message::Text(_) => texts += 1,
            Message::Close(Some(f)) => {
                assert_eq!(f.code, 1008);
                assert!(f.reason.as_str().starts_with("too slow"), "{}", f.reason.as_str());
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(texts < 100);
    assert!(matches!(h.task.await.unwrap(), End::TooSlow(_)));
}

#[tokio::test]
async fn faults_apply_per_session() {
    let mut h = harness(config(Faults { dup: 1.0, ..Default::default() }), 64);
    for _ in 0..4 {
        h.text().await;
    }
    h.publish(Channel::Trade, "t");
    assert_eq!(h.text().await, "t");
    assert_eq!(h.text().await, "t");
    // The client going away ends the session.
    drop(h.to_server);
    assert_eq!(h.task.await.unwrap(), End::ClientGone);
}
