//! `goxbook record`: connects to a venue's websocket (ws:// or wss://, TLS by rustls) and
//! writes a capture, one line per frame or REST body in arrival order, each with its `"_t"`
//! (ms since start). MtGox: each currency's full depth from its HTTP API first (`"_currency"`,
//! `"_t":0`), then every frame. Bitstamp: subscribes to `diff_order_book_{pair}` first, waits
//! for its acknowledgement, then `live_trades_{pair}`, then fetches the REST `order_book` (and
//! `ticker`) over http(s) and writes each body where it arrived among the frames, as a live
//! client must (the core drops diffs no newer than the snapshot); `trading-pairs-info` first
//! for a pair whose scales are not built in. Kraken v2: `book` (with snapshot, at the depth
//! asked), `trade`, `ticker` (and `instrument` for a pair whose scales are not built in).
//! Coinbase: `level2_batch`, `matches`, `ticker` (and `status` for such a pair). The websocket is always
//! opened first so that nothing between snapshot and stream is lost.

use futures_util::{SinkExt, StreamExt};
use goxbook_core::venue::{builtin_scales, Pair, Venue};
use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use crate::encode::annotate;

#[derive(Clone, Debug)]
pub struct RecordOptions {
    /// ws://host:port/mtgox?Currency=USD,EUR
    pub url: String,
    /// Stop after this long (None: until the server closes).
    pub duration: Option<Duration>,
    /// HTTP API base (default: the websocket's host over http://).
    pub http_base: Option<String>,
}

/// What a recording subscribes to: the venue speaking at the URL, its pair (not MtGox: its
/// URL's `?Currency=` selects), Kraken's book depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub venue: Venue,
    pub pair: Pair,
    /// Kraken's `book` depth: 10, 25, 100, 500 or 1000.
    pub depth: usize,
}

impl Target {
    pub const MTGOX: Target = Target { venue: Venue::MtGox, pair: Pair::BTC_USD, depth: 10 };

    /// The subscribe requests sent first (Bitstamp: the diffs; its others follow the ack).
    pub fn subscribe_first(&self) -> Vec<String> {
        let (b, k, c) = (
            self.pair.venue_name(Venue::Bitstamp),
            self.pair.venue_name(Venue::Kraken),
            self.pair.venue_name(Venue::Coinbase),
        );
        match self.venue {
            Venue::MtGox => Vec::new(),
            Venue::Bitstamp => {
                vec![format!(r#"{{"event":"bts:subscribe","data":{{"channel":"diff_order_book_{b}"}}}}"#)]
            }
            Venue::Kraken => {
                let mut v = Vec::new();
                if builtin_scales(Venue::Kraken, self.pair).is_none() {
                    v.push(
                        r#"{"method":"subscribe","params":{"channel":"instrument","snapshot":true},"req_id":0}"#.into(),
                    );
                }
                v.push(format!(
                    r#"{{"method":"subscribe","params":{{"channel":"book","symbol":["{k}"],"depth":{},"snapshot":true}},"req_id":1}}"#,
                    self.depth
                ));
                v.push(format!(r#"{{"method":"subscribe","params":{{"channel":"trade","symbol":["{k}"],"snapshot":true}},"req_id":2}}"#));
                v.push(format!(
                    r#"{{"method":"subscribe","params":{{"channel":"ticker","symbol":["{k}"]}},"req_id":3}}"#
                ));
                v
            }
            // The status channel publishes the products' increments: asked only when the
            // pair's scales are not built in (it is large, and repeats).
            Venue::Coinbase => {
                let status = if builtin_scales(Venue::Coinbase, self.pair).is_none() { r#","status""# } else { "" };
                vec![format!(
                    r#"{{"type":"subscribe","product_ids":["{c}"],"channels":["level2_batch","matches","ticker"{status}]}}"#
                )]
            }
        }
    }

    /// Bitstamp: what follows the diffs' acknowledgement.
    fn subscribe_then(&self) -> Vec<String> {
        match self.venue {
            Venue::Bitstamp => vec![format!(
                r#"{{"event":"bts:subscribe","data":{{"channel":"live_trades_{}"}}}}"#,
                self.pair.venue_name(Venue::Bitstamp)
            )],
            _ => Vec::new(),
        }
    }
}

/// The REST base of a venue's websocket URL: `ws://h:p/…` → `http://h:p`, `wss://h/…` →
/// `https://h`; Bitstamp's real websocket (`ws.bitstamp.net`) → `https://www.bitstamp.net`.
pub fn rest_base(url: &str) -> Result<String, String> {
    let (scheme, rest) = match (url.strip_prefix("ws://"), url.strip_prefix("wss://")) {
        (Some(r), _) => ("http", r),
        (_, Some(r)) => ("https", r),
        _ => return Err(format!("{url}: not a ws:// or wss:// URL")),
    };
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    if host.eq_ignore_ascii_case("ws.bitstamp.net") {
        return Ok("https://www.bitstamp.net".into());
    }
    Ok(format!("{scheme}://{host}"))
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Snapshot lines: MtGox full depths, Bitstamp REST bodies (order book, ticker).
    pub snapshots: usize,
    pub frames: usize,
    /// Bytes of capture written (every line with its newline).
    pub bytes: u64,
    /// True when `stop` ended the recording (Ctrl-C, SIGTERM), not the duration or the server.
    pub stopped: bool,
}

/// How a recording is going, for a progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub frames: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// How long ago the last frame arrived (None: none yet).
    pub last_message: Option<Duration>,
}

impl Status {
    /// One short line: `1234 frames, 2.5 MB, 0:42 elapsed, last message 0.3 s ago`.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs();
        let last = match self.last_message {
            Some(age) => format!("last message {:.1} s ago", age.as_secs_f64()),
            None => "no message yet".to_string(),
        };
        format!("{} frames, {}, {}:{:02} elapsed, {last}", self.frames, size(self.bytes), secs / 60, secs % 60)
    }
}

/// Bytes in the unit a person reads at a glance (decimal units, one decimal place).
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.1} GB", b as f64 / 1e9),
    }
}

/// The currencies a websocket URL selects (`?Currency=`), USD by default.
pub fn url_currencies(url: &str) -> Vec<String> {
    let query = url.split_once('?').map(|x| x.1).unwrap_or("");
    let list = query
        .split('&')
        .find_map(|kv| kv.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("currency")).map(|x| x.1));
    let v: Vec<String> = list
        .unwrap_or("USD")
        .replace("%2C", ",")
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    if v.is_empty() {
        vec!["USD".into()]
    } else {
        v
    }
}

/// The HTTP base of a websocket URL: ws://h:p/... → http://h:p.
pub fn http_base(url: &str) -> Result<String, String> {
    let rest = url.strip_prefix("ws://").ok_or_else(|| format!("{url}: only ws:// URLs are supported"))?;
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    Ok(format!("http://{host}"))
}

/// Records until the duration elapses or the server closes.
pub async fn record(opts: &RecordOptions, out: &mut (dyn Write + Send)) -> Result<Recorded, String> {
    record_until(opts, out, std::future::pending(), None).await
}

/// Called about twice a second while frames are recorded (the progress line).
pub type OnStatus<'a> = &'a mut (dyn FnMut(&Status) + Send);

/// Records until the duration elapses, the server closes, or `stop` completes; a stop is a
/// normal end: what was received is written and flushed, and `Recorded::stopped` says so.
pub async fn record_until(
    opts: &RecordOptions,
    out: &mut (dyn Write + Send),
    stop: impl Future<Output = ()>,
    on_status: Option<OnStatus<'_>>,
) -> Result<Recorded, String> {
    record_target_until(opts, &Target::MTGOX, None, out, stop, on_status).await
}

/// [`record_until`] for any venue's feed. `tls`: the configuration of wss:// and https://
/// (None: [`crate::tls::client_config`], the Mozilla roots; tests pass their own root).
pub async fn record_target_until(
    opts: &RecordOptions,
    target: &Target,
    tls: Option<Arc<rustls::ClientConfig>>,
    out: &mut (dyn Write + Send),
    stop: impl Future<Output = ()>,
    mut on_status: Option<OnStatus<'_>>,
) -> Result<Recorded, String> {
    let mut stop = std::pin::pin!(stop);
    let start = Instant::now();
    let mut rec = Recorded::default();
    let io = |e: std::io::Error| e.to_string();
    // Connecting and fetching the snapshots can take a while on a slow server: a stop ends
    // them too, keeping whatever snapshot lines were already written.
    let connected = tokio::select! {
        r = connect_and_snapshot(opts, target, tls, out, &mut rec, start) => r?,
        _ = &mut stop => {
            rec.stopped = true;
            out.flush().map_err(io)?;
            return Ok(rec);
        }
    };
    let Connected { reader, mut rx, sink } = connected;
    let deadline = async {
        match opts.duration {
            Some(d) => tokio::time::sleep_until(start + d).await,
            None => std::future::pending().await,
        }
    };
    let mut deadline = std::pin::pin!(deadline);
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    let mut last_message: Option<Instant> = None;
    loop {
        tokio::select! {
            // A stop wins over frames that are still queued: it is the user's word.
            biased;
            _ = &mut stop => {
                rec.stopped = true;
                break;
            }
            _ = &mut deadline => break,
            next = rx.recv() => {
                let Some((ms, text, rest)) = next else { break };
                let line = annotate(&text, &[("_t", ms.to_string())]).unwrap_or(text);
                rec.snapshots += usize::from(rest);
                writeln!(out, "{line}").map_err(io)?;
                rec.frames += usize::from(!rest);
                rec.bytes += line.len() as u64 + 1;
                last_message = Some(Instant::now());
            }
            _ = tick.tick(), if on_status.is_some() => {
                let now = Instant::now();
                let status = Status {
                    frames: rec.frames,
                    bytes: rec.bytes,
                    elapsed: now - start,
                    last_message: last_message.map(|t| now - t),
                };
                if let Some(f) = on_status.as_mut() {
                    f(&status);
                }
            }
        }
    }
    drop((reader, sink));
    out.flush().map_err(io)?;
    Ok(rec)
}

/// A queued line: its time (ms since start), its text, whether it is a REST body.
type Line = (u128, String, bool);
type WsSink = futures_util::stream::SplitSink<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    Message,
>;

struct Connected {
    /// The websocket's reader task (and Bitstamp's REST fetches), stopped when this is dropped.
    reader: AbortOnDrop,
    rx: tokio::sync::mpsc::UnboundedReceiver<Line>,
    /// The websocket's write half (subscribe requests): kept so the connection lives as long
    /// as the recording (a 55 s MtGox recording stays past the server's 45 s ping timeout).
    sink: WsSink,
}

/// Opens the websocket (its frames queue up with their times), then writes one full-depth
/// snapshot line per currency (MtGox), or subscribes and fetches what the venue needs.
async fn connect_and_snapshot(
    opts: &RecordOptions,
    target: &Target,
    tls: Option<Arc<rustls::ClientConfig>>,
    out: &mut (dyn Write + Send),
    rec: &mut Recorded,
    start: Instant,
) -> Result<Connected, String> {
    let tls = match tls {
        Some(c) => c,
        None => crate::tls::client_config()?,
    };
    let connector = tokio_tungstenite::Connector::Rustls(tls.clone());
    let (ws, _) = tokio_tungstenite::connect_async_tls_with_config(opts.url.as_str(), None, false, Some(connector))
        .await
        .map_err(|e| format!("cannot connect to {}: {e}", opts.url))?;
    let (mut sink, mut stream) = ws.split();
    // Frames arriving while the snapshots are fetched wait here, with their times.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Line>();
    let send = move |text: String| (start.elapsed().as_millis(), text, false);
    let send_err = |e: tokio_tungstenite::tungstenite::Error| format!("{}: cannot subscribe: {e}", opts.url);
    for req in target.subscribe_first() {
        sink.send(Message::text(req)).await.map_err(send_err)?;
    }
    if target.venue == Venue::Bitstamp {
        // The diffs must flow before the snapshot is asked for: wait for their ack (every
        // frame read meanwhile is kept), at most 10 s.
        let channel = format!("diff_order_book_{}", target.pair.venue_name(Venue::Bitstamp));
        let acked = async {
            while let Some(msg) = stream.next().await {
                let Message::Text(t) = msg.map_err(|e| format!("{}: {e}", opts.url))? else { continue };
                let text = t.as_str().to_string();
                let ack = text.contains("bts:subscription_succeeded") && text.contains(&channel);
                let _ = tx.send(send(text));
                if ack {
                    return Ok(());
                }
            }
            Err(format!("{}: closed before acknowledging {channel}", opts.url))
        };
        tokio::time::timeout(Duration::from_secs(10), acked)
            .await
            .map_err(|_| format!("{}: no acknowledgement of {channel} in 10 s", opts.url))??;
        for req in target.subscribe_then() {
            sink.send(Message::text(req)).await.map_err(send_err)?;
        }
    }
    let frames = tx.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(msg)) = stream.next().await {
            if let Message::Text(t) = msg {
                if frames.send(send(t.as_str().to_string())).is_err() {
                    break;
                }
            }
        }
    });
    // The reader stops with the snapshot fetch if that fails or is interrupted.
    let reader = AbortOnDrop(reader);
    match target.venue {
        Venue::MtGox => mtgox_snapshots(opts, out, rec).await?,
        Venue::Bitstamp => {
            let base = match &opts.http_base {
                Some(b) => b.trim_end_matches('/').to_string(),
                None => rest_base(&opts.url)?,
            };
            let name = target.pair.venue_name(Venue::Bitstamp);
            // The pairs' decimals first when they are not built in, then the order book (the
            // sync needs it); the ticker is Bitstamp's only one.
            let mut paths = Vec::new();
            if builtin_scales(Venue::Bitstamp, target.pair).is_none() {
                paths.push("/api/v2/trading-pairs-info/".to_string());
            }
            paths.push(format!("/api/v2/order_book/{name}/"));
            paths.push(format!("/api/v2/ticker/{name}/"));
            for path in paths {
                let url = format!("{base}{path}");
                let (status, body) = crate::httpget::get_with(&url, Some(tls.clone())).await?;
                if status != 200 {
                    return Err(format!("{url}: HTTP {status}: {}", body.chars().take(200).collect::<String>()));
                }
                // One line per body, at its arrival among the frames.
                let body = body.trim().replace(['\n', '\r'], "");
                let _ = tx.send((start.elapsed().as_millis(), body, true));
            }
        }
        Venue::Kraken | Venue::Coinbase => {}
    }
    Ok(Connected { reader, rx, sink })
}

/// MtGox: one full-depth line per currency of the URL, written first.
async fn mtgox_snapshots(opts: &RecordOptions, out: &mut (dyn Write + Send), rec: &mut Recorded) -> Result<(), String> {
    let base = match &opts.http_base {
        Some(b) => b.trim_end_matches('/').to_string(),
        None => http_base(&opts.url)?,
    };
    for code in url_currencies(&opts.url) {
        let url = format!("{base}/api/1/BTC{code}/fulldepth");
        let (status, body) = crate::httpget::get(&url).await?;
        if status != 200 {
            return Err(format!("{url}: HTTP {status}: {}", body.chars().take(200).collect::<String>()));
        }
        let line = annotate(&body, &[("_currency", format!("\"{code}\"")), ("_t", "0".into())])
            .ok_or_else(|| format!("{url}: not a JSON object"))?;
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
        rec.snapshots += 1;
        rec.bytes += line.len() as u64 + 1;
    }
    Ok(())
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_of_each_venue() {
        let eth = Pair::parse("ETH/USD").unwrap();
        let t = |venue, pair| Target { venue, pair, depth: 25 };
        assert_eq!(
            t(Venue::Bitstamp, Pair::BTC_EUR).subscribe_first(),
            [r#"{"event":"bts:subscribe","data":{"channel":"diff_order_book_btceur"}}"#]
        );
        assert_eq!(
            t(Venue::Bitstamp, Pair::BTC_EUR).subscribe_then(),
            [r#"{"event":"bts:subscribe","data":{"channel":"live_trades_btceur"}}"#]
        );
        let kraken = t(Venue::Kraken, Pair::BTC_USD).subscribe_first();
        assert_eq!(kraken.len(), 3);
        assert!(kraken[0].contains(r#""channel":"book","symbol":["BTC/USD"],"depth":25,"snapshot":true"#));
        assert!(t(Venue::Kraken, eth).subscribe_first()[0].contains(r#""channel":"instrument""#));
        assert_eq!(
            t(Venue::Coinbase, Pair::BTC_USD).subscribe_first(),
            [r#"{"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2_batch","matches","ticker"]}"#]
        );
        assert!(t(Venue::Coinbase, eth).subscribe_first()[0].contains(r#""ticker","status"]"#));
        assert!(Target::MTGOX.subscribe_first().is_empty());
        // Every request is JSON.
        for v in [Venue::Bitstamp, Venue::Kraken, Venue::Coinbase] {
            for r in t(v, eth).subscribe_first() {
                assert!(serde_json::from_str::<serde_json::Value>(&r).is_ok(), "{r}");
            }
        }
    }

    #[test]
    fn rest_bases() {
        assert_eq!(rest_base("ws://127.0.0.1:9/bitstamp").unwrap(), "http://127.0.0.1:9");
        assert_eq!(rest_base("wss://ws.bitstamp.net").unwrap(), "https://www.bitstamp.net");
        assert_eq!(rest_base("wss://feed.example:8443/x?y").unwrap(), "https://feed.example:8443");
        assert!(rest_base("http://h/").is_err());
    }

    #[test]
    fn status_line_and_sizes() {
        let s = Status {
            frames: 1234,
            bytes: 2_500_000,
            elapsed: Duration::from_secs(62),
            last_message: Some(Duration::from_millis(300)),
        };
        assert_eq!(s.line(), "1234 frames, 2.5 MB, 1:02 elapsed, last message 0.3 s ago");
        let none = Status { frames: 0, bytes: 999, elapsed: Duration::ZERO, last_message: None };
        assert_eq!(none.line(), "0 frames, 999 B, 0:00 elapsed, no message yet");
        assert_eq!(size(1_000), "1.0 kB");
        assert_eq!(size(3_200_000_000), "3.2 GB");
    }

    #[test]
    fn currencies_and_http_base_of_a_url() {
        assert_eq!(url_currencies("ws://h:1/mtgox?Currency=usd%2Ceur"), ["USD", "EUR"]);
        assert_eq!(url_currencies("ws://h:1/mtgox"), ["USD"]);
        assert_eq!(http_base("ws://h:1/mtgox?Currency=USD").unwrap(), "http://h:1");
        assert!(http_base("wss://h/mtgox").unwrap_err().contains("only ws://"));
    }
}
