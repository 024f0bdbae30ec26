//! The command line as a user meets it, through the real binary: help and version on stdout
//! with status 0, `--opt=value`, usage errors with status 2 and a one-line hint.

use std::process::{Command, Output, Stdio};

fn goxbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goxbook"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the goxbook binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn sample() -> String {
    format!("{}/samples/mtgox-2013-btcusd.jsonl", env!("CARGO_MANIFEST_DIR"))
}

const SUBCOMMANDS: [&str; 3] = ["serve", "record", "book"];

#[test]
fn help_is_on_stdout_with_status_0_for_every_subcommand() {
    let mut invocations: Vec<Vec<&str>> = vec![vec!["--help"], vec!["-h"], vec!["help"]];
    for sub in SUBCOMMANDS {
        invocations.push(vec![sub, "--help"]);
        invocations.push(vec![sub, "-h"]);
        invocations.push(vec!["help", sub]);
    }
    for args in invocations {
        let out = goxbook(&args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
        assert!(stdout.contains("Usage: goxbook"), "{args:?}: {stdout}");
        // The exit statuses are documented in every help.
        for line in ["Exit status:", "0  success", "1  failure at run time", "2  usage", "3  the data cannot"] {
            assert!(stdout.contains(line), "{args:?} lacks {line:?}: {stdout}");
        }
        if let Some(sub) = args.iter().find(|a| SUBCOMMANDS.contains(a)) {
            assert!(stdout.contains(&format!("Usage: goxbook {sub}")), "{args:?}: {stdout}");
        }
    }
    // Each subcommand documents its own options.
    let serve = text(&goxbook(&["serve", "--help"]).stdout);
    for opt in ["--addr", "--replay", "--speed", "--loop", "--faults", "--static", "--exit-after"] {
        assert!(serve.contains(opt), "serve --help lacks {opt}");
    }
    let record = text(&goxbook(&["record", "--help"]).stdout);
    assert!(record.contains("SIGTERM") && record.contains("--duration") && record.contains("<URL>"));
    let book = text(&goxbook(&["book", "--help"]).stdout);
    assert!(book.contains("--currency") && book.contains("--depth") && book.contains("[FILE]"));
}

#[test]
fn version_everywhere() {
    let want = format!("goxbook {}\n", env!("CARGO_PKG_VERSION"));
    for args in
        [vec!["--version"], vec!["-V"], vec!["serve", "--version"], vec!["record", "-V"], vec!["book", "--version"]]
    {
        let out = goxbook(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&out.stdout), want, "{args:?}");
    }
}

#[test]
fn options_take_their_value_after_a_space_or_an_equals_sign() {
    let spaced = goxbook(&["book", &sample(), "--depth", "2", "--currency", "USD"]);
    let equals = goxbook(&["book", &sample(), "--depth=2", "--currency=USD"]);
    assert!(spaced.status.success(), "{}", text(&spaced.stderr));
    assert_eq!(spaced.stdout, equals.stdout);
    let got: serde_json::Value = serde_json::from_slice(&equals.stdout).unwrap();
    assert_eq!(got["bids"].as_array().map(Vec::len), Some(2));
    // Options before the file work as well.
    let before = goxbook(&["book", "--depth=2", &sample()]);
    assert_eq!(before.stdout, spaced.stdout);
}

/// A usage error: status 2, nothing on stdout, the message on stderr naming what is wrong
/// (`needle`), and a one-line hint as its last line.
fn assert_usage_error(args: &[&str], needle: &str) {
    let out = goxbook(args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr:?} lacks {needle:?}");
    assert_eq!(stderr.trim_end().lines().last(), Some("For more information, try '--help'."), "{args:?}");
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    assert_usage_error(&["book", "--bogus"], "--bogus");
    assert_usage_error(&["book", "a.jsonl", "b.jsonl"], "b.jsonl");
    assert_usage_error(&["book", "--depth", "many"], "--depth");
    assert_usage_error(&["book", "--depth"], "--depth");
    assert_usage_error(&["book", "--tape", "0"], "--tape");
    assert_usage_error(&["book", "--currency", "U$D"], "not a currency code");
    assert_usage_error(&["bok"], "book");
    assert_usage_error(&["serve", "--addr", "localhost"], "--addr");
    assert_usage_error(&["serve", "--rate", "0"], "--rate");
    assert_usage_error(&["serve", "--currencies", "USD,XYZ"], "XYZ");
    assert_usage_error(&["serve", "--faults", "drop=2"], "--faults");
    assert_usage_error(&["serve", "--exit-after", "NaN"], "--exit-after");
    assert_usage_error(&["record"], "<URL>");
    assert_usage_error(&["record", "http://127.0.0.1:1/mtgox"], "ws://");
    // wss:// is TLS now (rustls); a scheme that is no websocket stays a usage error.
    assert_usage_error(&["record", "https://feed.example/mtgox"], "wss://");
    assert_usage_error(&["record", "ws://h/kraken", "--depth", "7"], "--depth");
    assert_usage_error(&["record", "ws://127.0.0.1:1/mtgox", "--duration", "-3"], "--duration");
    assert_usage_error(&["record", "ws://127.0.0.1:1/mtgox", "--http", "ftp://x"], "--http");
}

#[test]
fn options_that_need_another_one_say_so() {
    // Replay pacing means nothing to the simulator: without --replay it is refused, not ignored.
    assert_usage_error(&["serve", "--speed", "2"], "--replay");
    assert_usage_error(&["serve", "--loop"], "--replay");
    assert_usage_error(&["serve", "--sim", "--loop"], "--sim");
    assert_usage_error(&["serve", "--sim", "--replay", "x.jsonl"], "--replay");
    assert_usage_error(&["serve", "--replay", "x.jsonl", "--rate", "5"], "--rate");
}

#[test]
fn no_subcommand_is_a_usage_error_that_shows_the_help() {
    let out = goxbook(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    for sub in SUBCOMMANDS {
        assert!(stderr.contains(sub), "{stderr}");
    }
}

#[test]
fn a_run_time_failure_is_status_1_and_names_the_command() {
    // Nothing listens on port 1: the connection fails at run time, not as usage.
    let out = goxbook(&["record", "ws://127.0.0.1:1/mtgox", "--duration", "5"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("goxbook record: cannot connect"), "{}", text(&out.stderr));
    let out = goxbook(&["serve", "--replay", "/nonexistent/capture.jsonl", "--exit-after", "5"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("/nonexistent/capture.jsonl"));
}
