//! `goxbook serve`: its command line, turned into goxbook-feed's `ServeOptions`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use goxbook_feed::channels::{parse_currencies, CurrencySpec};
use goxbook_feed::faults::VenueFaults;
use goxbook_feed::venues::Venue;
use goxbook_feed::{ServeOptions, Source};

use crate::exit::{self, Failure};
use crate::values::{positive, seconds};

/// Run the exchanges offline: MtGox (simulated or replayed), Bitstamp, Kraken and Coinbase (simulated)
///
/// MtGox: the websocket at /mtgox (?Currency=USD,EUR selects currencies), the HTTP API
/// v0/v1/v2 under /api/ with CORS; its stream comes from a matching-engine simulator (the
/// default) or from a capture (--replay). Bitstamp: websocket v2 at /bitstamp, REST
/// /api/v2/order_book/{pair}/ and /api/v2/ticker/{pair}/; Kraken: websocket v2 at /kraken;
/// Coinbase Exchange: its websocket feed at /coinbase. Each simulated venue has its own
/// matching engines (BTC/USD, BTC/EUR) and order flow around one shared random walk, so their
/// prices differ a little and cross from time to time. --static adds files (a built page).
/// SIGINT (Ctrl-C) or SIGTERM shuts it down gracefully: every websocket gets a close frame.
/// The address it listens on and each venue's websocket are printed on stderr.
#[derive(Args, Debug)]
#[command(after_help = exit::HELP)]
pub struct ServeArgs {
    /// Where to listen (port 0: any free port)
    #[arg(long, value_name = "ADDR", default_value_t = ServeOptions::default().addr)]
    addr: SocketAddr,
    /// The matching-engine simulator is the source (the default)
    #[arg(long, conflicts_with = "replay")]
    sim: bool,
    /// Play a capture instead: JSON lines as `goxbook book` reads them, paced by their "_t"
    #[arg(long, value_name = "FILE")]
    replay: Option<PathBuf>,
    /// Replay pace × X [default: 1]
    #[arg(long, value_name = "X", requires = "replay", conflicts_with = "sim", value_parser = positive,
          allow_negative_numbers = true)]
    speed: Option<f64>,
    /// Replay forever; each pass shifts every time past the previous pass
    #[arg(long = "loop", requires = "replay", conflicts_with = "sim")]
    looping: bool,
    /// Currencies served, e.g. USD,EUR,JPY [default: USD,EUR,JPY for the simulator, the
    /// capture's own for a replay]
    #[arg(long, value_name = "LIST", value_parser = currencies)]
    currencies: Option<Currencies>,
    /// Simulator seed (same seed and rate, same market); also seeds the faults
    #[arg(long, value_name = "N", default_value_t = ServeOptions::default().seed)]
    seed: u64,
    /// Simulator messages per second, all channels together (1 to 100000)
    #[arg(long, value_name = "MSG_PER_S", default_value_t = ServeOptions::default().rate, value_parser = rate,
          conflicts_with = "replay")]
    rate: f64,
    /// Also serve the files of DIR (`/` is index.html), e.g. the built page (trunk's dist/)
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// The venues served, e.g. kraken,coinbase; `all`: mtgox,bitstamp,kraken,coinbase [default: all]
    #[arg(long, value_name = "LIST", value_parser = venues)]
    venues: Option<Venues>,
    /// Order-flow steps per second of each simulated venue (Bitstamp, Kraken, Coinbase; 0.1 to 100000)
    #[arg(long, value_name = "STEPS_PER_S", default_value_t = ServeOptions::default().venue_rate,
          value_parser = venue_rate)]
    venue_rate: f64,
    /// Fault injection: NAME=VALUE items, each for every venue or prefixed with one
    /// (kraken:checksum=0.01,bitstamp:drop=0.05,disconnect=30). Names: drop=P, dup=P,
    /// reorder=P, garbage=P, disconnect=SECS, stall=SECS, http-delay=MS, http-error=P, and
    /// checksum=P (Kraken only: a book message with a wrong checksum)
    #[arg(long, value_name = "SPEC", value_parser = VenueFaults::parse)]
    faults: Option<VenueFaults>,
    /// Websocket connection limit (over it: 503)
    #[arg(long, value_name = "N", default_value_t = ServeOptions::default().max_clients)]
    max_clients: usize,
    /// Frames a client may fall behind before it is closed as too slow
    #[arg(long, value_name = "N", default_value_t = ServeOptions::default().queue)]
    queue: usize,
    /// Shut down by itself after SECS (scripts and tests: never outlive an interrupted run)
    #[arg(long, value_name = "SECS", value_parser = seconds, allow_negative_numbers = true)]
    exit_after: Option<Duration>,
}

/// The currency list, one value (a bare `Vec` would make clap expect the option repeated).
#[derive(Clone, Debug)]
struct Currencies(Vec<CurrencySpec>);

fn currencies(text: &str) -> Result<Currencies, String> {
    let list = parse_currencies(text)?;
    if list.is_empty() {
        return Err("no currency in the list".into());
    }
    Ok(Currencies(list))
}

/// The venue list, one value.
#[derive(Clone, Debug)]
struct Venues(Vec<Venue>);

fn venues(text: &str) -> Result<Venues, String> {
    goxbook_feed::venues::parse_venues(text).map(Venues)
}

fn venue_rate(text: &str) -> Result<f64, String> {
    let r = positive(text)?;
    if !(0.1..=100_000.0).contains(&r) {
        return Err(format!("{text} is not from 0.1 to 100000 steps/s"));
    }
    Ok(r)
}

fn rate(text: &str) -> Result<f64, String> {
    let r = positive(text)?;
    if !(1.0..=100_000.0).contains(&r) {
        return Err(format!("{text} is not from 1 to 100000 messages/s"));
    }
    Ok(r)
}

impl ServeArgs {
    pub fn options(self) -> ServeOptions {
        let source = match self.replay {
            Some(path) => Source::Replay { path, speed: self.speed.unwrap_or(1.0), looping: self.looping },
            None => Source::Sim,
        };
        let faults = self.faults.unwrap_or_default();
        let defaults = ServeOptions::default();
        ServeOptions {
            addr: self.addr,
            source,
            currencies: self.currencies.map(|c| c.0),
            seed: self.seed,
            rate: self.rate,
            static_dir: self.static_dir,
            faults: faults.get(Venue::MtGox).clone(),
            venue_faults: faults,
            venues: self.venues.map_or(defaults.venues.clone(), |v| v.0),
            venue_rate: self.venue_rate,
            max_clients: self.max_clients,
            queue: self.queue,
            exit_after: self.exit_after,
            ..defaults
        }
    }
}

pub fn run(args: ServeArgs) -> Result<(), Failure> {
    goxbook_feed::server::run_blocking(args.options()).map_err(Failure::Runtime)
}
