//! What the feed's tasks share — the serve options, and the state the server, the simulator
//! and the replay all hold ([`Shared`]) — in a module of its own, so that the server and the
//! replay each import it and not one another.

use axum::extract::ws::Utf8Bytes;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use crate::channels::{CurrencySpec, Frame};
use crate::faults::Faults;
use crate::session::Published;
use crate::tracker::Tracker;
use crate::venues::Venue;

/// Where the stream comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// The matching-engine simulator.
    Sim,
    /// A capture played at its recorded pace × `speed`, once or in a loop.
    Replay { path: PathBuf, speed: f64, looping: bool },
}

/// Everything `goxbook serve` can be told.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub addr: SocketAddr,
    pub source: Source,
    /// None: USD,EUR,JPY for the simulator, the capture's own for a replay.
    pub currencies: Option<Vec<CurrencySpec>>,
    pub seed: u64,
    /// Simulator messages per second (all channels).
    pub rate: f64,
    pub static_dir: Option<PathBuf>,
    pub faults: Faults,
    pub max_clients: usize,
    /// Frames a session may fall behind before it is closed as too slow.
    pub queue: usize,
    pub ping_interval: Duration,
    pub ping_timeout: Duration,
    pub send_timeout: Duration,
    /// Simulator book depth (levels per side near the mid) and history length.
    pub sim_levels: usize,
    pub sim_history: usize,
    /// Shut down by itself after this long (`--exit-after`): test and benchmark servers must
    /// not outlive an interrupted run.
    pub exit_after: Option<Duration>,
    /// The venues served (`--venues`): MtGox at /mtgox (the simulator or replay above), the
    /// others simulated around one shared random walk (crate::venues). Default: all four.
    pub venues: Vec<Venue>,
    /// The faults of Bitstamp, Kraken and Coinbase (MtGox's are `faults`); see
    /// [`ServeOptions::set_faults`].
    pub venue_faults: crate::faults::VenueFaults,
    /// Order-flow steps per second of each simulated venue (not MtGox: that is `rate`).
    pub venue_rate: f64,
}

impl ServeOptions {
    /// Sets every venue's faults from one spec (`--faults`): "drop=0.1" for all venues,
    /// "kraken:checksum=0.01,bitstamp:drop=0.05" per venue ([`crate::faults::VenueFaults`]).
    pub fn set_faults(&mut self, spec: &str) -> Result<(), String> {
        let v = crate::faults::VenueFaults::parse(spec)?;
        self.faults = v.get(Venue::MtGox).clone();
        self.venue_faults = v;
        Ok(())
    }
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            source: Source::Sim,
            currencies: None,
            seed: 1,
            rate: 20.0,
            static_dir: None,
            faults: Faults::default(),
            max_clients: 10_000,
            queue: 4096,
            ping_interval: Duration::from_secs(15),
            ping_timeout: Duration::from_secs(45),
            send_timeout: Duration::from_secs(10),
            sim_levels: 1500,
            sim_history: 4000,
            exit_after: None,
            venues: Venue::ALL.to_vec(),
            venue_faults: Default::default(),
            venue_rate: 10.0,
        }
    }
}

/// What the server's tasks share: the tracker the HTTP API answers from, the broadcast queue
/// every session reads, and the server's settings and counters.
pub(crate) struct Shared {
    pub(crate) tracker: Mutex<Tracker>,
    pub(crate) tx: broadcast::Sender<Published>,
    pub(crate) specs: Arc<[CurrencySpec]>,
    pub(crate) opts: ServeOptions,
    pub(crate) epoch: Instant,
    pub(crate) clients: AtomicUsize,
    pub(crate) connections: AtomicU64,
    pub(crate) paused: AtomicBool,
    pub(crate) finished: AtomicBool,
    pub(crate) shutdown: watch::Receiver<bool>,
}

impl Shared {
    /// Applies frames to the tracker and publishes them to every session.
    pub(crate) fn publish(&self, frames: &mut Vec<Frame>) {
        if frames.is_empty() {
            return;
        }
        {
            let mut t = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
            for f in frames.iter() {
                let _ = t.ingest(&f.text, None);
            }
        }
        for f in frames.drain(..) {
            let _ = self.tx.send(Published { channel: f.channel, text: Utf8Bytes::from(f.text) });
        }
    }
}
