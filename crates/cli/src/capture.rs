//! Reading a capture into one venue's market: every line in arrival order through
//! `VenueMarket::ingest`; a line that cannot be decoded is reported on stderr with its line
//! number and the error's position and counted, the rest still applies; after a line whose
//! Kraken checksum does not match the book, stderr names that line too.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use goxbook_core::venue::{Pair, Venue, VenueMarket};

use crate::exit::Failure;

/// Where a capture comes from: a file, or standard input for `-`.
pub fn open(path: Option<&Path>) -> Result<(Box<dyn Read>, String), Failure> {
    match path.filter(|p| *p != Path::new("-")) {
        None => Ok((Box::new(std::io::stdin()), "-".into())),
        Some(p) => Ok((
            Box::new(std::fs::File::open(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?),
            p.display().to_string(),
        )),
    }
}

/// Replays `reader` (named `name` in messages) into a new market of `venue` for `pair`.
pub fn replay(
    reader: Box<dyn Read>,
    name: &str,
    venue: Venue,
    pair: Pair,
    tape: usize,
) -> Result<VenueMarket, Failure> {
    let mut market = VenueMarket::with_tape(venue, pair, tape);
    let mut reader = BufReader::new(reader);
    let mut bytes = Vec::new();
    let mut number = 0usize;
    loop {
        bytes.clear();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(Failure::Runtime(format!("{name}: cannot read line {}: {e}", number + 1))),
        }
        number += 1;
        // Not UTF-8: not JSON either; rejected like any undecodable line, the rest applies.
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t.trim_end_matches(['\n', '\r']),
            Err(e) => {
                market.rejected += 1;
                eprintln!("{name}:{number}: rejected: not UTF-8 at byte {}", e.valid_up_to());
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match market.ingest(text) {
            Err(e) => eprintln!("{name}:{number}: rejected: {e}"),
            Ok(change) => {
                if let Some(m) = change.mismatch {
                    eprintln!(
                        "{name}:{number}: {venue} checksum mismatch: sent {}, the book gives {}; not synced until the next snapshot",
                        m.sent, m.computed
                    );
                }
            }
        }
    }
    Ok(market)
}
