//! `goxbook record`: its command line, turned into goxbook-feed's `RecordOptions`; the run
//! itself (signals, progress line, summary) is `goxbook_feed::cli::record`.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::PossibleValuesParser;
use clap::Args;
use goxbook_core::venue::{Pair, Venue};
use goxbook_feed::record::{RecordOptions, Target};

use crate::exit::{self, Failure};
use crate::values::{pair, seconds, venue};

/// Record a venue's feed (MtGox, Bitstamp, Kraken, Coinbase) as a capture for `goxbook book`
///
/// The capture is one line per websocket frame or REST body, in arrival order, each with its
/// time ("_t", ms since the start). MtGox: each currency's full depth from the HTTP API first,
/// then every frame (also for `serve --replay`). Bitstamp: it subscribes to the pair's diffs
/// first, then to its trades, then fetches the REST order book and ticker, as a live client
/// must. Kraken: book (with snapshot, --depth), trade and ticker. Coinbase: level2_batch,
/// matches and ticker. wss:// and https:// use TLS (rustls, the Mozilla roots compiled in),
/// e.g. wss://ws.kraken.com/v2, wss://ws.bitstamp.net, wss://ws-feed.exchange.coinbase.com.
/// It stops after --duration, when the server closes, or on Ctrl-C (SIGINT) or SIGTERM, each
/// a normal end: the capture is flushed and a summary printed. On a terminal, one progress
/// line on stderr shows frames, bytes, elapsed time and the last message's age.
#[derive(Args, Debug)]
#[command(after_help = exit::HELP)]
pub struct RecordArgs {
    /// The websocket, e.g. ws://127.0.0.1:8080/mtgox?Currency=USD,EUR, ws://127.0.0.1:8080/kraken,
    /// wss://ws.kraken.com/v2
    #[arg(value_name = "URL", value_parser = ws_url)]
    url: String,
    /// The venue speaking at URL: mtgox, bitstamp, kraken, coinbase [default: named by the
    /// URL's path (goxbook serve) or host (the real exchanges), else mtgox]
    #[arg(long, value_name = "V", value_parser = venue)]
    venue: Option<Venue>,
    /// The pair to subscribe to (not MtGox: its URL's ?Currency= selects), e.g. BTC/EUR
    #[arg(long, value_name = "P", default_value = "BTC/USD", value_parser = pair)]
    pair: Pair,
    /// Kraken's book depth
    #[arg(long, value_name = "N", default_value = "10",
          value_parser = PossibleValuesParser::new(["10", "25", "100", "500", "1000"]))]
    depth: String,
    /// Stop after S seconds [default: never]
    #[arg(long, value_name = "S", value_parser = seconds, allow_negative_numbers = true)]
    duration: Option<Duration>,
    /// Write the capture to FILE [default: standard output]
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The HTTP API's base (MtGox's full depth, Bitstamp's REST), e.g. http://127.0.0.1:8080
    /// [default: the websocket's host over http:// (ws://) or https:// (wss://);
    /// https://www.bitstamp.net for wss://ws.bitstamp.net]
    #[arg(long = "http", value_name = "BASE", value_parser = http_url)]
    http: Option<String>,
}

fn ws_url(text: &str) -> Result<String, String> {
    match text.strip_prefix("ws://").or_else(|| text.strip_prefix("wss://")) {
        Some(rest) if !rest.is_empty() && !rest.starts_with(['/', '?']) => Ok(text.to_string()),
        _ => Err(format!("{text:?} is not a ws://host:port/… or wss://host/… URL")),
    }
}

fn http_url(text: &str) -> Result<String, String> {
    match text.strip_prefix("http://").or_else(|| text.strip_prefix("https://")) {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => Ok(text.to_string()),
        _ => Err(format!("{text:?} is not an http://host:port or https://host URL")),
    }
}

/// The venue a URL names: `goxbook serve`'s path (/bitstamp, /kraken, /coinbase, /mtgox),
/// else the real exchange's host; MtGox when neither says.
fn url_venue(url: &str) -> Venue {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let first = path.split(['/', '?']).next().unwrap_or("");
    if let Some(v) = Venue::parse(first) {
        return v;
    }
    let host = host.to_ascii_lowercase();
    [Venue::Bitstamp, Venue::Kraken, Venue::Coinbase]
        .into_iter()
        .find(|v| host.contains(v.as_str()))
        .unwrap_or(Venue::MtGox)
}

pub fn run(args: RecordArgs) -> Result<(), Failure> {
    let venue = args.venue.unwrap_or_else(|| url_venue(&args.url));
    // The possible values are numbers.
    let depth = args.depth.parse().unwrap_or(10);
    let target = Target { venue, pair: args.pair, depth };
    let opts = RecordOptions { url: args.url, duration: args.duration, http_base: args.http };
    goxbook_feed::cli::record(&opts, &target, args.out.as_deref()).map(|_| ()).map_err(Failure::Runtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_urls_with_a_host() {
        assert!(ws_url("ws://127.0.0.1:8080/mtgox?Currency=USD").is_ok());
        assert!(ws_url("wss://ws.kraken.com/v2").is_ok());
        for bad in ["ws://", "ws:///mtgox", "wss://", "http://h/mtgox", "mtgox"] {
            assert!(ws_url(bad).is_err(), "{bad}");
        }
        assert!(http_url("http://127.0.0.1:8080").is_ok() && http_url("https://www.bitstamp.net").is_ok());
        assert!(http_url("ftp://h").is_err() && http_url("http://").is_err());
    }

    #[test]
    fn the_venue_of_a_url() {
        assert_eq!(url_venue("ws://127.0.0.1:8080/kraken"), Venue::Kraken);
        assert_eq!(url_venue("ws://127.0.0.1:8080/bitstamp?x=1"), Venue::Bitstamp);
        assert_eq!(url_venue("ws://127.0.0.1:8080/mtgox?Currency=USD"), Venue::MtGox);
        assert_eq!(url_venue("wss://ws.kraken.com/v2"), Venue::Kraken);
        assert_eq!(url_venue("wss://ws.bitstamp.net"), Venue::Bitstamp);
        assert_eq!(url_venue("wss://ws-feed.exchange.coinbase.com"), Venue::Coinbase);
        assert_eq!(url_venue("ws://example.org/feed"), Venue::MtGox);
    }
}
