//! `goxbook serve`: its command line, turned into goxbook-feed's `ServeOptions`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use goxbook_feed::channels::{parse_currencies, CurrencySpec};
use goxbook_feed::faults::Faults;
use goxbook_feed::{ServeOptions, Source};

use crate::exit::{self, Failure};
use crate::values::{positive, seconds};

/// Run a MtGox-protocol exchange (websocket and HTTP API), from a simulator or a capture
///
/// The websocket is at /mtgox (?Currency=USD,EUR selects currencies), the HTTP API v0/v1/v2
/// under /api/ with CORS, and --static adds files (a built page). The stream comes from a
/// matching-engine simulator (the default) or from a capture (--replay). SIGINT (Ctrl-C) or SIGTERM shuts it down gracefully: every websocket gets a
/// close frame. The address it listens on is printed on stderr.
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
    /// Fault injection: drop=P,dup=P,reorder=P,garbage=P,disconnect=SECS,stall=SECS,http-delay=MS,http-error=P
    #[arg(long, value_name = "SPEC", value_parser = Faults::parse)]
    faults: Option<Faults>,
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
        ServeOptions {
            addr: self.addr,
            source,
            currencies: self.currencies.map(|c| c.0),
            seed: self.seed,
            rate: self.rate,
            static_dir: self.static_dir,
            faults: self.faults.unwrap_or_default(),
            max_clients: self.max_clients,
            queue: self.queue,
            exit_after: self.exit_after,
            ..ServeOptions::default()
        }
    }
}

pub fn run(args: ServeArgs) -> Result<(), Failure> {
    goxbook_feed::server::run_blocking(args.options()).map_err(Failure::Runtime)
}
