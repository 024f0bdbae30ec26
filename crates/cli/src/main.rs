//! The `goxbook` command line: `goxbook book` replays a capture offline.

mod book;

use std::process::ExitCode;

const USAGE: &str = "usage:
  goxbook book [FILE|-] [--currency CUR] [--depth N] [--tape N]
      Apply a capture (JSON lines, one payload each, in arrival order) and print
      the resulting book, ticker and tape of one currency as one JSON object.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("book") => book::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("goxbook: unknown command {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
