//! Helpers shared by the feed's integration tests: servers on 127.0.0.1:0 with small books,
//! websocket clients, HTTP GETs, and book comparison through the core's Market.

#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use goxbook_core::{Currency, Market, Side};
use goxbook_feed::{start, ServeOptions, ServerHandle};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Options for a quick test server: loopback port 0, small books, short history.
pub fn opts(rate: f64) -> ServeOptions {
    ServeOptions { addr: "127.0.0.1:0".parse().unwrap(), rate, sim_levels: 300, sim_history: 400, ..Default::default() }
}

pub async fn server(o: ServeOptions) -> ServerHandle {
    start(o).await.expect("server starts")
}

pub async fn connect(h: &ServerHandle, query: &str) -> Ws {
    let url = format!("ws://{}/mtgox{query}", h.addr);
    let (ws, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connects");
    ws
}

/// The next text frame within `within`, None on timeout, close or end.
pub async fn next_text(ws: &mut Ws, within: Duration) -> Option<String> {
    loop {
        match tokio::time::timeout(within, ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return Some(t.as_str().to_string()),
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) | Err(_) => return None,
            Ok(Some(Ok(_))) => continue,
        }
    }
}

/// Every text frame for `dur`.
pub async fn collect(ws: &mut Ws, dur: Duration) -> Vec<String> {
    let end = tokio::time::Instant::now() + dur;
    let mut v = Vec::new();
    while let Ok(Some(msg)) = tokio::time::timeout_at(end, ws.next()).await {
        match msg {
            Ok(Message::Text(t)) => v.push(t.as_str().to_string()),
            Ok(Message::Close(_)) | Err(_) => break,
            _ => {}
        }
    }
    v
}

pub async fn send(ws: &mut Ws, text: &str) {
    ws.send(Message::Text(text.to_string().into())).await.expect("send");
}

pub async fn get(h: &ServerHandle, path: &str) -> (u16, String) {
    goxbook_feed::httpget::get(&format!("http://{}{path}", h.addr)).await.expect("http get")
}

/// Bids and asks as (price, amount), best first.
pub type Sides = (Vec<(i64, i64)>, Vec<(i64, i64)>);

/// Both sides of a currency's book.
pub fn levels(m: &Market, code: &str) -> Sides {
    let c = Currency::new(code).unwrap();
    let Some(s) = m.get(c) else { return (vec![], vec![]) };
    let side = |sd| s.book.levels(sd).map(|l| (l.price, l.amount)).collect::<Vec<_>>();
    (side(Side::Bid), side(Side::Ask))
}

/// The book of a server's fulldepth, through the core.
pub async fn http_book(h: &ServerHandle, code: &str) -> Market {
    let (status, body) = get(h, &format!("/api/1/BTC{code}/fulldepth")).await;
    assert_eq!(status, 200, "{body}");
    let line = format!("{},\"_currency\":\"{code}\"}}", body.trim_end().strip_suffix('}').unwrap());
    let mut m = Market::default();
    m.ingest(&line).expect("fulldepth decodes and applies");
    m
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}
