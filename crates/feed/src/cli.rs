//! The run-time side of `goxbook record` as a command: the signals that end it, the progress
//! line and the summary. The goxbook binary (crates/cli) parses the command line into
//! [`RecordOptions`]; `goxbook serve` needs nothing beyond [`crate::server::run_blocking`].
//! Nothing here parses arguments.

use std::cell::Cell;
use std::future::Future;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use crate::record::{record_target_until, size, RecordOptions, Recorded, Status, Target};

/// Runs `goxbook record` of `target` to the end and prints its summary on stderr. The capture goes to
/// `out`, or to stdout. SIGINT (Ctrl-C) and SIGTERM are a normal end: what arrived is
/// written and flushed, and the summary says which signal stopped it. While stderr is a
/// terminal (and the capture is not written to that terminal), one progress line is kept
/// current on stderr.
pub fn record(opts: &RecordOptions, target: &Target, out: Option<&Path>) -> Result<Recorded, String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let stopped_by = Cell::new("");
    let result = rt.block_on(async {
        // The handlers are installed before the output exists: anyone who sees the file (a
        // script, a test) may already send the signal.
        let signal = stop_signal()?;
        let stop = async {
            stopped_by.set(signal.await);
        };
        let mut w: Box<dyn Write + Send> = match out {
            Some(p) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?,
            )),
            None => Box::new(std::io::BufWriter::new(std::io::stdout())),
        };
        let to_terminal = out.is_none() && std::io::stdout().is_terminal();
        let progress = std::io::stderr().is_terminal() && !to_terminal;
        let mut show = |s: &Status| {
            // \r and "erase line": one line, rewritten in place.
            let _ = write!(std::io::stderr(), "\r\x1b[2Kgoxbook record: {}", s.line());
        };
        let on_status: Option<&mut (dyn FnMut(&Status) + Send)> = if progress { Some(&mut show) } else { None };
        let r = record_target_until(opts, target, None, &mut *w, stop, on_status).await;
        if progress {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
        r
    });
    let r = result?;
    eprintln!("{}", summary(&r, started.elapsed(), stopped_by.get()));
    Ok(r)
}

/// `goxbook record: 2 snapshot(s), 1234 frame(s), 2.5 MB in 12.3 s; stopped by SIGINT`.
pub fn summary(r: &Recorded, elapsed: std::time::Duration, stopped_by: &str) -> String {
    let mut s = format!(
        "goxbook record: {} snapshot(s), {} frame(s), {} in {:.1} s",
        r.snapshots,
        r.frames,
        size(r.bytes),
        elapsed.as_secs_f64()
    );
    if r.stopped && !stopped_by.is_empty() {
        s.push_str("; stopped by ");
        s.push_str(stopped_by);
    }
    s
}

/// Installs the SIGINT and SIGTERM handlers now; the future completes with the name of the
/// first signal that arrives.
#[cfg(unix)]
fn stop_signal() -> Result<impl Future<Output = &'static str>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut int = signal(SignalKind::interrupt()).map_err(|e| format!("cannot handle SIGINT: {e}"))?;
    let mut term = signal(SignalKind::terminate()).map_err(|e| format!("cannot handle SIGTERM: {e}"))?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => "SIGINT",
            _ = term.recv() => "SIGTERM",
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> Result<impl Future<Output = &'static str>, String> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_summary_names_what_stopped_the_recording() {
        let r = Recorded { snapshots: 2, frames: 1234, bytes: 2_500_000, stopped: true };
        assert_eq!(
            summary(&r, Duration::from_millis(12_340), "SIGINT"),
            "goxbook record: 2 snapshot(s), 1234 frame(s), 2.5 MB in 12.3 s; stopped by SIGINT"
        );
        let ended = Recorded { stopped: false, ..r };
        assert_eq!(
            summary(&ended, Duration::from_secs(60), ""),
            "goxbook record: 2 snapshot(s), 1234 frame(s), 2.5 MB in 60.0 s"
        );
    }
}
