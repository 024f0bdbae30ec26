//! Load benchmark of `goxbook serve` (a program, not a timed test): N websocket clients on
//! loopback, each reading the stream; reports delivery latency (receive time − the frame's
//! `stamp`, both µs wall clock), messages per client per second and the process's RSS.
//!
//! cargo run --release -p goxbook-feed --example load -- --clients 1000 --rate 50 --secs 30
//!
//! Options: --clients N, --rate MSG_PER_S (server), --secs S (measured, after 3 s warm-up),
//! --faults SPEC, --url ws://… (an external server instead of one in this process).
//! --server-threads N (2), --client-threads N (1): the server runs on its own runtime and
//! the clients on another, so the two share the machine's 2 cores as separate processes
//! would. Needs ~2·N file descriptors.

use futures_util::StreamExt;
use goxbook_feed::faults::Faults;
use goxbook_feed::{start, ServeOptions};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

fn now_us() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_micros() as i64
}

fn rss_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Latency histogram shared by all clients: 0.1 ms buckets up to 100 ms, then 1 ms buckets
/// up to 2 s (fixed memory, so RSS reflects the server and the sockets, not the measurement).
struct Histogram(Vec<AtomicU64>);

impl Histogram {
    const FINE: usize = 1000;
    const BUCKETS: usize = Self::FINE + 1900;

    fn new() -> Histogram {
        Histogram((0..Self::BUCKETS).map(|_| AtomicU64::new(0)).collect())
    }

    fn add(&self, us: i64) {
        let us = us.max(0) as usize;
        let b = if us < 100_000 { us / 100 } else { (Self::FINE + (us - 100_000) / 1000).min(Self::BUCKETS - 1) };
        self.0[b].fetch_add(1, Ordering::Relaxed);
    }

    fn count(&self) -> u64 {
        self.0.iter().map(|b| b.load(Ordering::Relaxed)).sum()
    }

    /// The upper bound of the bucket holding quantile `q`, in ms.
    fn quantile_ms(&self, q: f64) -> f64 {
        let total = self.count();
        let want = ((total as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, b) in self.0.iter().enumerate() {
            seen += b.load(Ordering::Relaxed);
            if seen >= want {
                return if i < Self::FINE { (i + 1) as f64 * 0.1 } else { 100.0 + (i - Self::FINE + 1) as f64 };
            }
        }
        f64::INFINITY
    }
}

fn stamp_of(text: &str) -> Option<i64> {
    let i = text.rfind("\"stamp\":\"")? + 9;
    let rest = &text[i..];
    rest[..rest.find('"')?].parse().ok()
}

struct Args {
    clients: usize,
    rate: f64,
    secs: u64,
    faults: String,
    url: Option<String>,
    server_threads: usize,
    client_threads: usize,
}

fn args() -> Args {
    let mut a = Args {
        clients: 1000,
        rate: 50.0,
        secs: 30,
        faults: String::new(),
        url: None,
        server_threads: 2,
        client_threads: 1,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        let val = v.get(i + 1).cloned().unwrap_or_default();
        match v[i].as_str() {
            "--clients" => a.clients = val.parse().expect("--clients N"),
            "--rate" => a.rate = val.parse().expect("--rate R"),
            "--secs" => a.secs = val.parse().expect("--secs S"),
            "--faults" => a.faults = val,
            "--url" => a.url = Some(val),
            "--server-threads" => a.server_threads = val.parse().expect("--server-threads N"),
            "--client-threads" => a.client_threads = val.parse().expect("--client-threads N"),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    a.secs = a.secs.min(60);
    a
}

fn main() {
    let a = args();
    // The server, on its own runtime and thread.
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let server_thread = if a.url.is_none() {
        let opts = ServeOptions {
            addr: "127.0.0.1:0".parse().unwrap(),
            rate: a.rate,
            currencies: Some(goxbook_feed::channels::parse_currencies("USD").unwrap()),
            faults: Faults::parse(&a.faults).expect("--faults"),
            max_clients: a.clients + 100,
            // MtGox alone, as the benchmark measured it before the other venues came.
            venues: vec![goxbook_feed::venues::Venue::MtGox],
            ..Default::default()
        };
        let secs = a.secs;
        let server_threads = a.server_threads;
        Some(std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(server_threads)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let h = start(opts).await.expect("server");
                addr_tx.send(h.addr).unwrap();
                tokio::time::sleep(Duration::from_secs(secs + 30 + 3)).await;
                h.shutdown().await;
            });
        }))
    } else {
        None
    };
    let url = match &a.url {
        Some(u) => u.clone(),
        None => format!("ws://{}/mtgox?Currency=USD", addr_rx.recv().unwrap()),
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(a.client_threads).enable_all().build().unwrap();
    rt.block_on(async move {
        let measuring = Arc::new(AtomicU64::new(0));
        let hist = Arc::new(Histogram::new());
        let delivered = Arc::new(AtomicU64::new(0));
        let closed = Arc::new(AtomicUsize::new(0));
        let connect_started = Instant::now();
        let mut tasks = Vec::new();
        let mut streams = Vec::new();
        for chunk in (0..a.clients).collect::<Vec<_>>().chunks(50) {
            let cfg = WebSocketConfig::default().read_buffer_size(4 * 1024);
            let conns = futures_util::future::join_all(
                chunk.iter().map(|_| tokio_tungstenite::connect_async_with_config(url.clone(), Some(cfg), true)),
            )
            .await;
            for c in conns {
                streams.push(c.expect("connect").0);
            }
        }
        let connect_secs = connect_started.elapsed().as_secs_f64();
        for ws in streams {
            let measuring = measuring.clone();
            let closed = closed.clone();
            let hist = hist.clone();
            let delivered = delivered.clone();
            tasks.push(tokio::spawn(async move {
                let (_sink, mut stream) = ws.split();
                while let Some(msg) = stream.next().await {
                    match msg {
                        Ok(Message::Text(t)) => {
                            if measuring.load(Ordering::Relaxed) == 1 {
                                delivered.fetch_add(1, Ordering::Relaxed);
                                if let Some(s) = stamp_of(t.as_str()) {
                                    hist.add(now_us() - s);
                                }
                            } else if measuring.load(Ordering::Relaxed) == 2 {
                                break;
                            }
                        }
                        Ok(Message::Close(_)) | Err(_) => {
                            closed.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                        _ => {}
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        let rss_start = rss_mib();
        let mut rss_max = rss_start;
        measuring.store(1, Ordering::SeqCst);
        let t0 = Instant::now();
        let mut timeline = Vec::new();
        for s in 1..=a.secs {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let r = rss_mib();
            rss_max = rss_max.max(r);
            if s % 10 == 0 {
                timeline.push(format!("{r:.0}"));
            }
        }
        let elapsed = t0.elapsed().as_secs_f64();
        measuring.store(2, Ordering::SeqCst);
        let rss_end = rss_mib();
        let total = delivered.load(Ordering::SeqCst);
        let q = |p: f64| hist.quantile_ms(p);
        drop(tasks);
        println!(
            "clients={} threads={}/{} rate={} secs={:.1} faults={:?} connect={:.2}s delivered={} per_client_msg_s={:.1} total_msg_s={:.0} \
             p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2} closed={} rss_mib_start={:.1} rss_mib_max={:.1} rss_mib_end={:.1} rss_mib_every_10s={}",
            a.clients,
            a.server_threads,
            a.client_threads,
            a.rate,
            elapsed,
            a.faults,
            connect_secs,
            total,
            total as f64 / elapsed / a.clients as f64,
            total as f64 / elapsed,
            q(0.5),
            q(0.9),
            q(0.99),
            q(1.0),
            closed.load(Ordering::SeqCst),
            rss_start,
            rss_max,
            rss_end,
            timeline.join("/"),
        );
        std::process::exit(0);
    });
    drop(server_thread);
}
