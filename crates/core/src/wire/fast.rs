//! A lean decoder for the hottest payload: a depth frame of the streaming API.
//!
//! It scans the JSON once, by hand, and accepts only what it has fully validated: the
//! allowed keys, strings without escapes, numbers by the JSON grammar. Anything else — an
//! escape, an unexpected key, a duplicate, trailing text — returns None, and the general
//! serde decoder takes the payload. So both always decode alike (the fuzz test checks it).

use std::borrow::Cow;

use super::frame::{Decoded, Payload, Private, PrivateMessage};
use super::messages::Depth;
use super::num::Num;

struct Scan<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

/// A scalar field value: a string's contents, a number's text, or null.
enum Scalar<'a> {
    Str(&'a str),
    Number(&'a str),
    Null,
}

impl<'a> Scan<'a> {
    #[inline(always)]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// A string with no escape and no control character: its contents.
    #[inline(always)]
    fn string(&mut self) -> Option<&'a str> {
        self.ws();
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let start = self.i;
        let rest = &self.b[start..];
        let len = string_end(rest)?;
        if rest[len] != b'"' {
            return None;
        }
        self.i = start + len + 1;
        // Split at ASCII quotes of a &str: still valid UTF-8.
        self.s.get(start..start + len)
    }

    /// A number's text, by the JSON grammar.
    fn number(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.i;
        self.i += number_len(&self.b[start..])?;
        self.s.get(start..self.i)
    }

    fn literal(&mut self, lit: &[u8]) -> Option<()> {
        self.ws();
        self.b[self.i..].starts_with(lit).then(|| self.i += lit.len())
    }

    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Str),
            b'n' => self.literal(b"null").map(|_| Scalar::Null),
            b'-' | b'0'..=b'9' => self.number().map(Scalar::Number),
            _ => None,
        }
    }

    /// Skips any value, validating it; gives up (None) on escapes and deep nesting.
    fn skip(&mut self, depth: u32) -> Option<()> {
        if depth > 32 {
            return None;
        }
        match self.peek()? {
            b'{' => {
                self.i += 1;
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    self.string()?;
                    self.eat(b':')?;
                    self.skip(depth + 1)?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip(depth + 1)?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            _ => self.scalar().map(|_| ()),
        }
    }

    /// Walks an object's members, calling `member(key, self)` for each; `member` consumes
    /// the value. Ends after the closing brace.
    fn object(&mut self, mut member: impl FnMut(&'a str, &mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            member(key, self)?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

/// The length of the JSON number at the start of `b` (by the grammar: `-`? int frac? exp?).
pub(super) fn number_len(b: &[u8]) -> Option<usize> {
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i += digits(i),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
    }
    Some(i)
}

/// The index of the first `"`, `\\` or control character: eight bytes at a time.
#[inline(always)]
pub(super) fn string_end(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(w);
        let quote = x ^ (ONES * b'"' as u64);
        let slash = x ^ (ONES * b'\\' as u64);
        // A byte is zero (a match) or below 0x20: borrows only run upwards, so the lowest
        // flagged byte is exact.
        let hit = ((quote.wrapping_sub(ONES) & !quote)
            | (slash.wrapping_sub(ONES) & !slash)
            | (x.wrapping_sub(ONES * 0x20) & !x))
            & HIGH;
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|p| i + p)
}

fn num(v: Scalar<'_>) -> Option<Option<Num<'_>>> {
    match v {
        Scalar::Str(s) => Some(Some(Num::string(s))),
        Scalar::Number(n) => Some(Some(Num::number(n))),
        Scalar::Null => Some(None),
    }
}

fn text(v: Scalar<'_>) -> Option<Option<Cow<'_, str>>> {
    match v {
        Scalar::Str(s) => Some(Some(Cow::Borrowed(s))),
        Scalar::Null => Some(None),
        Scalar::Number(_) => None,
    }
}

/// Sets a field once: a second occurrence of a known key is for the general decoder (an error).
fn once<T>(seen: &mut u32, bit: u32, slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if *seen & bit != 0 {
        return None;
    }
    *seen |= bit;
    *slot = value;
    Some(())
}

/// Fills `d` from a depth object.
fn depth<'a>(sc: &mut Scan<'a>, d: &mut Depth<'a>) -> Option<()> {
    let mut seen = 0u32;
    sc.object(|key, sc| {
        let (bit, is_num) = match key {
            "price" => (1, true),
            "type" => (2, true),
            "type_str" => (4, false),
            "volume" => (8, true),
            "volume_int" => (16, true),
            "price_int" => (32, true),
            "item" => (64, false),
            "currency" => (128, false),
            "now" => (256, true),
            "total_volume_int" => (512, true),
            _ => return sc.skip(1),
        };
        let v = sc.scalar()?;
        if is_num {
            let slot = match bit {
                1 => &mut d.price,
                2 => &mut d.type_num,
                8 => &mut d.volume,
                16 => &mut d.volume_int,
                32 => &mut d.price_int,
                256 => &mut d.now,
                _ => &mut d.total_volume_int,
            };
            once(&mut seen, bit, slot, num(v)?)
        } else {
            let slot = match bit {
                4 => &mut d.type_str,
                64 => &mut d.item,
                _ => &mut d.currency,
            };
            once(&mut seen, bit, slot, text(v)?)
        }
    })
}

/// The depth frame `{"op":"private","private":"depth","depth":{…},…}`, or None.
pub(crate) fn depth_frame(input: &str) -> Option<Decoded<'_>> {
    let mut out = empty_depth_frame();
    depth_frame_into(input, &mut out).then_some(out)
}

/// An empty depth frame, to be filled by [`depth_frame_into`].
pub(crate) fn empty_depth_frame<'a>() -> Decoded<'a> {
    Decoded {
        payload: Payload::Private(Private {
            channel: None,
            channel_name: None,
            origin: None,
            stamp: None,
            message: PrivateMessage::Depth(Depth::default()),
        }),
        capture_ms: None,
        currency_hint: None,
    }
}

/// Fills `out` (from [`empty_depth_frame`]) in place — the decoded payload is large, and
/// moving it costs more than filling it. False (and `out` is garbage) unless it is a depth
/// frame this fast path fully validated.
pub(crate) fn depth_frame_into<'a>(input: &'a str, out: &mut Decoded<'a>) -> bool {
    let mut sc = Scan { s: input, b: input.as_bytes(), i: 0 };
    let Decoded { payload: Payload::Private(p), capture_ms, currency_hint } = out else { return false };
    let Private { channel, channel_name, origin, stamp, message: PrivateMessage::Depth(body) } = p else {
        return false;
    };
    let (mut op, mut kind) = (None, None);
    let mut seen = 0u32;
    let parsed = sc.object(|key, sc| match key {
        "op" => once(&mut seen, 1, &mut op, text(sc.scalar()?)?),
        "private" => once(&mut seen, 2, &mut kind, text(sc.scalar()?)?),
        "channel" => once(&mut seen, 4, channel, text(sc.scalar()?)?),
        "channel_name" => once(&mut seen, 8, channel_name, text(sc.scalar()?)?),
        "origin" => once(&mut seen, 16, origin, text(sc.scalar()?)?),
        "stamp" => once(&mut seen, 32, stamp, num(sc.scalar()?)?),
        "_t" => once(&mut seen, 64, capture_ms, num(sc.scalar()?)?),
        "_currency" => once(&mut seen, 128, currency_hint, text(sc.scalar()?)?),
        "depth" if seen & 256 == 0 && sc.peek()? == b'{' => {
            seen |= 256;
            depth(sc, body)
        }
        _ => None,
    });
    sc.ws();
    parsed.is_some()
        && seen & 256 != 0
        && sc.i == sc.b.len()
        && op.as_deref() == Some("private")
        && kind.as_deref() == Some("depth")
}
