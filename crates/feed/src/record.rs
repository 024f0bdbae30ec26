//! `goxbook record`: connects to any MtGox-protocol websocket, fetches each currency's full
//! depth from its HTTP API, and writes a capture: one snapshot line per currency
//! (`"_currency"`, `"_t":0`), then every websocket frame with its `"_t"` (ms since start).
//! The websocket is opened first so that nothing between snapshot and stream is lost.

use futures_util::StreamExt;
use std::io::Write;
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

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub snapshots: usize,
    pub frames: usize,
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
    let base = match &opts.http_base {
        Some(b) => b.trim_end_matches('/').to_string(),
        None => http_base(&opts.url)?,
    };
    let (ws, _) = tokio_tungstenite::connect_async(opts.url.as_str())
        .await
        .map_err(|e| format!("cannot connect to {}: {e}", opts.url))?;
    let start = Instant::now();
    let (_sink, mut stream) = ws.split();
    // Frames arriving while the snapshots are fetched wait here, with their times.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u128, String)>();
    let reader = tokio::spawn(async move {
        while let Some(Ok(msg)) = stream.next().await {
            if let Message::Text(t) = msg {
                if tx.send((start.elapsed().as_millis(), t.as_str().to_string())).is_err() {
                    break;
                }
            }
        }
    });
    let mut rec = Recorded::default();
    let io = |e: std::io::Error| e.to_string();
    for code in url_currencies(&opts.url) {
        let url = format!("{base}/api/1/BTC{code}/fulldepth");
        let (status, body) = crate::httpget::get(&url).await?;
        if status != 200 {
            return Err(format!("{url}: HTTP {status}: {}", body.chars().take(200).collect::<String>()));
        }
        let line = annotate(&body, &[("_currency", format!("\"{code}\"")), ("_t", "0".into())])
            .ok_or_else(|| format!("{url}: not a JSON object"))?;
        writeln!(out, "{line}").map_err(io)?;
        rec.snapshots += 1;
    }
    let deadline = opts.duration.map(|d| start + d);
    loop {
        let next = async {
            match deadline {
                Some(d) => tokio::time::timeout_at(d, rx.recv()).await.ok().flatten(),
                None => rx.recv().await,
            }
        };
        let Some((ms, text)) = next.await else { break };
        let line = annotate(&text, &[("_t", ms.to_string())]).unwrap_or(text);
        writeln!(out, "{line}").map_err(io)?;
        rec.frames += 1;
    }
    reader.abort();
    out.flush().map_err(io)?;
    Ok(rec)
}
