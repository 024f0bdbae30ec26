//! The server: axum on tokio, websocket at /mtgox, the HTTP API with CORS, static files,
//! a connection limit, fault injection and graceful shutdown; the feed (simulator or replay)
//! runs as one task publishing to every session through one bounded broadcast queue.

use axum::body::Body;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use futures_util::StreamExt;
use std::net::SocketAddr;
use std::path::{Component, Path};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use crate::api::{self, Reply};
use crate::channels::{parse_currencies, CurrencySpec};
use crate::rng::Rng;
use crate::session::{self, SessionConfig};
use crate::shared::Shared;
pub use crate::shared::{ServeOptions, Source};
use crate::sim::{Sim, SimConfig};
use crate::tracker::Tracker;
use crate::venues::serve::{VenueServer, VenueServerParts};
use crate::venues::Venue;

/// A running server.
pub struct ServerHandle {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    join: tokio::task::JoinHandle<()>,
    venues: Option<Arc<VenueServer>>,
}

impl ServerHandle {
    /// Open websocket sessions.
    pub fn clients(&self) -> usize {
        self.shared.clients.load(Ordering::SeqCst)
    }

    /// Stream frames published so far (history and snapshots included).
    pub fn published(&self) -> u64 {
        self.shared.tracker.lock().unwrap_or_else(|e| e.into_inner()).published()
    }

    /// Stops (true) or resumes the simulator's order flow or the replay.
    pub fn pause(&self, paused: bool) {
        self.shared.paused.store(paused, Ordering::SeqCst);
        if let Some(v) = &self.venues {
            v.pause(paused);
        }
    }

    /// A simulated venue's state (its books, clock and feed), when served.
    pub fn venue(&self, v: Venue) -> Option<Arc<crate::venues::feed::VenueShared>> {
        self.venues.as_ref()?.get(v).cloned()
    }

    /// Whether a replay (without --loop) has played its whole capture.
    pub fn finished(&self) -> bool {
        self.shared.finished.load(Ordering::SeqCst)
    }

    /// The currencies served, in channel order.
    pub fn currencies(&self) -> Vec<CurrencySpec> {
        self.shared.specs.to_vec()
    }

    /// Closes every session with a close frame and stops; waits at most ~2 s.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(2), self.join).await;
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.shared.clients.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Binds, starts the feed and serves until [`ServerHandle::shutdown`].
pub async fn start(opts: ServeOptions) -> Result<ServerHandle, String> {
    let replay = match &opts.source {
        Source::Replay { path, .. } => Some(crate::replay::Capture::load(path)?),
        Source::Sim => None,
    };
    let specs: Vec<CurrencySpec> = match (&replay, &opts.currencies) {
        (Some(c), given) => {
            let mut v = parse_currencies(&c.currencies.join(",")).unwrap_or_default();
            for s in given.iter().flatten() {
                if !v.iter().any(|x| x.currency == s.currency) {
                    v.push(s.clone());
                }
            }
            if v.is_empty() {
                v = parse_currencies("USD")?;
            }
            v
        }
        (None, Some(given)) => given.clone(),
        (None, None) => parse_currencies("USD,EUR,JPY")?,
    };
    let listener =
        tokio::net::TcpListener::bind(opts.addr).await.map_err(|e| format!("cannot bind {}: {e}", opts.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (tx, _) = broadcast::channel(opts.queue.max(16));
    let (stop, shutdown) = watch::channel(false);
    let shared = Arc::new(Shared {
        tracker: Mutex::new(Tracker::new(specs.clone())),
        tx,
        specs: specs.into(),
        opts: opts.clone(),
        epoch: Instant::now(),
        clients: AtomicUsize::new(0),
        connections: AtomicU64::new(0),
        paused: AtomicBool::new(false),
        finished: AtomicBool::new(false),
        shutdown: shutdown.clone(),
    });
    // The venues first: building their books and history takes a moment, which must not
    // fall between the MtGox feed's start and its first clients.
    let mut venue_task = None;
    let venues = if opts.venues.iter().any(|v| crate::venues::SIMULATED.contains(v)) {
        let cfg = crate::venues::feed::VenuesConfig {
            seed: opts.seed,
            venues: opts.venues.clone(),
            levels: opts.sim_levels,
            history_events: opts.sim_history,
            start_us: now_us(),
            queue: opts.queue,
        };
        let parts = VenueServerParts {
            faults: opts.venue_faults.clone(),
            seed: opts.seed,
            epoch: shared.epoch,
            max_clients: opts.max_clients,
            ping_interval: opts.ping_interval,
            ping_timeout: opts.ping_timeout,
            send_timeout: opts.send_timeout,
            shutdown: shutdown.clone(),
        };
        let (v, task) = VenueServer::start(&cfg, opts.venue_rate, parts);
        venue_task = Some(task);
        Some(v)
    } else {
        None
    };
    let mtgox = opts.venues.contains(&Venue::MtGox);
    let feed = match replay {
        _ if !mtgox => tokio::spawn(async {}),
        Some(capture) => {
            let Source::Replay { speed, looping, .. } = opts.source.clone() else { unreachable!() };
            let skip = crate::replay::apply_lead(&shared, &capture);
            tokio::spawn(crate::replay::run(shared.clone(), capture, skip, speed, looping, shutdown.clone()))
        }
        None => {
            let sim = prepare_sim(&shared, &opts);
            tokio::spawn(run_sim(shared.clone(), sim, opts.rate, shutdown.clone()))
        }
    };
    let mut app = Router::new();
    if mtgox {
        app = app.route("/mtgox", any(websocket));
    }
    let mut app = app.fallback(http).with_state(shared.clone());
    if let Some(v) = &venues {
        app = crate::venues::serve::router(v.clone()).merge(app);
    }
    let mut stop_rx = shutdown.clone();
    let join = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stop_rx.wait_for(|s| *s).await;
        });
        let _ = serve.await;
        feed.abort();
        if let Some(t) = venue_task {
            t.abort();
        }
    });
    Ok(ServerHandle { addr, shared, stop, join, venues })
}

pub(crate) fn now_us() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros() as i64)
}

fn prepare_sim(shared: &Shared, opts: &ServeOptions) -> Sim {
    let mut cfg = SimConfig::new(opts.seed, shared.specs.to_vec(), now_us());
    cfg.levels = opts.sim_levels;
    cfg.history_events = opts.sim_history;
    let mut sim = Sim::new(&cfg);
    let mut t = shared.tracker.lock().unwrap_or_else(|e| e.into_inner());
    for (i, spec) in shared.specs.iter().enumerate() {
        let body = crate::encode::http(1, &sim.full_depth(i));
        let _ = t.ingest(&body, Some(&spec.code));
    }
    let mut history = Vec::new();
    sim.run_history(&cfg, &mut history);
    for f in &history {
        let _ = t.ingest(&f.text, None);
    }
    sim
}

/// Paces the simulator at `rate` messages per second of wall time.
async fn run_sim(shared: Arc<Shared>, mut sim: Sim, rate: f64, mut shutdown: watch::Receiver<bool>) {
    let rate = rate.clamp(0.001, 1_000_000.0);
    let tick = Duration::from_millis(if rate >= 200.0 { 5 } else { 20 });
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut base = Instant::now();
    let mut sent = 0f64;
    let mut last_count = 1f64;
    let mut frames = Vec::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = interval.tick() => {}
        }
        if shared.paused.load(Ordering::SeqCst) {
            base = Instant::now();
            sent = 0.0;
            continue;
        }
        let due = base.elapsed().as_secs_f64() * rate;
        if due - sent > rate.max(10.0) {
            // Far behind (a stall of the machine): skip ahead rather than burst.
            sent = due - 1.0;
        }
        while sent + 1.0 <= due + 1e-9 {
            let before = frames.len();
            // Simulated time advances with the messages (the last event's count / rate), not
            // with the wall clock: the market is a function of seed and rate alone; only the
            // µs times are the wall clock's.
            sim.step(now_us(), last_count / rate, &mut frames);
            last_count = (frames.len() - before).max(1) as f64;
            sent += last_count;
            if frames.len() >= 4096 {
                shared.publish(&mut frames);
            }
        }
        shared.publish(&mut frames);
    }
}

fn cors(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, OPTIONS"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    r
}

fn json(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = (status, reply.body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    cors(r)
}

fn currencies_param(query: Option<&str>) -> Option<&str> {
    query?.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.eq_ignore_ascii_case("currency")).then_some(v)
    })
}

async fn websocket(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let upgrade = match upgrade {
        Ok(u) => u,
        Err(e) => return json(Reply::error(400, &format!("/mtgox is a websocket: {e}"), "not_websocket")),
    };
    let mut selected = Vec::new();
    match currencies_param(uri.query()) {
        Some(list) => {
            for code in list.replace("%2C", ",").split(',').filter(|c| !c.is_empty()) {
                let i = s.specs.iter().position(|sp| sp.code.eq_ignore_ascii_case(code));
                match i {
                    Some(i) if !selected.contains(&i) => selected.push(i),
                    Some(_) => {}
                    None => {
                        let msg = format!("invalid parameter Currency: unknown or unserved currency {code:?}");
                        return json(Reply::error(400, &msg, "bad_currency"));
                    }
                }
            }
        }
        None => selected.push(0),
    }
    if selected.is_empty() {
        selected.push(0);
    }
    // Counted from here, so that concurrent upgrades cannot overshoot the limit.
    let n = s.clients.fetch_add(1, Ordering::SeqCst);
    let guard = ClientGuard(s.clone());
    if n >= s.opts.max_clients {
        drop(guard);
        return json(Reply::error(503, "too many clients", "too_many_clients"));
    }
    let id = s.connections.fetch_add(1, Ordering::SeqCst);
    let cfg = SessionConfig {
        specs: s.specs.clone(),
        selected,
        faults: s.opts.faults.clone(),
        seed: s.opts.seed ^ Rng::new(id).next_u64(),
        epoch: s.epoch,
        ping_interval: s.opts.ping_interval,
        ping_timeout: s.opts.ping_timeout,
        send_timeout: s.opts.send_timeout,
    };
    let rx = s.tx.subscribe();
    let shutdown = s.shutdown.clone();
    // Small buffers: clients send little, and a client that lets 1 MiB pile up in its write
    // buffer is too slow (the feed fails and the session closes it).
    upgrade
        .max_message_size(64 * 1024)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(16 * 1024)
        .max_write_buffer_size(1024 * 1024)
        .on_upgrade(move |socket| async move {
            let _guard = guard;
            let (sink, stream) = socket.split();
            session::run(cfg, sink, stream, rx, shutdown).await;
        })
        .into_response()
}

struct ClientGuard(Arc<Shared>);

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.clients.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn http(State(s): State<Arc<Shared>>, req: Request<Body>) -> Response {
    let method = req.method().clone();
    if method == Method::OPTIONS {
        return cors(StatusCode::NO_CONTENT.into_response());
    }
    if method != Method::GET && method != Method::HEAD {
        return json(Reply::error(405, &format!("method {method} not allowed: the API is GET only"), "bad_method"));
    }
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let f = &s.opts.faults;
    if let Some(d) = f.http_delay {
        tokio::time::sleep(d).await;
    }
    if f.http_error > 0.0 {
        let n = s.connections.fetch_add(1, Ordering::SeqCst);
        if Rng::new(s.opts.seed ^ n.wrapping_mul(0x9E37_79B9)).chance(f.http_error) {
            return json(Reply::error(500, "fault injection: http-error", "fault"));
        }
    }
    if api::is_api(&path) || s.opts.static_dir.is_none() {
        let s2 = s.clone();
        let reply = tokio::task::spawn_blocking(move || {
            let t = s2.tracker.lock().unwrap_or_else(|e| e.into_inner());
            api::route(&t, &path, query.as_deref())
        })
        .await
        .unwrap_or_else(|_| Reply::error(500, "internal error", "internal"));
        return json(reply);
    }
    let dir = s.opts.static_dir.clone().unwrap_or_default();
    let shown = path.clone();
    match tokio::task::spawn_blocking(move || static_file(&dir, &path)).await {
        Ok(Some((bytes, mime))) => {
            let mut r = (StatusCode::OK, bytes).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            cors(r)
        }
        _ => json(Reply::error(404, &format!("unknown path {shown}"), "not_found")),
    }
}

/// A file under `dir` (never outside it); "/" and directories serve their index.html.
pub fn static_file(dir: &Path, path: &str) -> Option<(Vec<u8>, &'static str)> {
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut full = dir.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    let bytes = std::fs::read(&full).ok()?;
    let mime = match full.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    Some((bytes, mime))
}

/// Runs a server until SIGINT or SIGTERM, then shuts it down gracefully.
pub fn run_blocking(opts: ServeOptions) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let exit_after = opts.exit_after;
    let opts_venues = opts.venues.clone();
    rt.block_on(async move {
        let handle = start(opts).await?;
        let paths: Vec<String> =
            opts_venues.iter().map(|v| format!("ws://{}{}", handle.addr, crate::venues::path(*v))).collect();
        eprintln!("goxbook serve: listening on http://{} (websockets {})", handle.addr, paths.join(" "));
        match exit_after {
            Some(d) => tokio::select! {
                _ = wait_for_signal() => {}
                _ = tokio::time::sleep(d) => eprintln!("goxbook serve: --exit-after {} s reached", d.as_secs_f64()),
            },
            None => wait_for_signal().await,
        }
        eprintln!("goxbook serve: shutting down");
        handle.shutdown().await;
        Ok(())
    })
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
