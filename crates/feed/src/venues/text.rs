//! The small pieces of text every venue's frames are made of: exact decimals from ticks
//! (as strings, or as bare JSON numbers where a venue sends numbers), RFC 3339 times, and
//! JSON strings. Frames are written as text, not through `serde_json::Value`, because a
//! `Value` would turn Kraken's numbers into f64 and lose their digits.

use goxbook_core::format_ticks;

/// `ticks` at `decimals` places, every place written ("45285.2", "0.00100000").
pub fn fixed(ticks: i64, decimals: u32) -> String {
    format_ticks(ticks, decimals)
}

/// `ticks` at `decimals` places as a quoted JSON string.
pub fn quoted(ticks: i64, decimals: u32) -> String {
    format!("\"{}\"", format_ticks(ticks, decimals))
}

/// `ticks` at `decimals` places without trailing zeros ("0.0792", "3805.44", "12"): how a
/// float written by the venue reads (Bitstamp's trade `price`/`amount`).
pub fn trimmed(ticks: i64, decimals: u32) -> String {
    let s = format_ticks(ticks, decimals);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A JSON string literal of `s` (quotes and escapes included).
pub fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// µs since the Unix epoch as RFC 3339 UTC with 6 decimals ("2023-10-06T17:35:56.000000Z"),
/// the form of Kraken's and Coinbase's `timestamp`/`time`.
pub fn rfc3339(us: i64) -> String {
    let secs = us.div_euclid(1_000_000);
    let micros = us.rem_euclid(1_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_times() {
        assert_eq!(fixed(452852, 1), "45285.2");
        assert_eq!(fixed(100_000, 8), "0.00100000");
        assert_eq!(quoted(3_653_362, 2), "\"36533.62\"");
        assert_eq!(trimmed(7_920_000, 8), "0.0792");
        assert_eq!(trimmed(380_544, 2), "3805.44");
        assert_eq!(trimmed(1200, 2), "12");
        assert_eq!(trimmed(1, 8), "0.00000001");
        assert_eq!(string("a\"b"), "\"a\\\"b\"");
        // 1696613756 s = 2023-10-06T17:35:56Z (the Kraken docs' example time).
        assert_eq!(rfc3339(1_696_613_756_000_000), "2023-10-06T17:35:56.000000Z");
        assert_eq!(rfc3339(1_618_677_817_075_687), "2021-04-17T16:43:37.075687Z");
        assert_eq!(rfc3339(951_782_400_000_001), "2000-02-29T00:00:00.000001Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000000Z");
    }
}
