//! Every HTTP endpoint of PROTOCOL.md's table decodes with the core's decoder as the kind
//! it should be; errors come in the error envelope and name what was wrong; CORS is there.

mod common;

use common::*;
use goxbook_core::wire::{decode, HttpBody, Payload};
use goxbook_core::Market;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_decodes_with_the_core() {
    let h = server(opts(50.0)).await;
    tokio::time::sleep(ms(300)).await;
    let cases: &[(&str, u8, &str)] = &[
        ("/api/0/data/ticker.php", 0, "ticker"),
        ("/api/0/data/getDepth.php?Currency=EUR", 0, "depth"),
        ("/api/0/data/getTrades.php?since=0", 0, "trades"),
        ("/api/0/data/getTrades.php", 0, "trades"),
        ("/api/1/BTCUSD/ticker", 1, "ticker"),
        ("/api/1/BTCUSD/public/ticker", 1, "ticker"),
        ("/api/1/BTCJPY/depth", 1, "depth"),
        ("/api/1/BTCUSD/depth/fetch", 1, "depth"),
        ("/api/1/BTCUSD/public/depth/fetch", 1, "depth"),
        ("/api/1/BTCUSD/fulldepth", 1, "depth"),
        ("/api/1/BTCEUR/public/fulldepth", 1, "depth"),
        ("/api/1/BTCUSD/depth/full", 1, "depth"),
        ("/api/1/BTCUSD/trades?since=0", 1, "trades"),
        ("/api/1/BTCUSD/trades/fetch", 1, "trades"),
        ("/api/1/BTCUSD/public/trades?since=0", 1, "trades"),
        // An empty list decodes as an (empty) trade list: the kinds cannot be told apart.
        ("/api/1/BTCUSD/cancelledtrades", 1, "trades"),
        ("/api/1/generic/currency?currency=JPY", 1, "currency"),
        ("/api/1/generic/public/currency?currency=USD", 1, "currency"),
        ("/api/1/generic/order/lag", 1, "lag"),
        ("/api/1/generic/public/order/lag", 1, "lag"),
        ("/api/2/BTCUSD/money/ticker", 2, "ticker"),
        ("/api/2/BTCEUR/money/depth/fetch", 2, "depth"),
        ("/api/2/BTCUSD/money/depth/full", 2, "depth"),
        ("/api/2/BTCUSD/money/trades/fetch?since=0", 2, "trades"),
        ("/api/2/BTCJPY/money/currency", 2, "currency"),
        ("/api/2/BTCUSD/money/order/lag", 2, "lag"),
    ];
    for &(path, version, kind) in cases {
        let (status, body) = get(&h, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        match decode(&body).unwrap_or_else(|e| panic!("{path}: {e}")) {
            Payload::Http { version: v, body: b } => {
                assert_eq!(v, Some(version), "{path}");
                assert_eq!(b.kind(), kind, "{path}: {body:.300}");
                if let HttpBody::Currency(c) = &b {
                    assert!(c.depth_channel.is_some() && c.decimals.is_some());
                }
                if let HttpBody::Trades(t) = &b {
                    assert!(t.len() <= 100, "{path}");
                }
            }
            other => panic!("{path}: {other:?}"),
        }
        // And the market applies it.
        let line = if kind == "depth" && version == 0 || path.contains("depth") {
            let code = if path.contains("EUR") {
                "EUR"
            } else if path.contains("JPY") {
                "JPY"
            } else {
                "USD"
            };
            format!("{},\"_currency\":\"{code}\"}}", body.trim_end().strip_suffix('}').unwrap())
        } else {
            body.clone()
        };
        Market::default().ingest(&line).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    // The v0 ticker is floats, the v1 ticker value objects naming the currency.
    let (_, v0) = get(&h, "/api/0/data/ticker.php").await;
    assert!(v0.starts_with("{\"ticker\":{") && !v0.contains("value_int"), "{v0}");
    let (_, jpy) = get(&h, "/api/1/BTCJPY/ticker").await;
    assert!(jpy.contains("\"currency\":\"JPY\""));
    let (_, trades) = get(&h, "/api/1/BTCUSD/trades?since=0").await;
    let Payload::Http { body: HttpBody::Trades(t), .. } = decode(&trades).unwrap() else { panic!() };
    assert_eq!(t.len(), 100);
    let tids: Vec<i64> = t.iter().map(|x| x.tid.as_ref().unwrap().int_value("tid").unwrap()).collect();
    assert!(tids.windows(2).all(|w| w[0] < w[1]));
    let (_, more) = get(&h, &format!("/api/1/BTCUSD/trades?since={}", tids[99])).await;
    let Payload::Http { body: HttpBody::Trades(t2), .. } = decode(&more).unwrap() else { panic!() };
    assert!(t2.iter().all(|x| x.tid.as_ref().unwrap().int_value("tid").unwrap() > tids[99]));
    // The windowed depth carries its filter bounds and stays within them.
    let (_, d) = get(&h, "/api/1/BTCUSD/depth/fetch").await;
    let Payload::Http { body: HttpBody::Depth(s), .. } = decode(&d).unwrap() else { panic!() };
    assert!(s.is_windowed() && !s.asks.is_empty() && !s.bids.is_empty());
    let (_, raw) = get(&h, "/api/1/BTCUSD/depth?raw").await;
    assert!(raw.starts_with("{\"asks\":"), "{raw:.100}");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_the_error_envelope() {
    let h = server(opts(20.0)).await;
    let cases: &[(&str, u16, &str)] = &[
        ("/nope", 404, "/nope"),
        ("/api/1/BTCUSD/nosuch", 404, "nosuch"),
        ("/api/2/BTCUSD/ticker", 404, "ticker"),
        ("/api/1/BTCXYZ/ticker", 400, "XYZ"),
        ("/api/1/BTCUSD/trades?since=abc", 400, "since"),
        ("/api/0/data/getTrades.php?since=-5", 400, "since"),
        ("/api/0/data/getDepth.php?Currency=GBP", 400, "Currency"),
        ("/api/1/generic/currency?currency=ZZZ", 400, "currency"),
    ];
    for &(path, status, names) in cases {
        let (s, body) = get(&h, path).await;
        assert_eq!(s, status, "{path}: {body}");
        match decode(&body).unwrap() {
            Payload::Http { body: HttpBody::Error { error, token }, .. } => {
                assert!(error.as_deref().unwrap().contains(names), "{path}: {error:?}");
                assert!(token.is_some());
            }
            other => panic!("{path}: {other:?}"),
        }
    }
    // CORS on answers and preflights.
    let mut s = tokio::net::TcpStream::connect(h.addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    s.write_all(b"OPTIONS /api/1/BTCUSD/ticker HTTP/1.1\r\nHost: x\r\nOrigin: http://a\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).await.unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 204") && raw.to_ascii_lowercase().contains("access-control-allow-origin: *"),
        "{raw}"
    );
    // A plain GET of the websocket path is an error envelope too.
    let (s, body) = get(&h, "/mtgox").await;
    assert_eq!(s, 400);
    assert!(body.contains("\"result\":\"error\""));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_share_the_port() {
    let dir = std::env::temp_dir().join(format!("goxbook-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>widget</h1>").unwrap();
    std::fs::write(dir.join("app.js"), "1").unwrap();
    let h = server(goxbook_feed::ServeOptions { static_dir: Some(dir.clone()), ..opts(10.0) }).await;
    assert_eq!(get(&h, "/").await, (200, "<h1>widget</h1>".to_string()));
    assert_eq!(get(&h, "/app.js").await.0, 200);
    assert_eq!(get(&h, "/../etc/passwd").await.0, 404);
    assert_eq!(get(&h, "/missing.css").await.0, 404);
    assert_eq!(get(&h, "/api/1/BTCUSD/ticker").await.0, 200);
    h.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}
