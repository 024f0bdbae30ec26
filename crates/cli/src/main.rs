//! The `goxbook` command line: `goxbook serve` runs a MtGox-protocol exchange and
//! `goxbook record` captures one (both from goxbook-feed); `goxbook book` replays a capture
//! offline through goxbook-core. One module per subcommand: its clap arguments and its run;
//! `exit` holds the exit statuses. It never decodes or serves anything itself.

mod book;
mod exit;
mod record;
mod serve;
mod values;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

/// Exact MtGox market data: run a MtGox-protocol exchange, record one, replay a capture.
#[derive(Parser, Debug)]
#[command(name = "goxbook", version, propagate_version = true, arg_required_else_help = true, after_help = exit::HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Serve(serve::ServeArgs),
    Record(record::RecordArgs),
    Book(book::BookArgs),
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
        Command::Serve(a) => ("serve", serve::run(a)),
        Command::Record(a) => ("record", record::run(a)),
        Command::Book(a) => ("book", book::run(a)),
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
