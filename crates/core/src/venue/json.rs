//! What every venue decoder reads with the core's one lexer ([`crate::wire::read`]): numbers
//! as exact text, `[price, amount]` level arrays, the members that say what a message is,
//! duplicate-key refusal, and the conversion of number text to exact ticks with its position.

use crate::error::{Error, NumberProblem};
use crate::money::decimal_to_ticks;
use crate::venue::pair::PairScales;
use crate::wire::read::{Fault, Located, Reader};
use std::borrow::Cow;

pub(crate) type Rd<'a> = Reader<'a, Located>;
pub(crate) type Res<T> = Result<T, Fault>;

/// A lexer failure as the crate's error, positioned in `input`.
pub(crate) fn fault(input: &str) -> impl Fn(Fault) -> Error + '_ {
    move |f| f.into_error(input)
}

/// A number's exact text: a JSON number (Kraken) or a string holding one (Bitstamp,
/// Coinbase), borrowed from the input so that an error can point at it.
pub(crate) fn num<'a>(r: &mut Rd<'a>) -> Res<&'a str> {
    match r.peek()? {
        b'"' => {
            let at = r.offset();
            match r.string()? {
                Cow::Borrowed(s) => Ok(s),
                Cow::Owned(_) => Err(Fault { at, what: "a number in a string must not contain escapes" }),
            }
        }
        b'-' | b'0'..=b'9' => r.number(),
        _ => Err(r.fail("expected a number or a string holding a number")),
    }
}

/// `[[price, amount], …]` (Bitstamp, Coinbase): extra items in a level (Bitstamp's order id
/// in `detail_order_book`) are skipped; fewer than two are an error.
pub(crate) fn pair_levels<'a>(r: &mut Rd<'a>, out: &mut Vec<(&'a str, &'a str)>) -> Res<()> {
    r.array(|r| {
        let (mut price, mut amount, mut k) = (None, None, 0);
        r.array(|r| {
            match k {
                0 => price = Some(num(r)?),
                1 => amount = Some(num(r)?),
                _ => r.skip()?,
            }
            k += 1;
            Ok(())
        })?;
        match (price, amount) {
            (Some(p), Some(a)) => {
                out.push((p, a));
                Ok(())
            }
            _ => Err(r.fail("a level needs a price and an amount")),
        }
    })
}

/// Known keys seen so far in one object: a second occurrence of a known key is refused (as
/// the MtGox decoders do) — which of two values to trust is not for the decoder to guess.
#[derive(Default)]
pub(crate) struct Seen(u64);

impl Seen {
    pub(crate) fn first(&mut self, bit: u32, r: &Rd<'_>) -> Res<()> {
        let m = 1u64 << bit;
        if self.0 & m != 0 {
            return Err(r.fail("duplicate field"));
        }
        self.0 |= m;
        Ok(())
    }
}

/// The string members named in `keys` of the top-level object of `text` (each None when
/// absent, `""` when present but not a string), read in one walk that stops as soon as
/// `enough` says the rest is not needed (else it checks that nothing follows the object).
/// Other members are skipped (validated). A line that is not an object is an error: no
/// venue sends anything else.
pub(crate) fn header<'a, const N: usize>(
    text: &'a str,
    keys: [&str; N],
    enough: impl Fn(&[Option<Cow<'a, str>>; N]) -> bool,
) -> Result<[Option<Cow<'a, str>>; N], Error> {
    let mut found: [Option<Cow<'a, str>>; N] = std::array::from_fn(|_| None);
    let mut r = Rd::new(text);
    let walk = (|| -> Res<()> {
        r.expect(b'{', "expected an object")?;
        if r.peek()? == b'}' {
            r.expect(b'}', "")?;
            return r.end();
        }
        loop {
            if r.peek()? != b'"' {
                return Err(r.fail("key must be a string"));
            }
            let key = r.string()?;
            r.expect(b':', "expected `:`")?;
            match keys.iter().position(|k| *k == key) {
                Some(i) if found[i].is_some() => return Err(r.fail("duplicate field")),
                Some(i) if r.peek()? == b'"' => found[i] = Some(r.string()?),
                // Present but not a string: "" (no venue names anything so).
                Some(i) => {
                    r.skip()?;
                    found[i] = Some(Cow::Borrowed(""));
                }
                _ => r.skip()?,
            }
            if enough(&found) {
                return Ok(());
            }
            match r.peek()? {
                b',' => r.expect(b',', "")?,
                b'}' => {
                    r.expect(b'}', "")?;
                    return r.end();
                }
                _ => return Err(r.fail("expected `,` or `}`")),
            }
        }
    })();
    walk.map_err(fault(text))?;
    Ok(found)
}

/// Checks that `text` is one JSON value and nothing else: for lines a decoder does not read
/// in full (an unknown type found early), which must still be JSON to be "unknown".
pub(crate) fn validate(text: &str) -> Result<(), Error> {
    let mut r = Rd::new(text);
    r.skip().and_then(|_| r.end()).map_err(fault(text))
}

/// A side's `(price, amount)` texts as ticks at `scales`, `amount` naming the venue's amount
/// field in errors. One loop shared by the three venues (not `collect::<Result<Vec<_>>>` per
/// venue: each is a copy of the same code in the wasm).
pub(crate) fn tick_levels(
    input: &str,
    levels: &[(&str, &str)],
    scales: PairScales,
    amount: &'static str,
) -> Result<Vec<(i64, i64)>, Error> {
    let mut out = Vec::with_capacity(levels.len());
    for &(p, a) in levels {
        out.push((ticks(input, p, scales.price, "price")?, ticks(input, a, scales.amount, amount)?));
    }
    Ok(out)
}

/// Number text to ticks at `decimals`, exactly: a value with more decimals than the scale
/// is refused (not rounded), a negative one is invalid. Errors point at the text in `input`.
pub(crate) fn ticks(input: &str, text: &str, decimals: u32, field: &'static str) -> Result<i64, Error> {
    if let Some(v) = plain_ticks(text.as_bytes(), decimals) {
        return Ok(v);
    }
    let bad = |problem| Error::Number { field, text: text.to_string(), problem, at: None }.locate(input, text);
    let v = decimal_to_ticks(text, decimals).map_err(bad)?;
    if !exact_at(text, decimals) {
        return Err(bad(NumberProblem::TooPrecise(decimals)));
    }
    if v < 0 {
        return Err(Error::Invalid { field, text: text.to_string(), at: None }.locate(input, text));
    }
    Ok(v)
}

/// Number text to ticks at `decimals`, rounded half to even past the scale: for averages
/// (a VWAP is no price on the book, and a venue may publish it finer than its tick).
pub(crate) fn rounded_ticks(input: &str, text: &str, decimals: u32, field: &'static str) -> Result<i64, Error> {
    decimal_to_ticks(text, decimals)
        .map_err(|problem| Error::Number { field, text: text.to_string(), problem, at: None }.locate(input, text))
}

/// An RFC 3339 time (Kraken, Coinbase) to µs; an error pointing at it when malformed.
pub(crate) fn time(input: &str, text: &str, field: &'static str) -> Result<i64, Error> {
    super::time::rfc3339_micros(text)
        .ok_or_else(|| Error::Invalid { field, text: text.to_string(), at: None }.locate(input, text))
}

/// A string member's text, borrowed (an escaped string is refused: no venue escapes the
/// names and times read here, and an error must be able to point at its text).
pub(crate) fn plain<'a>(r: &mut Rd<'a>) -> Res<&'a str> {
    let at = r.offset();
    match r.string()? {
        Cow::Borrowed(s) => Ok(s),
        Cow::Owned(_) => Err(Fault { at, what: "unexpected escape in a name or time" }),
    }
}

/// An integer field (ids, microtimestamps): a JSON integer or a string holding one.
pub(crate) fn int(input: &str, text: &str, field: &'static str) -> Result<i64, Error> {
    crate::money::parse_int(text)
        .map_err(|problem| Error::Number { field, text: text.to_string(), problem, at: None }.locate(input, text))
}

/// The common case in one pass over i64: unsigned `digits[.digits]`, at most 18 digits, exact
/// at `decimals` (places past the scale must be zeros). None for anything else, which the
/// general conversion then decides (and explains); where both succeed they agree.
#[inline]
fn plain_ticks(b: &[u8], decimals: u32) -> Option<i64> {
    let (mut v, mut digits, mut places, mut point) = (0i64, 0u32, 0u32, false);
    for &c in b {
        match c {
            b'0'..=b'9' => {
                v = v * 10 + (c - b'0') as i64;
                digits += 1;
                places += u32::from(point);
                if digits > 18 {
                    return None;
                }
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    if places > decimals {
        let p = 10i64.pow(places - decimals);
        return (v % p == 0).then_some(v / p);
    }
    10i64.checked_pow(decimals - places).and_then(|m| v.checked_mul(m))
}

/// Whether decimal text (already known to parse) has at most `decimals` places, trailing
/// zeros and the exponent taken into account ("1E-8" has 8, "8500.01000000" has 2). One
/// backward scan in the common case (no exponent): this runs on every price and amount.
fn exact_at(text: &str, decimals: u32) -> bool {
    let b = text.as_bytes();
    let (mantissa, exp) = match b.iter().rposition(|&c| c == b'e' || c == b'E') {
        // `get`, not indexing: after the ASCII `e` it cannot fail, and indexing would link
        // the char-boundary panic's formatting into the wasm.
        Some(i) => (&b[..i], text.get(i + 1..).and_then(|e| e.parse::<i64>().ok()).unwrap_or(0)),
        None => (b, 0),
    };
    // Fractional digits after the last non-zero one's trailing zeros are cut.
    let mut end = mantissa.len();
    while end > 0 && mantissa[end - 1] == b'0' {
        end -= 1;
    }
    let frac = match mantissa[..end].iter().rposition(|&c| c == b'.') {
        Some(dot) => (end - dot - 1) as i64,
        None => 0,
    };
    if frac.saturating_sub(exp) <= decimals as i64 {
        return true;
    }
    // An all-zero mantissa ("0.000e5") needs no places at all.
    mantissa.iter().all(|&c| !c.is_ascii_digit() || c == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_path_agrees_with_the_general_one() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let alphabet = b"0123456789..e-E+ 1";
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 22) as usize;
            let text: String =
                (0..len).map(|i| alphabet[((seed >> (i % 50)) as usize + i * 7) % alphabet.len()] as char).collect();
            let d = (seed >> 40) as u32 % 12;
            if let Some(fast) = plain_ticks(text.as_bytes(), d) {
                let slow = decimal_to_ticks(&text, d).ok().filter(|_| exact_at(&text, d));
                assert_eq!(Some(fast), slow, "{text} at {d}");
            }
        }
        for (t, d, want) in [
            ("30000.01", 2, Some(3000001)),
            ("0.50000000", 8, Some(50_000_000)),
            ("1.50", 1, Some(15)),
            ("1.55", 1, None),
            ("1e-8", 8, None),
            ("-1", 2, None),
            ("", 2, None),
            ("1.", 2, Some(100)),
            ("1234567890123456789", 0, None),
        ] {
            assert_eq!(plain_ticks(t.as_bytes(), d), want, "{t}");
        }
    }

    #[test]
    fn exactness() {
        for (t, d, ok) in [
            ("1E-8", 8, true),
            ("1e-09", 8, false),
            ("8500.01000000", 2, true),
            ("8500.011", 2, false),
            ("45285.2", 1, true),
            ("0.00000000", 8, true),
            ("0", 0, true),
            ("1.5e1", 0, true),
            ("1.55e1", 0, false),
            ("12", 0, true),
        ] {
            assert_eq!(exact_at(t, d), ok, "{t} at {d}");
        }
        assert_eq!(ticks("x", "1E-8", 8, "amount"), Ok(1));
        let e = ticks(r#"{"p":"1.005"}"#, &r#"{"p":"1.005"}"#[6..11], 2, "price").unwrap_err();
        assert_eq!(e.position().map(|p| p.column), Some(7));
        assert!(matches!(e, Error::Number { problem: NumberProblem::TooPrecise(2), .. }));
        assert!(matches!(ticks("-1", "-1", 2, "price"), Err(Error::Invalid { .. })));
    }

    #[test]
    fn header_stops_early_and_refuses_non_objects() {
        let h = header(r#"{"type":"x","rest":[1,2"#, ["type"], |f| f[0].is_some()).unwrap();
        assert_eq!(h[0].as_deref(), Some("x"));
        let h = header(r#"{"a":{"b":1},"event":"e","channel":"c"}"#, ["event", "channel"], |_| false).unwrap();
        assert_eq!((h[0].as_deref(), h[1].as_deref()), (Some("e"), Some("c")));
        assert!(header("[1]", ["type"], |_| false).is_err());
        assert!(header(r#"{"type":"a","type":"b"}"#, ["type"], |_| false).is_err());
        assert!(header(r#"{"type":"a""#, ["type"], |_| false).is_err());
    }
}
