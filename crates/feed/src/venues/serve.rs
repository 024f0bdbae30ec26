//! The venues' part of the server: their websockets at /bitstamp, /kraken and /coinbase,
//! Bitstamp's REST order book and ticker at /api/v2/order_book/{pair}/ and
//! /api/v2/ticker/{pair}/ (as on the real exchange), and the task that drives their markets.
//! [`crate::server`] merges this router into its own.

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use futures_util::StreamExt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

use super::bitstamp::{self, Bitstamp};
use super::coinbase::Coinbase;
use super::feed::{self, VenueShared, Venues, VenuesConfig};
use super::kraken::Kraken;
use super::session::{self, Protocol, VenueSessionConfig};
use super::{pair_index, Venue};
use crate::faults::VenueFaults;
use crate::rng::Rng;

/// What the venues' handlers need.
pub struct VenueServer {
    pub venues: Arc<Mutex<Venues>>,
    pub shared: Vec<Arc<VenueShared>>,
    pub faults: VenueFaults,
    pub seed: u64,
    pub epoch: Instant,
    pub max_clients: usize,
    pub ping_interval: Duration,
    pub ping_timeout: Duration,
    pub send_timeout: Duration,
    pub shutdown: watch::Receiver<bool>,
}

impl VenueServer {
    /// Builds the venues (their books and 24 h of history) and starts their driver at `rate`
    /// steps a second; returns the server state and the driver's task.
    pub fn start(
        cfg: &VenuesConfig,
        rate: f64,
        mut server: VenueServerParts,
    ) -> (Arc<VenueServer>, tokio::task::JoinHandle<()>) {
        let venues = Venues::new(cfg);
        let shared = venues.shared.clone();
        let venues = Arc::new(Mutex::new(venues));
        let task = tokio::spawn(feed::run(venues.clone(), rate, server.shutdown.clone()));
        server.faults.set(Venue::MtGox, Default::default());
        let s = VenueServer {
            venues,
            shared,
            faults: server.faults,
            seed: server.seed,
            epoch: server.epoch,
            max_clients: server.max_clients,
            ping_interval: server.ping_interval,
            ping_timeout: server.ping_timeout,
            send_timeout: server.send_timeout,
            shutdown: server.shutdown,
        };
        (Arc::new(s), task)
    }

    pub fn get(&self, v: Venue) -> Option<&Arc<VenueShared>> {
        self.shared.iter().find(|s| s.venue == v)
    }

    /// Stops (true) or resumes every venue's order flow.
    pub fn pause(&self, paused: bool) {
        self.venues.lock().unwrap_or_else(|e| e.into_inner()).paused.store(paused, Ordering::SeqCst);
    }
}

/// The server's settings the venues share with MtGox.
pub struct VenueServerParts {
    pub faults: VenueFaults,
    pub seed: u64,
    pub epoch: Instant,
    pub max_clients: usize,
    pub ping_interval: Duration,
    pub ping_timeout: Duration,
    pub send_timeout: Duration,
    pub shutdown: watch::Receiver<bool>,
}

/// The venues' routes (only the venues served get one).
pub fn router(s: Arc<VenueServer>) -> Router {
    let mut r = Router::new();
    if s.get(Venue::Bitstamp).is_some() {
        r = r
            .route("/bitstamp", any(bitstamp_ws))
            .route("/api/v2/order_book/{pair}/", get(order_book))
            .route("/api/v2/order_book/{pair}", get(order_book))
            .route("/api/v2/ticker/{pair}/", get(ticker))
            .route("/api/v2/ticker/{pair}", get(ticker));
    }
    if s.get(Venue::Kraken).is_some() {
        r = r.route("/kraken", any(kraken_ws));
    }
    if s.get(Venue::Coinbase).is_some() {
        r = r.route("/coinbase", any(coinbase_ws));
    }
    r.with_state(s)
}

fn json(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

/// Bitstamp's REST bodies, after the venue's HTTP faults. An unknown pair is a 404; the
/// body's form is our choice (Bitstamp documents none for it).
async fn rest(s: &VenueServer, pair: &str, body: fn(&VenueShared, usize) -> String) -> Response {
    let Some(venue) = s.get(Venue::Bitstamp) else { return json(StatusCode::NOT_FOUND, "{}".into()) };
    let f = s.faults.get(Venue::Bitstamp);
    if let Some(d) = f.http_delay {
        tokio::time::sleep(d).await;
    }
    if f.http_error > 0.0 {
        let n = venue.connections.fetch_add(1, Ordering::SeqCst);
        if Rng::new(s.seed ^ n.wrapping_mul(0x9E37_79B9)).chance(f.http_error) {
            let body = "{\"status\": \"error\", \"reason\": \"fault injection: http-error\"}".to_string();
            return json(StatusCode::INTERNAL_SERVER_ERROR, body);
        }
    }
    match pair_index(Venue::Bitstamp, &pair.to_ascii_lowercase()) {
        Some(i) => json(StatusCode::OK, body(venue, i)),
        None => {
            let reason = super::text::string(&format!("unknown currency pair {pair:?}"));
            json(StatusCode::NOT_FOUND, format!("{{\"status\": \"error\", \"reason\": {reason}}}"))
        }
    }
}

async fn order_book(State(s): State<Arc<VenueServer>>, Path(pair): Path<String>) -> Response {
    rest(&s, &pair, bitstamp::order_book_body).await
}

async fn ticker(State(s): State<Arc<VenueServer>>, Path(pair): Path<String>) -> Response {
    rest(&s, &pair, bitstamp::ticker_body).await
}

async fn bitstamp_ws(
    State(s): State<Arc<VenueServer>>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    upgrade_to(s, Venue::Bitstamp, upgrade, |_, _| Bitstamp::new())
}

async fn kraken_ws(
    State(s): State<Arc<VenueServer>>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    upgrade_to(s, Venue::Kraken, upgrade, |seed, f| Kraken::new(seed ^ 0x4B52, f))
}

async fn coinbase_ws(
    State(s): State<Arc<VenueServer>>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    upgrade_to(s, Venue::Coinbase, upgrade, |_, _| Coinbase::new())
}

struct ClientGuard(Arc<VenueShared>);

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.clients.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Upgrades to a session of `venue` speaking the protocol `make(seed, checksum fault)` builds.
fn upgrade_to<P: Protocol + 'static>(
    s: Arc<VenueServer>,
    venue: Venue,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    make: impl FnOnce(u64, f64) -> P,
) -> Response {
    let Some(shared) = s.get(venue).cloned() else { return json(StatusCode::NOT_FOUND, "{}".into()) };
    let upgrade = match upgrade {
        Ok(u) => u,
        Err(e) => {
            let msg = super::text::string(&format!("{} is a websocket: {e}", super::path(venue)));
            return json(StatusCode::BAD_REQUEST, format!("{{\"error\":{msg}}}"));
        }
    };
    let n = shared.clients.fetch_add(1, Ordering::SeqCst);
    let guard = ClientGuard(shared.clone());
    if n >= s.max_clients {
        drop(guard);
        return json(StatusCode::SERVICE_UNAVAILABLE, "{\"error\":\"too many clients\"}".into());
    }
    let id = shared.connections.fetch_add(1, Ordering::SeqCst);
    let seed = s.seed ^ Rng::new(id ^ ((super::index(venue) as u64) << 40)).next_u64();
    let faults = s.faults.get(venue).clone();
    let proto = make(seed, faults.checksum);
    let cfg = VenueSessionConfig {
        faults,
        seed,
        epoch: s.epoch,
        ping_interval: s.ping_interval,
        ping_timeout: s.ping_timeout,
        send_timeout: s.send_timeout,
    };
    // Subscribed before any snapshot is read (see feed.rs).
    let rx = shared.tx.subscribe();
    let shutdown = s.shutdown.clone();
    upgrade
        .max_message_size(64 * 1024)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(16 * 1024)
        .max_write_buffer_size(4 * 1024 * 1024)
        .on_upgrade(move |socket| async move {
            let _guard = guard;
            let (sink, stream) = socket.split();
            session::run(proto, shared, cfg, sink, stream, rx, shutdown).await;
        })
        .into_response()
}
