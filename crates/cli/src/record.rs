//! `goxbook record`: its command line, turned into goxbook-feed's `RecordOptions`; the run
//! itself (signals, progress line, summary) is `goxbook_feed::cli::record`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use goxbook_feed::record::RecordOptions;

use crate::exit::{self, Failure};
use crate::values::seconds;

/// Record a MtGox-protocol feed as a capture for `goxbook book` and `serve --replay`
///
/// Each currency's full depth comes first, from the HTTP API, then every websocket frame with
/// its time ("_t", ms since the start). It stops after --duration, when the server closes, or on Ctrl-C (SIGINT) or SIGTERM, each
/// a normal end: the capture is flushed and a summary printed. On a terminal, one progress
/// line on stderr shows frames, bytes, elapsed time and the last message's age.
#[derive(Args, Debug)]
#[command(after_help = exit::HELP)]
pub struct RecordArgs {
    /// The websocket, e.g. ws://127.0.0.1:8080/mtgox?Currency=USD,EUR (plain ws:// only)
    #[arg(value_name = "URL", value_parser = ws_url)]
    url: String,
    /// Stop after S seconds [default: never]
    #[arg(long, value_name = "S", value_parser = seconds, allow_negative_numbers = true)]
    duration: Option<Duration>,
    /// Write the capture to FILE [default: standard output]
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The HTTP API's base, e.g. http://127.0.0.1:8080 [default: the websocket's host over http://]
    #[arg(long = "http", value_name = "BASE", value_parser = http_url)]
    http: Option<String>,
}

fn ws_url(text: &str) -> Result<String, String> {
    if text.starts_with("wss://") {
        return Err("wss:// is not supported (this build has no TLS): record a plain ws:// feed".into());
    }
    match text.strip_prefix("ws://") {
        Some(rest) if !rest.is_empty() && !rest.starts_with(['/', '?']) => Ok(text.to_string()),
        _ => Err(format!("{text:?} is not a ws://host:port/… URL")),
    }
}

fn http_url(text: &str) -> Result<String, String> {
    match text.strip_prefix("http://") {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => Ok(text.to_string()),
        _ => Err(format!("{text:?} is not an http://host:port URL (plain http only)")),
    }
}

pub fn run(args: RecordArgs) -> Result<(), Failure> {
    let opts = RecordOptions { url: args.url, duration: args.duration, http_base: args.http };
    goxbook_feed::cli::record(&opts, args.out.as_deref()).map(|_| ()).map_err(Failure::Runtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_urls_with_a_host() {
        assert!(ws_url("ws://127.0.0.1:8080/mtgox?Currency=USD").is_ok());
        assert!(ws_url("wss://feed.example/mtgox").unwrap_err().contains("TLS"));
        for bad in ["ws://", "ws:///mtgox", "http://h/mtgox", "mtgox"] {
            assert!(ws_url(bad).is_err(), "{bad}");
        }
        assert!(http_url("http://127.0.0.1:8080").is_ok());
        assert!(http_url("https://h").is_err() && http_url("http://").is_err());
    }
}
