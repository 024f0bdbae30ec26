//! The `goxbook serve` and `goxbook record` command lines.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::channels::parse_currencies;
use crate::faults::Faults;
use crate::record::{record, RecordOptions};
use crate::server::{run_blocking, ServeOptions, Source};

pub const SERVE_USAGE: &str = "  goxbook serve [--addr 127.0.0.1:8080] [--sim | --replay FILE [--speed X] [--loop]]
                [--currencies USD,EUR,JPY] [--seed N] [--rate MSG_PER_S] [--static DIR]
                [--faults SPEC] [--max-clients N] [--queue N] [--exit-after SECS]
      Run a MtGox-protocol exchange: websocket at /mtgox (?Currency=USD,EUR), the HTTP API
      v0/v1/v2 with CORS, and optionally a built widget from DIR. The stream comes from a
      matching-engine simulator (default) or a capture. Faults: drop=P,dup=P,reorder=P,
      garbage=P,disconnect=SECS,stall=SECS,http-delay=MS,http-error=P. --exit-after: shut
      down by itself after SECS (for scripts: never outlive an interrupted run).";

pub const RECORD_USAGE: &str = "  goxbook record URL [--duration S] [--out FILE] [--http BASE]
      Record a MtGox-protocol websocket (ws://host:port/mtgox?Currency=USD) with the full
      depth fetched from its HTTP API first, as a capture for `goxbook book` and --replay.";

fn value<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a str, String> {
    *i += 1;
    args.get(*i).map(String::as_str).ok_or_else(|| format!("{flag} needs a value"))
}

fn number<T: std::str::FromStr>(text: &str, flag: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("{flag}: {text:?} is not a valid number"))
}

/// Parses `serve`'s arguments (after the subcommand).
pub fn parse_serve(args: &[String]) -> Result<ServeOptions, String> {
    let mut o = ServeOptions::default();
    let (mut replay, mut speed, mut looping, mut sim) = (None, 1.0, false, false);
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--addr" => o.addr = number(value(args, &mut i, flag)?, flag)?,
            "--sim" => sim = true,
            "--replay" => replay = Some(PathBuf::from(value(args, &mut i, flag)?)),
            "--speed" => speed = number(value(args, &mut i, flag)?, flag)?,
            "--loop" => looping = true,
            "--currencies" => o.currencies = Some(parse_currencies(value(args, &mut i, flag)?)?),
            "--seed" => o.seed = number(value(args, &mut i, flag)?, flag)?,
            "--rate" => {
                o.rate = number(value(args, &mut i, flag)?, flag)?;
                if !(1.0..=100_000.0).contains(&o.rate) {
                    return Err(format!("--rate must be from 1 to 100000 messages/s, not {}", o.rate));
                }
            }
            "--static" => o.static_dir = Some(PathBuf::from(value(args, &mut i, flag)?)),
            "--faults" => o.faults = Faults::parse(value(args, &mut i, flag)?)?,
            "--max-clients" => o.max_clients = number(value(args, &mut i, flag)?, flag)?,
            "--queue" => o.queue = number(value(args, &mut i, flag)?, flag)?,
            "--exit-after" => {
                let s: f64 = number(value(args, &mut i, flag)?, flag)?;
                if !(s > 0.0 && s.is_finite() && s < 1e9) {
                    return Err(format!("--exit-after must be a positive number of seconds, not {s}"));
                }
                o.exit_after = Some(Duration::from_secs_f64(s));
            }
            other => return Err(format!("unknown option {other:?}")),
        }
        i += 1;
    }
    if !(speed > 0.0 && f64::is_finite(speed)) {
        return Err("--speed must be a positive number".into());
    }
    o.source = match replay {
        Some(_) if sim => return Err("--sim and --replay exclude each other".into()),
        Some(path) => Source::Replay { path, speed, looping },
        None => Source::Sim,
    };
    Ok(o)
}

pub fn serve(args: &[String]) -> ExitCode {
    let opts = match parse_serve(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("goxbook serve: {e}\nusage:\n{SERVE_USAGE}");
            return ExitCode::from(2);
        }
    };
    match run_blocking(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("goxbook serve: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Parses `record`'s arguments: (options, output file).
pub fn parse_record(args: &[String]) -> Result<(RecordOptions, Option<PathBuf>), String> {
    let mut o = RecordOptions { url: String::new(), duration: None, http_base: None };
    let mut out = None;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--duration" => {
                let s: f64 = number(value(args, &mut i, flag)?, flag)?;
                if !(s > 0.0 && s.is_finite()) {
                    return Err("--duration must be a positive number of seconds".into());
                }
                o.duration = Some(Duration::from_secs_f64(s));
            }
            "--out" => out = Some(PathBuf::from(value(args, &mut i, flag)?)),
            "--http" => o.http_base = Some(value(args, &mut i, flag)?.to_string()),
            url if !url.starts_with("--") && o.url.is_empty() => o.url = url.to_string(),
            other => return Err(format!("unexpected argument {other:?}")),
        }
        i += 1;
    }
    if o.url.is_empty() {
        return Err("record needs a websocket URL".into());
    }
    Ok((o, out))
}

pub fn record_main(args: &[String]) -> ExitCode {
    let (opts, out) = match parse_record(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("goxbook record: {e}\nusage:\n{RECORD_USAGE}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("goxbook record: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(async {
        let mut w: Box<dyn std::io::Write + Send> = match &out {
            Some(p) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
            )),
            None => Box::new(std::io::BufWriter::new(std::io::stdout())),
        };
        tokio::select! {
            r = record(&opts, &mut *w) => r,
            _ = tokio::signal::ctrl_c() => Err("interrupted".to_string()),
        }
    });
    match result {
        Ok(r) => {
            eprintln!("goxbook record: {} snapshot(s), {} frame(s)", r.snapshots, r.frames);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("goxbook record: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_serve_and_record() {
        let o = parse_serve(&s(&[
            "--addr",
            "127.0.0.1:0",
            "--replay",
            "x.jsonl",
            "--speed",
            "2",
            "--loop",
            "--faults",
            "drop=0.5",
        ]))
        .unwrap();
        assert_eq!(o.source, Source::Replay { path: "x.jsonl".into(), speed: 2.0, looping: true });
        assert_eq!(o.faults.drop, 0.5);
        assert!(parse_serve(&s(&["--rate", "0"])).is_err());
        assert!(parse_serve(&s(&["--currencies", "USD,XYZ"])).unwrap_err().contains("XYZ"));
        assert!(parse_serve(&s(&["--bogus"])).is_err());
        assert_eq!(parse_serve(&s(&["--exit-after", "1.5"])).unwrap().exit_after, Some(Duration::from_millis(1500)));
        assert!(parse_serve(&s(&["--exit-after", "0"])).is_err());
        assert!(parse_serve(&s(&["--exit-after", "NaN"])).is_err());
        let (r, out) = parse_record(&s(&["ws://h:1/mtgox", "--duration", "3", "--out", "c.jsonl"])).unwrap();
        assert_eq!(r.duration, Some(Duration::from_secs(3)));
        assert_eq!(out, Some(PathBuf::from("c.jsonl")));
        assert!(parse_record(&s(&[])).is_err());
    }
}
