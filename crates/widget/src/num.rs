//! Floats as text without Rust's float formatting and parsing (≈ 20 KB of wasm): the widget
//! shows only coordinates, seconds and percentages, to a tenth at most, and reads only the
//! seconds settings. Money is never an f64 (exact decimal strings and ticks everywhere).

/// `v` rounded to a tenth (ties to even, as `{:.1}`; a half is judged on `v × 10`), with one
/// decimal: "10.2", "600.0".
pub fn tenths(v: f64) -> String {
    let mut s = String::new();
    push_tenths(&mut s, v, false);
    s
}

/// As [`tenths`], without a ".0": "10.2", "600" (a coordinate or a percentage).
pub fn short(v: f64) -> String {
    let mut s = String::new();
    push_tenths(&mut s, v, true);
    s
}

/// Appends `v` rounded to a tenth; `trim`: no ".0" for a whole number.
pub fn push_tenths(out: &mut String, v: f64, trim: bool) {
    let t = (v * 10.0).round_ties_even();
    let t = if t.is_finite() { t as i64 } else { 0 };
    if t < 0 {
        out.push('-');
    }
    let t = t.unsigned_abs();
    out.push_str(&(t / 10).to_string());
    if !trim || t % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (t % 10) as u8));
    }
}

/// `v` rounded to a whole number (ties to even, as `{:.0}`).
pub fn whole(v: f64) -> i64 {
    let v = v.round_ties_even();
    if v.is_finite() {
        v as i64
    } else {
        0
    }
}

/// Reads an optional sign at `b[*i]`: true for "-".
fn sign(b: &[u8], i: &mut usize) -> bool {
    match b.get(*i) {
        Some(&c @ (b'-' | b'+')) => {
            *i += 1;
            c == b'-'
        }
        _ => false,
    }
}

/// A decimal number as people write it: `[+-]digits[.digits][e[+-]digits]` (also ".5" and
/// "5."); None for anything else (no "inf", "NaN", hex …).
pub fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let neg = sign(b, &mut i);
    let (mut mantissa, mut exp, mut digits) = (0u64, 0i32, 0);
    let mut dot = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 / 10 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    exp -= dot as i32;
                } else {
                    exp += !dot as i32;
                }
            }
            b'.' if !dot => dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let eneg = sign(b, &mut i);
        let start = i;
        let mut e = 0i32;
        while let Some(c @ b'0'..=b'9') = b.get(i) {
            e = e.saturating_mul(10).saturating_add(i32::from(c - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exp = exp.saturating_add(if eneg { -e } else { e });
    }
    if i != b.len() {
        return None;
    }
    let m = mantissa as f64;
    // Dividing by an exact power of ten keeps "0.1" the nearest double to 0.1.
    let v = if exp < 0 { m / 10f64.powi(-exp) } else { m * 10f64.powi(exp) };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_like_format() {
        for v in [0.0, 1.0, 2.0, 10.25, 138.7, 108.0, 600.0, 0.04, 12.345, 99.99, 86_400.0, 0.5, 287.54] {
            assert_eq!(tenths(v), format!("{v:.1}"), "{v}");
        }
        // Only a half that the double misses can round the other way (10.35 is 10.3499…, 0.05 is
        // 0.05000…03).
        assert_eq!((tenths(10.35), format!("{:.1}", 10.35)), ("10.4".into(), "10.3".into()));
        assert_eq!(tenths(-1.25), "-1.2");
        assert_eq!(short(300.0), "300");
        assert_eq!(short(287.54), "287.5");
        assert_eq!(short(12.5), "12.5");
        assert_eq!(short(f64::NAN), "0");
        assert_eq!(whole(2.5), 2);
        assert_eq!(whole(3.5), 4);
        assert_eq!(whole(29.6), 30);
    }

    #[test]
    fn parses_like_from_str() {
        for s in ["0", "5", "0.1", "0.5", ".5", "5.", "+2", "-1", "86400", "1e2", "2.5E-1", "120.000", "0.125"] {
            assert_eq!(parse(s), s.parse::<f64>().ok(), "{s}");
        }
        for s in ["", ".", "-", "1e", "1.2.3", "inf", "NaN", "0x10", "1 ", " 1", "1e+", "e5"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
