//! The one JSON lexer of the core: every decoder (MtGox's general decoder, its depth fast
//! path, and each venue's) reads the text through a [`Reader`].
//!
//! It reads in place and borrows: strings without escapes and numbers come back as slices of
//! the input, a number always as its exact text (never through a float). What a failure
//! costs is the [`Policy`]: [`Located`] keeps a [`Fault`] with the byte where it happened
//! (the dispatch turns it into a line and column), [`NotMine`] keeps nothing — for a fast path
//! whose every failure means "not mine, ask the general decoder".
//!
//! Walking an object, key by key (unknown keys are skipped, but validated):
//!
//! ```ignore
//! let mut r = Reader::<Located>::new(text);
//! let (mut price, mut qty) = (None, None);
//! r.object(|r, key| match key {
//!     "price" => r.num().map(|n| price = Some(n)),   // "1.5" or 1.5: exact text
//!     "qty" => r.opt_num().map(|n| qty = n),        // null is absent
//!     _ => r.skip(),
//! })?;
//! r.end()?; // nothing but whitespace may follow
//! ```

use std::borrow::Cow;
use std::marker::PhantomData;

use super::num::Num;
use crate::error::{Error, Position};

/// What a failure is worth to a decoder.
pub(crate) trait Policy {
    type Fail;
    fn fail(at: usize, what: &'static str) -> Self::Fail;
}

/// Failures carry their byte position and what was expected (the general decoders).
pub(crate) struct Located;

/// Failures carry nothing: the payload is "not mine" (fast paths that hand over to a general decoder).
pub(crate) struct NotMine;

/// A failure of a [`Located`] reader: at which byte of the input, and what was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) at: usize,
    pub(crate) what: &'static str,
}

impl Fault {
    /// The crate's error, positioned in `input` (the text the reader was given).
    pub(crate) fn into_error(self, input: &str) -> Error {
        Error::Json { message: self.what.to_string(), at: Position::at(input, self.at) }
    }
}

impl Policy for Located {
    type Fail = Fault;
    #[inline]
    fn fail(at: usize, what: &'static str) -> Fault {
        Fault { at, what }
    }
}

impl Policy for NotMine {
    type Fail = ();
    #[inline(always)]
    fn fail(_: usize, _: &'static str) {}
}

/// A cursor over JSON text.
pub(crate) struct Reader<'a, P: Policy> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    policy: PhantomData<P>,
}

type R<T, P> = Result<T, <P as Policy>::Fail>;

impl<'a, P: Policy> Reader<'a, P> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Reader { s: text, b: text.as_bytes(), i: 0, policy: PhantomData }
    }

    /// A reader of the value at byte `at` of `text` (positions stay those of the whole text).
    pub(crate) fn at(text: &'a str, at: usize) -> Self {
        Reader { s: text, b: text.as_bytes(), i: at.min(text.len()), policy: PhantomData }
    }

    /// The byte offset of the cursor.
    pub(crate) fn offset(&self) -> usize {
        self.i
    }

    /// A failure at the cursor.
    #[inline]
    pub(crate) fn fail(&self, what: &'static str) -> P::Fail {
        P::fail(self.i.min(self.b.len()), what)
    }

    /// `s[a..b]`, cut at ASCII delimiters: never off a char boundary, and without the panic
    /// path of str slicing (its formatting code is kilobytes of wasm).
    #[inline]
    fn sub(&self, a: usize, b: usize) -> &'a str {
        self.s.get(a..b).unwrap_or_default()
    }

    /// Skips whitespace.
    #[inline(always)]
    pub(crate) fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    pub(crate) fn peek(&mut self) -> R<u8, P> {
        self.ws();
        match self.b.get(self.i) {
            Some(&c) => Ok(c),
            None => Err(self.fail("EOF while parsing a value")),
        }
    }

    /// Consumes `c` (after whitespace), or fails with `what`.
    #[inline]
    pub(crate) fn expect(&mut self, c: u8, what: &'static str) -> R<(), P> {
        if self.peek()? == c {
            self.i += 1;
            Ok(())
        } else {
            Err(self.fail(what))
        }
    }

    /// Nothing but whitespace left.
    pub(crate) fn end(&mut self) -> R<(), P> {
        self.ws();
        if self.i == self.b.len() {
            Ok(())
        } else {
            Err(self.fail("trailing characters"))
        }
    }

    // ---- scalars ----

    /// A string's contents, unescaped: borrowed from the input when it has no escape.
    #[inline]
    pub(crate) fn string(&mut self) -> R<Cow<'a, str>, P> {
        if self.peek()? != b'"' {
            return Err(self.fail("expected a string"));
        }
        self.string_here()
    }

    /// [`Reader::string`] with the cursor on its opening quote (the hot paths peeked already).
    #[inline(always)]
    fn string_here(&mut self) -> R<Cow<'a, str>, P> {
        self.i += 1;
        let start = self.i;
        let Some(len) = string_end(&self.b[start..]) else {
            self.i = self.b.len();
            return Err(self.fail("EOF while parsing a string"));
        };
        self.i = start + len;
        match self.b[self.i] {
            b'"' => {
                self.i += 1;
                Ok(Cow::Borrowed(self.sub(start, start + len)))
            }
            b'\\' => self.escaped(start).map(Cow::Owned),
            _ => Err(self.fail("control character (\\u0000-\\u001F) found while parsing a string")),
        }
    }

    /// The rest of a string with escapes, from `start`; the cursor is on the first `\`.
    #[cold]
    fn escaped(&mut self, start: usize) -> R<String, P> {
        let mut out = String::from(self.sub(start, self.i));
        loop {
            match self.b.get(self.i).copied() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    out.push(self.escape()?);
                }
                Some(0..=0x1f) => {
                    return Err(self.fail("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(_) => {
                    let len = string_end(&self.b[self.i..]).unwrap_or(self.b.len() - self.i);
                    out.push_str(self.sub(self.i, self.i + len));
                    self.i += len;
                }
            }
        }
    }

    /// One escape, after its `\`: the character it stands for (surrogate pairs joined).
    fn escape(&mut self) -> R<char, P> {
        let Some(&e) = self.b.get(self.i) else { return Err(self.fail("EOF while parsing a string")) };
        self.i += 1;
        Ok(match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let n = self.hex4()?;
                let code = if (0xDC00..=0xDFFF).contains(&n) {
                    return Err(self.fail("lone leading surrogate in hex escape"));
                } else if (0xD800..=0xDBFF).contains(&n) {
                    if self.b.get(self.i) != Some(&b'\\') || self.b.get(self.i + 1) != Some(&b'u') {
                        self.i += 1;
                        return Err(self.fail("unexpected end of hex escape"));
                    }
                    self.i += 2;
                    let n2 = self.hex4()?;
                    if !(0xDC00..=0xDFFF).contains(&n2) {
                        return Err(self.fail("lone leading surrogate in hex escape"));
                    }
                    (((n as u32 - 0xD800) << 10) | (n2 as u32 - 0xDC00)) + 0x1_0000
                } else {
                    n as u32
                };
                return char::from_u32(code).ok_or_else(|| self.fail("invalid unicode code point"));
            }
            _ => return Err(self.fail("invalid escape")),
        })
    }

    fn hex4(&mut self) -> R<u16, P> {
        let mut n = 0u16;
        for _ in 0..4 {
            let Some(&c) = self.b.get(self.i) else { return Err(self.fail("EOF while parsing a string")) };
            let Some(d) = (c as char).to_digit(16) else { return Err(self.fail("invalid escape")) };
            n = n * 16 + d as u16;
            self.i += 1;
        }
        Ok(n)
    }

    /// Skips a string the way serde_json ignores one: escapes are checked for their form only.
    fn skip_string(&mut self) -> R<(), P> {
        self.expect(b'"', "expected a string")?;
        loop {
            let Some(len) = string_end(&self.b[self.i..]) else {
                self.i = self.b.len();
                return Err(self.fail("EOF while parsing a string"));
            };
            self.i += len;
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&e) = self.b.get(self.i) else { return Err(self.fail("EOF while parsing a string")) };
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            self.hex4()?;
                        }
                        _ => return Err(self.fail("invalid escape")),
                    }
                }
                _ => return Err(self.fail("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }

    /// A JSON number's exact text (`-3`, `0.5666`, `1e-08`), by the JSON grammar.
    #[inline]
    pub(crate) fn number(&mut self) -> R<&'a str, P> {
        self.ws();
        self.number_here()
    }

    #[inline(always)]
    fn number_here(&mut self) -> R<&'a str, P> {
        let start = self.i;
        match number_len(&self.b[start..]) {
            Some(len) => {
                self.i += len;
                Ok(self.sub(start, self.i))
            }
            None => Err(self.fail("invalid number")),
        }
    }

    fn literal(&mut self, lit: &'static [u8]) -> R<(), P> {
        self.ws();
        if self.b[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(self.fail("expected value"))
        }
    }

    /// Consumes a `null` if one is next: true then.
    #[inline]
    pub(crate) fn null(&mut self) -> R<bool, P> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A number, as a JSON number or a string holding one (no escapes): its exact text.
    /// Whether the text is a valid decimal is for [`Num::ticks`] / [`Num::int_value`] to say.
    #[inline]
    pub(crate) fn num(&mut self) -> R<Num<'a>, P> {
        let c = self.peek()?;
        self.num_here(c)
    }

    /// [`Reader::num`] with the cursor on `c`, its first byte.
    #[inline(always)]
    fn num_here(&mut self, c: u8) -> R<Num<'a>, P> {
        match c {
            b'"' => match self.string_here()? {
                Cow::Borrowed(s) => Ok(Num::string(s)),
                Cow::Owned(_) => Err(self.fail("a number in a string must not contain escapes")),
            },
            b'-' | b'0'..=b'9' => self.number_here().map(Num::number),
            _ => Err(self.fail("expected a number or a string holding a number")),
        }
    }

    /// [`Reader::num`], or None for `null`.
    #[inline]
    pub(crate) fn opt_num(&mut self) -> R<Option<Num<'a>>, P> {
        match self.peek()? {
            b'n' => self.literal(b"null").map(|_| None),
            c => self.num_here(c).map(Some),
        }
    }

    /// A string, or None for `null`.
    #[inline]
    pub(crate) fn opt_str(&mut self) -> R<Option<Cow<'a, str>>, P> {
        match self.peek()? {
            b'n' => self.literal(b"null").map(|_| None),
            b'"' => self.string_here().map(Some),
            _ => Err(self.fail("invalid type: expected a string")),
        }
    }

    /// `true` / `false`, or None for `null`.
    pub(crate) fn opt_bool(&mut self) -> R<Option<bool>, P> {
        match self.peek()? {
            b'n' => self.null().map(|_| None),
            b't' => self.literal(b"true").map(|_| Some(true)),
            b'f' => self.literal(b"false").map(|_| Some(false)),
            _ => Err(self.fail("invalid type: expected a boolean")),
        }
    }

    // ---- values and containers ----

    /// Skips any value, validating it: iterative and unlimited in depth (deep nesting must
    /// neither overflow the stack nor be refused, as with serde_json's ignored values).
    pub(crate) fn skip(&mut self) -> R<(), P> {
        // The open containers, innermost in the low bit (1: an object); beyond 64, in `more`.
        let (mut bits, mut open, mut more) = (0u64, 0usize, Vec::<u64>::new());
        loop {
            // A value.
            match self.peek()? {
                c @ (b'{' | b'[') => {
                    self.i += 1;
                    let close = if c == b'{' { b'}' } else { b']' };
                    if self.peek()? == close {
                        self.i += 1;
                    } else {
                        if open > 0 && open % 64 == 0 {
                            more.push(bits);
                        }
                        bits = (bits << 1) | u64::from(c == b'{');
                        open += 1;
                        if c == b'{' {
                            self.skip_string()?;
                            self.expect(b':', "expected `:`")?;
                        }
                        continue;
                    }
                }
                b'"' => self.skip_string()?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => {
                    self.number()?;
                }
                _ => return Err(self.fail("expected value")),
            }
            // After a value: close containers, or go on to the next member.
            loop {
                if open == 0 {
                    return Ok(());
                }
                let is_object = bits & 1 == 1;
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        if is_object {
                            self.skip_string()?;
                            self.expect(b':', "expected `:`")?;
                        }
                        break;
                    }
                    b'}' if is_object => self.i += 1,
                    b']' if !is_object => self.i += 1,
                    _ => return Err(self.fail("expected `,` or a closing bracket")),
                }
                open -= 1;
                bits >>= 1;
                if open > 0 && open % 64 == 0 {
                    bits = more.pop().unwrap_or_default();
                }
            }
        }
    }

    /// Skips a value and returns its raw text.
    pub(crate) fn raw(&mut self) -> R<&'a str, P> {
        self.ws();
        let start = self.i;
        self.skip()?;
        Ok(self.sub(start, self.i))
    }

    /// Walks an object: `member` reads each value (its key unescaped), or skips it.
    #[inline]
    pub(crate) fn object(&mut self, mut member: impl FnMut(&mut Self, &str) -> R<(), P>) -> R<(), P> {
        self.expect(b'{', "expected an object")?;
        if self.peek()? != b'}' {
            loop {
                if self.peek()? != b'"' {
                    return Err(self.fail("key must be a string"));
                }
                let key = self.string_here()?;
                self.expect(b':', "expected `:`")?;
                member(self, &key)?;
                match self.peek()? {
                    b',' => self.i += 1,
                    b'}' => break,
                    _ => return Err(self.fail("expected `,` or `}`")),
                }
            }
        }
        self.i += 1;
        Ok(())
    }

    /// Walks an array: `item` reads (or skips) each element.
    pub(crate) fn array(&mut self, mut item: impl FnMut(&mut Self) -> R<(), P>) -> R<(), P> {
        self.expect(b'[', "expected an array")?;
        if self.peek()? != b']' {
            loop {
                item(self)?;
                match self.peek()? {
                    b',' => self.i += 1,
                    b']' => break,
                    _ => return Err(self.fail("expected `,` or `]`")),
                }
            }
        }
        self.i += 1;
        Ok(())
    }
}

/// The length of the JSON number at the start of `b` (by the grammar: `-`? int frac? exp?).
fn number_len(b: &[u8]) -> Option<usize> {
    let digits = |i: usize| b.get(i..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
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
fn string_end(b: &[u8]) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str) -> Reader<'_, Located> {
        Reader::new(text)
    }

    #[test]
    fn walks_an_object_with_exact_numbers() {
        let text = r#" {"price":"1.5","qty":0.25,"x":[1,{"y":null}],"side":"b\u0075y","n":1e-08} "#;
        let mut r = located(text);
        let mut got = Vec::new();
        r.object(|r, key| {
            match key {
                "price" | "qty" | "n" => got.push(format!("{key}={}", r.num()?.text())),
                "side" => got.push(format!("{key}={}", r.string()?)),
                _ => r.skip()?,
            }
            Ok(())
        })
        .unwrap();
        r.end().unwrap();
        assert_eq!(got, ["price=1.5", "qty=0.25", "side=buy", "n=1e-08"]);
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        assert!(matches!(located(r#""abc""#).string(), Ok(Cow::Borrowed("abc"))));
        assert_eq!(located(r#""a\"b\ud83d\ude00""#).string().unwrap(), "a\"b\u{1F600}");
        assert!(located(r#""\udc00""#).string().is_err());
        assert!(located("\"a\u{1}\"").string().is_err());
    }

    #[test]
    fn faults_carry_the_byte_where_they_happened() {
        let text = r#"{"a":1,"b" 2}"#;
        let fault = located(text).object(|r, _| r.skip()).unwrap_err();
        assert_eq!(fault.at, text.find('2').unwrap());
        let e = fault.into_error(text);
        assert_eq!(e.position().unwrap().column, 12);
        // The same input under NotMine: a failure with nothing in it.
        assert_eq!(Reader::<NotMine>::new(text).object(|r, _| r.skip()), Err(()));
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for ok in ["0", "-3", "0.5666", "1e-08", "1E+2", "-0.0e0"] {
            assert_eq!(located(ok).number(), Ok(ok), "{ok}");
        }
        for bad in ["-", "01", ".5", "1.", "1e", "+1", "1e+"] {
            let mut r = located(bad);
            assert!(r.number().is_err() || r.end().is_err(), "{bad}");
        }
        assert!(located(r#""1\u0030""#).num().is_err(), "escapes in a numeric string");
        assert!(located("true").num().is_err());
    }

    #[test]
    fn skip_is_unlimited_in_depth_and_validates() {
        let deep = format!("{}{}", "[{\"a\":".repeat(5000), "}]".repeat(5000));
        let deep = deep.replacen("}]", "1}]", 1);
        let mut r = located(&deep);
        r.skip().unwrap();
        r.end().unwrap();
        for bad in ["[1,]", "{\"a\"}", "[1}", "{\"a\":1]", "[tru]", "{1:2}"] {
            assert!(located(bad).skip().is_err(), "{bad}");
        }
    }
}
