//! The `goxbook` command line: `goxbook book` replays a capture offline; `goxbook serve`
//! runs a MtGox-protocol exchange and `goxbook record` captures one (goxbook-feed).

mod book;

use std::process::ExitCode;

const USAGE: &str = "usage:
  goxbook book [FILE|-] [--currency CUR] [--depth N] [--tape N]
      Apply a capture (JSON lines, one payload each, in arrival order) and print
      the resulting book, ticker and tape of one currency as one JSON object.
";

fn usage() -> String {
    format!("{USAGE}{}\n{}", goxbook_feed::cli::SERVE_USAGE, goxbook_feed::cli::RECORD_USAGE)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("book") => book::run(&args[1..]),
        Some("serve") => goxbook_feed::cli::serve(&args[1..]),
        Some("record") => goxbook_feed::cli::record_main(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("goxbook: unknown command {other:?}\n{}", usage());
            ExitCode::from(2)
        }
        None => {
            eprintln!("{}", usage());
            ExitCode::from(2)
        }
    }
}
