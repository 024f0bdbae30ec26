//! The `goxbook` command line: `goxbook serve` runs MtGox-protocol, Bitstamp, Kraken and
//! Coinbase exchanges (simulated) and `goxbook record` captures any of them or the real ones
//! (both from goxbook-feed); `goxbook book` replays one venue's capture offline through
//! goxbook-core and `goxbook consolidate` merges several. One module per subcommand: its clap
//! arguments and its run; `capture` reads a capture into a venue's market, `exit` holds the
//! exit statuses. It never decodes or serves anything itself.

mod book;
mod capture;
mod consolidate;
mod exit;
mod record;
mod serve;
mod values;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

/// Exact market data of MtGox, Bitstamp, Kraken and Coinbase: simulate the exchanges,
/// record a feed, replay a capture, consolidate several.
#[derive(Parser, Debug)]
#[command(name = "goxbook", version, propagate_version = true, arg_required_else_help = true, after_help = exit::HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Serve(Box<serve::ServeArgs>),
    Record(record::RecordArgs),
    Book(book::BookArgs),
    Consolidate(consolidate::ConsolidateArgs),
}

fn main() -> ExitCode {
    // Help and --version go to stdout with status 0; a usage error goes to stderr, ends with
    // a one-line hint ("For more information, try '--help'.") and exits 2.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // clap would name a subcommand's version "goxbook-book": the binary has one version.
        Err(e) if e.kind() == ErrorKind::DisplayVersion => {
            println!("goxbook {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(exit::USAGE) } else { ExitCode::SUCCESS };
        }
    };
    let (name, result) = match cli.command {
        Command::Serve(a) => ("serve", serve::run(*a)),
        Command::Record(a) => ("record", record::run(a)),
        Command::Book(a) => ("book", book::run(a)),
        Command::Consolidate(a) => ("consolidate", consolidate::run(a)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("goxbook {name}: {f}");
            f.code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
