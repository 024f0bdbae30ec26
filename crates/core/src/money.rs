//! Exact money: currency codes, their scales, and i64 ticks parsed from decimal text.
//!
//! Every amount on the wire is either an `*_int` integer string (ticks at the currency's
//! scale) or a decimal text ("5.5594", 5.5594, 1e-05). Both become i64 ticks without ever
//! passing through a binary float; rust_decimal is used only at the edges (display, maths).

use crate::error::{Error, NumberProblem};
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// A currency or item code such as "USD", "JPY", "BTC": 2 to 7 ASCII letters or digits, upper case.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    bytes: [u8; 7],
    len: u8,
}

impl Currency {
    pub const BTC: Currency = Currency::known(*b"BTC");
    pub const USD: Currency = Currency::known(*b"USD");
    pub const EUR: Currency = Currency::known(*b"EUR");
    pub const JPY: Currency = Currency::known(*b"JPY");

    const fn known(code: [u8; 3]) -> Currency {
        Currency { bytes: [code[0], code[1], code[2], 0, 0, 0, 0], len: 3 }
    }

    /// Parses a code, case-insensitively; None unless it is 2..=7 ASCII alphanumerics.
    pub fn new(code: &str) -> Option<Currency> {
        let b = code.as_bytes();
        if !(2..=7).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut bytes = [0u8; 7];
        for (d, s) in bytes.iter_mut().zip(b) {
            *d = s.to_ascii_uppercase();
        }
        Some(Currency { bytes, len: b.len() as u8 })
    }

    pub fn as_str(&self) -> &str {
        let b = &self.bytes[..self.len as usize];
        if !b.is_ascii() {
            return ""; // never: only ASCII alphanumerics are stored
        }
        // SAFETY: ASCII is valid UTF-8 (checked just above: cheaper in wasm than from_utf8's
        // general validation, which is most of this function's code otherwise).
        unsafe { std::str::from_utf8_unchecked(b) }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Currency::new(s).ok_or_else(|| Error::UnknownCurrency { field: "currency", code: s.to_string(), at: None })
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The scale (number of decimals of one tick) of each known currency.
///
/// Starts with the protocol's fixed scales and learns others from currency-info payloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scales {
    entries: Vec<(Currency, u32)>,
}

/// Items (BTC, LTC, NMC) count in 1e-8; fiat in 1e-5, except JPY and SEK in 1e-3.
const DEFAULT_SCALES: &[(&str, u32)] = &[
    ("BTC", 8),
    ("LTC", 8),
    ("NMC", 8),
    ("USD", 5),
    ("AUD", 5),
    ("CAD", 5),
    ("CHF", 5),
    ("CNY", 5),
    ("DKK", 5),
    ("EUR", 5),
    ("GBP", 5),
    ("HKD", 5),
    ("NZD", 5),
    ("PLN", 5),
    ("RUB", 5),
    ("SGD", 5),
    ("THB", 5),
    ("NOK", 5),
    ("CZK", 5),
    ("KRW", 5),
    ("INR", 5),
    ("JPY", 3),
    ("SEK", 3),
];

/// The largest scale accepted from a currency-info payload (10^18 still fits i64).
pub const MAX_DECIMALS: u32 = 18;

impl Default for Scales {
    fn default() -> Self {
        let entries = DEFAULT_SCALES.iter().filter_map(|&(c, d)| Some((Currency::new(c)?, d))).collect();
        Scales { entries }
    }
}

impl Scales {
    /// The number of decimals of `currency`'s ticks, if known.
    pub fn decimals(&self, currency: Currency) -> Option<u32> {
        self.entries.iter().find(|(c, _)| *c == currency).map(|&(_, d)| d)
    }

    /// Like [`Scales::decimals`], but an unknown currency is an error naming `field`.
    pub fn require(&self, currency: Currency, field: &'static str) -> Result<u32, Error> {
        self.decimals(currency).ok_or_else(|| Error::UnknownCurrency { field, code: currency.to_string(), at: None })
    }

    /// Records (or corrects) a currency's scale; returns whether anything changed.
    pub fn learn(&mut self, currency: Currency, decimals: u32) -> Result<bool, Error> {
        if decimals > MAX_DECIMALS {
            return Err(Error::Invalid { field: "decimals", text: decimals.to_string(), at: None });
        }
        match self.entries.iter_mut().find(|(c, _)| *c == currency) {
            Some(entry) if entry.1 == decimals => Ok(false),
            Some(entry) => {
                entry.1 = decimals;
                Ok(true)
            }
            None => {
                self.entries.push((currency, decimals));
                Ok(true)
            }
        }
    }

    /// Every known currency with its decimals.
    pub fn iter(&self) -> impl Iterator<Item = (Currency, u32)> + '_ {
        self.entries.iter().copied()
    }
}

/// Parses an `*_int` field: an optionally signed run of decimal digits, already in ticks.
pub fn parse_int(text: &str) -> Result<i64, NumberProblem> {
    let (neg, digits) = match text.as_bytes().first() {
        None => return Err(NumberProblem::Empty),
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        Some(_) => (false, text),
    };
    if digits.is_empty() {
        return Err(NumberProblem::Empty);
    }
    if digits.len() <= 18 {
        // Up to 18 digits cannot overflow: eight digits at a time, then one at a time, no
        // checks per digit (anything else goes to the careful loop below, which says what).
        let b = digits.as_bytes();
        let (mut v, mut bad, mut i) = (0i64, false, 0);
        while i + 8 <= b.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i..i + 8]);
            let w = u64::from_le_bytes(w);
            bad |= !eight_digits(w);
            v = v.wrapping_mul(100_000_000).wrapping_add(eight_digits_value(w) as i64);
            i += 8;
        }
        for &c in &b[i..] {
            let d = c.wrapping_sub(b'0');
            bad |= d > 9;
            v = v.wrapping_mul(10).wrapping_add(d as i64);
        }
        if !bad {
            return Ok(if neg { -v } else { v });
        }
    }
    let mut v: i64 = 0;
    for (i, b) in digits.bytes().enumerate() {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return Err(if b == b'.' || b == b'e' || b == b'E' {
                NumberProblem::NotInteger
            } else {
                NumberProblem::BadCharacter(i + (text.len() - digits.len()))
            });
        }
        // Accumulate negatively so that i64::MIN parses too.
        v = v.checked_mul(10).and_then(|v| v.checked_sub(d as i64)).ok_or(NumberProblem::Overflow)?;
    }
    if neg {
        Ok(v)
    } else {
        v.checked_neg().ok_or(NumberProblem::Overflow)
    }
}

/// Whether the eight bytes of `w` (little-endian) are all ASCII digits.
#[inline(always)]
fn eight_digits(w: u64) -> bool {
    let a = w.wrapping_add(0x4646_4646_4646_4646);
    let b = w.wrapping_sub(0x3030_3030_3030_3030);
    (a | b) & 0x8080_8080_8080_8080 == 0
}

/// The value of eight ASCII digits loaded little-endian (the first digit in the low byte):
/// pairs, then quads, then the whole, in three multiplications.
#[inline(always)]
fn eight_digits_value(w: u64) -> u64 {
    const MASK: u64 = 0x0000_00FF_0000_00FF;
    const MUL1: u64 = 0x000F_4240_0000_0064; // 100 + (1_000_000 << 32)
    const MUL2: u64 = 0x0000_2710_0000_0001; // 1 + (10_000 << 32)
    let w = w.wrapping_sub(0x3030_3030_3030_3030);
    let w = w.wrapping_mul(10).wrapping_add(w >> 8);
    (w & MASK).wrapping_mul(MUL1).wrapping_add(((w >> 16) & MASK).wrapping_mul(MUL2)) >> 32
}

/// Converts decimal text ("5.5594", "-2.71", "1e-05", "0.1E+2") to ticks of `decimals` places.
///
/// Exact whenever the value has at most `decimals` places; otherwise it is rounded to the
/// nearest tick, ties to even (a float text with noise past the scale, e.g. "14.430000000000001").
pub fn decimal_to_ticks(text: &str, decimals: u32) -> Result<i64, NumberProblem> {
    match plain_decimal_to_ticks(text.as_bytes(), decimals) {
        Some(ticks) => Ok(ticks),
        None => any_decimal_to_ticks(text, decimals),
    }
}

/// [`decimal_to_ticks`] for any text: an i128 mantissa, exponents, rounding.
fn any_decimal_to_ticks(text: &str, decimals: u32) -> Result<i64, NumberProblem> {
    let b = text.as_bytes();
    let mut i = 0;
    let neg = match b.first() {
        None => return Err(NumberProblem::Empty),
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        Some(_) => false,
    };
    // Significant digits kept in an i128 mantissa; digits beyond what can matter only decide rounding.
    let mut mant: i128 = 0;
    let mut mant_digits = 0u32;
    let mut exp: i64 = 0; // value = mant * 10^exp
    let mut sticky = false; // a non-zero digit was dropped beyond the mantissa
    let mut seen_digit = false;
    let mut seen_point = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen_digit = true;
                if mant_digits < 36 {
                    mant = mant * 10 + (c - b'0') as i128;
                    if mant != 0 {
                        mant_digits += 1;
                    }
                    if seen_point {
                        exp -= 1;
                    }
                } else {
                    sticky |= c != b'0';
                    if !seen_point {
                        exp += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return Err(NumberProblem::BadCharacter(i)),
        }
        i += 1;
    }
    if !seen_digit {
        return Err(if b.len() == i && i <= 1 { NumberProblem::Empty } else { NumberProblem::BadCharacter(i) });
    }
    if i < b.len() {
        // Exponent part.
        i += 1;
        let exp_start = i;
        let eneg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i >= b.len() {
            return Err(NumberProblem::BadCharacter(exp_start));
        }
        let mut e: i64 = 0;
        while i < b.len() {
            let d = b[i].wrapping_sub(b'0');
            if d > 9 {
                return Err(NumberProblem::BadCharacter(i));
            }
            e = (e * 10 + d as i64).min(1_000_000);
            i += 1;
        }
        exp += if eneg { -e } else { e };
    }
    // Scale to ticks: ticks = mant * 10^(exp + decimals).
    let shift = exp + decimals as i64;
    let ticks: i128 = if mant == 0 {
        0
    } else if shift >= 0 {
        if shift > 38 {
            return Err(NumberProblem::Overflow);
        }
        mant.checked_mul(10i128.pow(shift as u32)).ok_or(NumberProblem::Overflow)?
    } else {
        let drop = (-shift) as u32;
        if drop > 38 {
            0 // far below one tick (rounds to zero; a half tick would need mant ≥ 10^38)
        } else {
            let p = 10i128.pow(drop);
            let q = mant / p;
            let r = mant % p;
            let half = p / 2;
            if r > half || (r == half && (sticky || q % 2 == 1)) {
                q + 1
            } else {
                q
            }
        }
    };
    let ticks = if neg { -ticks } else { ticks };
    i64::try_from(ticks).map_err(|_| NumberProblem::Overflow)
}

/// The common case of [`decimal_to_ticks`] in one i64 pass: `-?digits[.digits]` with at most
/// 18 digits and at most `decimals` places (nothing to round). None: any other text, which
/// the general path decides (the same value whenever both apply).
#[inline]
fn plain_decimal_to_ticks(b: &[u8], decimals: u32) -> Option<i64> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, b.get(1..)?),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let (mut v, mut point) = (0i64, None);
    for (i, &c) in digits.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d <= 9 {
            // Wrapping: a 19th digit overflows, and is refused below.
            v = v.wrapping_mul(10).wrapping_add(i64::from(d));
        } else if c == b'.' && point.is_none() && i > 0 && i + 1 < digits.len() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let places = point.map_or(0, |p| digits.len() - p - 1) as u32;
    if digits.len() - usize::from(point.is_some()) > 18 || places > decimals {
        return None;
    }
    const POW10: [i64; 19] = {
        let mut p = [1i64; 19];
        let mut i = 1;
        while i < 19 {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    let v = v.checked_mul(*POW10.get((decimals - places) as usize)?)?;
    Some(if neg { -v } else { v })
}

/// Ticks as an exact Decimal with `decimals` places.
pub fn to_decimal(ticks: i64, decimals: u32) -> Decimal {
    Decimal::new(ticks, decimals)
}

/// Ticks as a fixed-point decimal string with exactly `decimals` places ("14.43000").
pub fn format_ticks(ticks: i64, decimals: u32) -> String {
    let mut out = String::with_capacity(24);
    write_ticks(&mut out, ticks, decimals);
    out
}

/// A Decimal as its `Display` writes it (every place of its scale kept), without
/// rust_decimal's formatting code: its mantissa at its scale.
pub fn format_decimal(d: Decimal) -> String {
    let mut out = String::with_capacity(32);
    write_fixed(&mut out, d.mantissa(), d.scale());
    out
}

/// Appends ticks as a fixed-point decimal string to `out`, without intermediate allocation.
pub fn write_ticks(out: &mut String, ticks: i64, decimals: u32) {
    write_fixed(out, ticks as i128, decimals)
}

/// Appends `n` × 10^-`decimals` with exactly `decimals` places ("-0.50"; "12" at 0 places).
fn write_fixed(out: &mut String, ticks: i128, decimals: u32) {
    let mut digits = [0u8; 64];
    let decimals = decimals.min(40);
    let mut wide = ticks.unsigned_abs();
    let mut len = 0;
    // 128-bit division only for what does not fit 64 bits.
    while wide > u64::MAX as u128 {
        digits[len] = b'0' + (wide % 10) as u8;
        wide /= 10;
        len += 1;
    }
    let mut n = wide as u64;
    while n > 0 || len <= decimals as usize {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    if ticks < 0 {
        out.push('-');
    }
    for k in (0..len).rev() {
        out.push(digits[k] as char);
        if k == decimals as usize && k != 0 {
            out.push('.');
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn integers_eight_digits_at_a_time() {
        for t in [
            "0",
            "7",
            "12345678",
            "123456789",
            "1366452000000000",
            "-1366452000000000",
            "999999999999999999",
            "000000000000000001",
            "-9223372036854775808",
            "9223372036854775807",
            "9223372036854775808",
            "1234567x",
            "12345678x",
            "123456781234567/",
            "1234:678",
            "+12345678",
            "1.5",
            "",
        ] {
            let want = t.trim_start_matches(['-', '+']).parse::<u64>().ok().filter(|_| !t.is_empty()).and_then(|v| {
                let v = i128::from(v) * if t.starts_with('-') { -1 } else { 1 };
                i64::try_from(v).ok()
            });
            assert_eq!(parse_int(t).ok(), want, "{t}");
        }
    }

    #[test]
    fn the_plain_decimal_path_agrees_with_the_general_one() {
        let texts = [
            "0",
            "-0",
            "1",
            "-1",
            "007",
            "14.4",
            "-2.71",
            "0.00000001",
            "123456789012345678",
            "1234567890123456789",
            "92233720368.54775807",
            "92233720368.54775808",
            "9.5",
            "1.",
            ".5",
            "-",
            "+1",
            "1e5",
            "1.2.3",
            "0.123456789",
            "99999999999999999.9",
            "-99999999999.99999999",
            "9223372036854775808",
            "9999999999999999999",
        ];
        for t in texts {
            for d in [0, 3, 5, 8, 18] {
                if let Some(v) = plain_decimal_to_ticks(t.as_bytes(), d) {
                    assert_eq!(Ok(v), any_decimal_to_ticks(t, d), "{t} at {d}");
                }
                assert_eq!(decimal_to_ticks(t, d), any_decimal_to_ticks(t, d), "{t} at {d}");
            }
        }
        assert_eq!(plain_decimal_to_ticks(b"14.4", 5), Some(1_440_000));
        assert_eq!(plain_decimal_to_ticks(b"14.123456", 5), None, "rounding is the general path's");
    }

    use super::*;

    #[test]
    fn format_decimal_is_display() {
        for (m, scale) in [
            (0i128, 0u32),
            (0, 4),
            (5, 0),
            (-5, 1),
            (12345, 2),
            (-12345, 7),
            (1, 28),
            (-79_228_162_514_264_337_593_543_950_335, 0),
            (79_228_162_514_264_337_593_543_950_335, 28),
            (18_446_744_073_709_551_616, 3),
            (i64::MIN as i128, 5),
        ] {
            let d = Decimal::from_i128_with_scale(m, scale);
            assert_eq!(format_decimal(d), d.to_string(), "{m} at {scale}");
        }
    }

    #[test]
    fn decimal_text_to_ticks_table() {
        // (text, decimals, expected)
        let cases: &[(&str, u32, Result<i64, NumberProblem>)] = &[
            ("5.5594", 5, Ok(555940)),
            ("14.43", 5, Ok(1443000)),
            ("-2.71", 8, Ok(-271000000)),
            ("1e-05", 8, Ok(1000)),
            ("1E-8", 8, Ok(1)),
            ("0.1E+2", 5, Ok(1000000)),
            ("34349", 8, Ok(3434900000000)),
            ("0.000000005", 8, Ok(0)), // tie → even
            ("0.000000015", 8, Ok(2)), // tie → even
            ("0.0000000151", 8, Ok(2)),
            ("14.430000000000001", 5, Ok(1443000)),
            ("1234.5675", 3, Ok(1234568)),
            ("", 5, Err(NumberProblem::Empty)),
            ("-", 5, Err(NumberProblem::Empty)),
            ("1.2.3", 5, Err(NumberProblem::BadCharacter(3))),
            ("1x", 5, Err(NumberProblem::BadCharacter(1))),
            ("1e", 5, Err(NumberProblem::BadCharacter(2))),
            ("99999999999999999999", 8, Err(NumberProblem::Overflow)),
            ("1e400", 8, Err(NumberProblem::Overflow)),
            ("1e-400", 8, Ok(0)),
        ];
        for (text, d, want) in cases {
            assert_eq!(decimal_to_ticks(text, *d), *want, "{text} at {d}");
        }
    }

    #[test]
    fn int_text_to_ticks_table() {
        assert_eq!(parse_int("1443000"), Ok(1443000));
        assert_eq!(parse_int("-271000000"), Ok(-271000000));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), Err(NumberProblem::Overflow));
        assert_eq!(parse_int("1.5"), Err(NumberProblem::NotInteger));
        assert_eq!(parse_int("12a"), Err(NumberProblem::BadCharacter(2)));
        assert_eq!(parse_int(""), Err(NumberProblem::Empty));
    }

    #[test]
    fn formats_at_scale() {
        assert_eq!(format_ticks(1443000, 5), "14.43000");
        assert_eq!(format_ticks(-271000000, 8), "-2.71000000");
        assert_eq!(format_ticks(1, 8), "0.00000001");
        assert_eq!(format_ticks(0, 3), "0.000");
        assert_eq!(format_ticks(7, 0), "7");
        assert_eq!(format_ticks(i64::MIN, 8), "-92233720368.54775808");
        assert_eq!(to_decimal(1443000, 5).to_string(), "14.43000");
    }

    #[test]
    fn scales_learn_and_refuse() {
        let mut s = Scales::default();
        assert_eq!(s.decimals(Currency::JPY), Some(3));
        let xyz = Currency::new("xyz").unwrap();
        assert_eq!(s.decimals(xyz), None);
        assert_eq!(s.learn(xyz, 2), Ok(true));
        assert_eq!(s.learn(xyz, 2), Ok(false));
        assert_eq!(s.decimals(xyz), Some(2));
        assert!(s.learn(xyz, 19).is_err());
        assert!(Currency::new("U").is_none());
        assert!(Currency::new("US D").is_none());
    }
}
