//! RFC 3339 times ("2023-10-06T17:35:56.123456Z", Kraken's and Coinbase's) to µs since the
//! epoch, exactly, without a date library: the core has no clock and needs no time zones
//! beyond a numeric offset.

/// µs since 1970-01-01T00:00:00Z; None unless `text` is `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`
/// (a space or lower-case `t` for the `T`, lower-case `z` accepted; digits past µs are cut).
pub fn rfc3339_micros(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0i64, |v, &c| c.is_ascii_digit().then(|| v * 10 + (c - b'0') as i64))
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, min, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut micros = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 6 {
                micros = micros * 10 + (b[i] - b'0') as i64;
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..6 {
            micros *= 10;
        }
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&s @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let o = (h * 60 + m) * 60;
            if s == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + min * 60 + sec - offset;
    Some(secs * 1_000_000 + micros)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(rfc3339_micros("1970-01-01T00:00:00Z"), Some(0));
        // `date -u -d 2023-10-06T17:35:56Z +%s` = 1696613756
        assert_eq!(rfc3339_micros("2023-10-06T17:35:56.000000Z"), Some(1_696_613_756_000_000));
        assert_eq!(rfc3339_micros("2021-04-17T16:43:37.075687Z"), Some(1_618_677_817_075_687));
        assert_eq!(rfc3339_micros("2023-09-25T07:48:36.925533Z"), Some(1_695_628_116_925_533));
        // Nanoseconds cut to µs; a short fraction is tenths.
        assert_eq!(rfc3339_micros("2023-10-06T17:35:56.123456789Z"), Some(1_696_613_756_123_456));
        assert_eq!(rfc3339_micros("2023-10-06T17:35:56.5Z"), Some(1_696_613_756_500_000));
        assert_eq!(rfc3339_micros("2023-10-06T19:35:56+02:00"), Some(1_696_613_756_000_000));
        assert_eq!(rfc3339_micros("2024-02-29T00:00:00Z"), Some(1_709_164_800_000_000));
        assert_eq!(rfc3339_micros("1969-12-31T23:59:59Z"), Some(-1_000_000));
    }

    #[test]
    fn malformed() {
        for bad in [
            "",
            "2023-10-06",
            "2023-10-06T17:35:56",
            "2023-13-06T17:35:56Z",
            "2023-02-29T00:00:00Z",
            "2023-10-06T24:00:00Z",
            "2023-10-06T17:35:56.Z",
            "2023-10-06T17:35:56Zjunk",
            "2023/10/06T17:35:56Z",
            "2023-10-06T17:35:56+0200",
            "２023-10-06T17:35:56Z",
        ] {
            assert_eq!(rfc3339_micros(bad), None, "{bad}");
        }
    }
}
