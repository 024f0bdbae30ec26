//! Exit statuses: what each one means, written once for `--help` (and the README), and the
//! failure a subcommand returns. Usage errors are clap's to find and report (main.rs).

use std::fmt;
use std::process::ExitCode;

/// A failure at run time: input unreadable, output not writable, network.
pub const RUNTIME: u8 = 1;
/// A usage error: an unknown option, a bad value, an option without the one it needs.
pub const USAGE: u8 = 2;
/// The data cannot give an answer (e.g. a currency whose scale the capture never taught).
pub const NO_ANSWER: u8 = 3;

/// The `Exit status` section of every `--help`.
pub const HELP: &str = "\
Exit status:
  0  success; `record` also when Ctrl-C (SIGINT) or SIGTERM stops it
  1  failure at run time: input unreadable, output not writable, network
  2  usage: an unknown option, a bad value, an option without the one it needs
  3  the data cannot give an answer: `book` for a pair whose scales are unknown";

/// Why a subcommand did not succeed (usage errors aside).
#[derive(Debug)]
pub enum Failure {
    /// Status 1.
    Runtime(String),
    /// Status 3: the input was read, but it cannot answer what was asked.
    NoAnswer(String),
    /// Status 2: arguments clap accepts one by one but not together (a venue given twice).
    Usage(String),
}

impl Failure {
    pub fn code(&self) -> ExitCode {
        match self {
            Failure::Runtime(_) => ExitCode::from(RUNTIME),
            Failure::NoAnswer(_) => ExitCode::from(NO_ANSWER),
            Failure::Usage(_) => ExitCode::from(USAGE),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Runtime(m) | Failure::NoAnswer(m) | Failure::Usage(m) => f.write_str(m),
        }
    }
}

impl From<String> for Failure {
    fn from(m: String) -> Self {
        Failure::Runtime(m)
    }
}
