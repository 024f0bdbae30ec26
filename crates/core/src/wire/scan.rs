//! The general decoder: one hand-written pass over the JSON text into the same wire types
//! the serde reference decoder builds, with the same rules — unknown keys skipped but
//! validated, duplicates of known keys refused, `null` as absent, serde_json's escape,
//! number and nesting rules — so both agree on every input (the fuzz test checks it).
//!
//! Why not serde_json here: in the browser every KB of wasm ships to every visitor, and
//! serde_json's deserializer and its instantiations for these types were most of the core's
//! wasm; this scanner is a fraction of it, and faster.

use std::borrow::Cow;

use super::frame::{
    array_body, classify, object_body, ArrayItem, Body, Decoded, Frame, HttpBody, LagField, Payload, Raw,
};
use super::messages::{Depth, DepthEntry, Lag, Ticker, Trade};
use super::num::{Money, Num, Value};
use crate::error::{Error, Position};

/// serde_json refuses nesting at this depth.
const MAX_DEPTH: u32 = 127;

type R<T> = Result<T, Error>;

pub(super) struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: u32,
    /// Where `s` starts in the whole input (for positions of nested parses).
    base: usize,
    input: &'a str,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str, s: &'a str) -> Self {
        let base = s.as_ptr() as usize - input.as_ptr() as usize;
        Parser { s, b: s.as_bytes(), i: 0, depth: 0, base, input }
    }

    /// `s[a..b]`, cut at ASCII delimiters: never off a char boundary, and without the panic
    /// path of str slicing (its formatting code is kilobytes of wasm).
    #[inline]
    fn sub(&self, a: usize, b: usize) -> &'a str {
        self.s.get(a..b).unwrap_or_default()
    }

    fn err(&self, message: &str) -> Error {
        Error::Json { message: message.to_string(), at: Position::at(self.input, self.base + self.i.min(self.b.len())) }
    }

    #[inline]
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
    fn peek(&mut self) -> R<u8> {
        self.ws();
        self.b.get(self.i).copied().ok_or_else(|| self.err("EOF while parsing a value"))
    }

    fn expect(&mut self, c: u8, what: &str) -> R<()> {
        if self.peek()? == c {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(what))
        }
    }

    /// serde_json's recursion limit, for typed containers (ignored values have none).
    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("recursion limit exceeded"));
        }
        Ok(())
    }

    fn hex4(&mut self) -> R<u16> {
        let mut n = 0u16;
        for _ in 0..4 {
            let c = *self.b.get(self.i).ok_or_else(|| self.err("EOF while parsing a string"))?;
            let d = (c as char).to_digit(16).ok_or_else(|| self.err("invalid escape"))?;
            n = n * 16 + d as u16;
            self.i += 1;
        }
        Ok(n)
    }

    /// A string's contents, unescaped (borrowed when it has no escape).
    fn string(&mut self) -> R<Cow<'a, str>> {
        self.expect(b'"', "expected a string")?;
        let start = self.i;
        let len = super::fast::string_end(&self.b[start..]).ok_or_else(|| Error::Json {
            message: "EOF while parsing a string".into(),
            at: Position::at(self.input, self.base + self.b.len()),
        })?;
        self.i = start + len;
        match self.b[self.i] {
            b'"' => {
                self.i += 1;
                Ok(Cow::Borrowed(self.sub(start, start + len)))
            }
            b'\\' => self.escaped(start),
            _ => Err(self.err("control character (\\u0000-\\u001F) found while parsing a string")),
        }
    }

    /// The rest of a string with escapes, from `start`; the cursor is on the first `\`.
    #[cold]
    fn escaped(&mut self, start: usize) -> R<Cow<'a, str>> {
        let mut out = String::from(self.sub(start, self.i));
        loop {
            let c = *self.b.get(self.i).ok_or_else(|| self.err("EOF while parsing a string"))?;
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.i += 1;
                    let e = *self.b.get(self.i).ok_or_else(|| self.err("EOF while parsing a string"))?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let n = self.hex4()?;
                            let code = if (0xDC00..=0xDFFF).contains(&n) {
                                return Err(self.err("lone leading surrogate in hex escape"));
                            } else if (0xD800..=0xDBFF).contains(&n) {
                                if self.b.get(self.i) != Some(&b'\\') || self.b.get(self.i + 1) != Some(&b'u') {
                                    self.i += 1;
                                    return Err(self.err("unexpected end of hex escape"));
                                }
                                self.i += 2;
                                let n2 = self.hex4()?;
                                if !(0xDC00..=0xDFFF).contains(&n2) {
                                    return Err(self.err("lone leading surrogate in hex escape"));
                                }
                                (((n as u32 - 0xD800) << 10) | (n2 as u32 - 0xDC00)) + 0x1_0000
                            } else {
                                n as u32
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.err("invalid unicode code point"))?);
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                0..=0x1f => return Err(self.err("control character (\\u0000-\\u001F) found while parsing a string")),
                _ => {
                    let len = super::fast::string_end(&self.b[self.i..]).unwrap_or(self.b.len() - self.i);
                    out.push_str(self.sub(self.i, self.i + len));
                    self.i += len;
                }
            }
        }
    }

    /// Skips a string the way serde_json ignores one: escapes are checked for their form only.
    fn skip_string(&mut self) -> R<()> {
        self.expect(b'"', "expected a string")?;
        loop {
            let len = super::fast::string_end(&self.b[self.i..]).ok_or_else(|| Error::Json {
                message: "EOF while parsing a string".into(),
                at: Position::at(self.input, self.base + self.b.len()),
            })?;
            self.i += len;
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.i += 1;
                    let e = *self.b.get(self.i).ok_or_else(|| self.err("EOF while parsing a string"))?;
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            self.hex4()?;
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                _ => return Err(self.err("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }

    /// A number's text, by the JSON grammar.
    fn number(&mut self) -> R<&'a str> {
        self.ws();
        let start = self.i;
        let len = super::fast::number_len(&self.b[start..]).ok_or_else(|| self.err("invalid number"))?;
        self.i += len;
        Ok(self.sub(start, self.i))
    }

    fn literal(&mut self, lit: &str) -> R<()> {
        self.ws();
        if self.b[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(self.err("expected value"))
        }
    }

    /// Skips any value, validating it: iterative and unlimited in depth, as serde_json's
    /// `ignore_value` is (deep nesting must neither overflow the stack nor be refused).
    fn skip(&mut self) -> R<()> {
        // Open containers: true for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            // A value.
            match self.peek()? {
                b'{' => {
                    self.i += 1;
                    if self.peek()? == b'}' {
                        self.i += 1;
                    } else {
                        open.push(true);
                        self.skip_string()?;
                        self.expect(b':', "expected `:`")?;
                        continue;
                    }
                }
                b'[' => {
                    self.i += 1;
                    if self.peek()? == b']' {
                        self.i += 1;
                    } else {
                        open.push(false);
                        continue;
                    }
                }
                b'"' => self.skip_string()?,
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => {
                    self.number()?;
                }
                _ => return Err(self.err("expected value")),
            }
            // After a value: close containers, or go on to the next member.
            loop {
                let Some(&is_object) = open.last() else { return Ok(()) };
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        if is_object {
                            self.skip_string()?;
                            self.expect(b':', "expected `:`")?;
                        }
                        break;
                    }
                    b'}' if is_object => {
                        self.i += 1;
                        open.pop();
                    }
                    b']' if !is_object => {
                        self.i += 1;
                        open.pop();
                    }
                    _ => return Err(self.err("expected `,` or a closing bracket")),
                }
            }
        }
    }

    /// Skips a value and returns its raw text.
    fn raw(&mut self) -> R<&'a str> {
        self.ws();
        let start = self.i;
        self.skip()?;
        Ok(self.sub(start, self.i))
    }

    fn null(&mut self) -> R<bool> {
        if self.peek()? == b'n' {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Walks an object; `member` reads each value (the key is unescaped).
    fn object(&mut self, mut member: impl FnMut(&mut Self, &str) -> R<()>) -> R<()> {
        self.expect(b'{', "expected an object")?;
        self.enter()?;
        if self.peek()? != b'}' {
            loop {
                if self.peek()? != b'"' {
                    return Err(self.err("key must be a string"));
                }
                let key = self.string()?;
                self.expect(b':', "expected `:`")?;
                member(self, &key)?;
                match self.peek()? {
                    b',' => self.i += 1,
                    b'}' => break,
                    _ => return Err(self.err("expected `,` or `}`")),
                }
            }
        }
        self.i += 1;
        self.depth -= 1;
        Ok(())
    }

    fn array(&mut self, mut item: impl FnMut(&mut Self) -> R<()>) -> R<()> {
        self.expect(b'[', "expected an array")?;
        self.enter()?;
        if self.peek()? != b']' {
            loop {
                item(self)?;
                match self.peek()? {
                    b',' => self.i += 1,
                    b']' => break,
                    _ => return Err(self.err("expected `,` or `]`")),
                }
            }
        }
        self.i += 1;
        self.depth -= 1;
        Ok(())
    }

    fn end(&mut self) -> R<()> {
        self.ws();
        if self.i == self.b.len() {
            Ok(())
        } else {
            Err(self.err("trailing characters"))
        }
    }

    // ---- typed readers: serde's rules for each field type ----

    fn opt_str(&mut self) -> R<Option<Cow<'a, str>>> {
        match self.peek()? {
            b'n' => self.null().map(|_| None),
            b'"' => self.string().map(Some),
            _ => Err(self.err("invalid type: expected a string")),
        }
    }

    /// A number or a string holding one; a string with escapes is refused (as `Num` does).
    fn opt_num(&mut self) -> R<Option<Num<'a>>> {
        match self.peek()? {
            b'n' => self.null().map(|_| None),
            b'"' => match self.string()? {
                Cow::Borrowed(s) => Ok(Some(Num::string(s))),
                Cow::Owned(_) => Err(self.err("a number in a string must not contain escapes")),
            },
            b'-' | b'0'..=b'9' => self.number().map(|n| Some(Num::number(n))),
            _ => {
                self.skip()?;
                Err(self.err("expected a number or a string holding a number"))
            }
        }
    }

    fn opt_bool(&mut self) -> R<Option<bool>> {
        match self.peek()? {
            b'n' => self.null().map(|_| None),
            b't' => self.literal("true").map(|_| Some(true)),
            b'f' => self.literal("false").map(|_| Some(false)),
            _ => Err(self.err("invalid type: expected a boolean")),
        }
    }

    fn opt_raw(&mut self) -> R<Option<Raw<'a>>> {
        if self.null()? {
            return Ok(None);
        }
        self.raw().map(|r| Some(Raw(r)))
    }

    /// A money field: a value object, or a bare number / numeric string.
    fn opt_money(&mut self) -> R<Option<Money<'a>>> {
        if self.null()? {
            return Ok(None);
        }
        let raw = self.raw()?;
        if raw.starts_with('{') {
            // Like the reference, a value object is read afresh from its raw text.
            let mut p = Parser::new(self.input, raw);
            let v = p.value_object()?;
            p.end()?;
            return Ok(Some(Money::Object(v)));
        }
        let n = if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            if inner.contains('\\') {
                return Err(self.err("a number in a string must not contain escapes"));
            }
            Num::string(inner)
        } else if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Num::number(raw)
        } else {
            return Err(self.err("expected a number or a string holding a number"));
        };
        Ok(Some(Money::Bare(n)))
    }

    fn value_object(&mut self) -> R<Value<'a>> {
        let mut v = Value::default();
        let mut seen = Seen::default();
        self.object(|p, key| match key {
            "value" => seen.set(p, 0, &mut v.value, Parser::opt_num),
            "value_int" => seen.set(p, 1, &mut v.value_int, Parser::opt_num),
            "display" => seen.set(p, 2, &mut v.display, Parser::opt_str),
            "display_short" => seen.set(p, 3, &mut v.display_short, Parser::opt_str),
            "currency" => seen.set(p, 4, &mut v.currency, Parser::opt_str),
            _ => p.skip(),
        })?;
        Ok(v)
    }

    /// A struct field: null, an object, or — as serde's derived structs allow — an array of
    /// the fields in declaration order (missing ones absent, extra ones an error).
    fn opt_struct<T: Default>(
        &mut self,
        read: impl FnOnce(&mut Self) -> R<T>,
        fields: usize,
        mut field: impl FnMut(&mut Self, &mut T, usize) -> R<()>,
    ) -> R<Option<T>> {
        match self.peek()? {
            b'n' => self.null().map(|_| None),
            b'{' => read(self).map(Some),
            b'[' => {
                let mut t = T::default();
                let mut n = 0;
                self.array(|p| {
                    if n == fields {
                        return Err(p.err("invalid length: too many fields"));
                    }
                    field(p, &mut t, n)?;
                    n += 1;
                    Ok(())
                })?;
                Ok(Some(t))
            }
            _ => Err(self.err("invalid type: expected an object")),
        }
    }

    #[inline(never)]
    fn opt_ticker(&mut self) -> R<Option<Box<Ticker<'a>>>> {
        Ok(self.opt_struct(Parser::ticker, 13, Parser::ticker_field)?.map(Box::new))
    }

    /// Field `i` of a ticker, in declaration order (the array form's order).
    fn ticker_field(&mut self, t: &mut Ticker<'a>, i: usize) -> R<()> {
        let money = match i {
            0 => &mut t.high,
            1 => &mut t.low,
            2 => &mut t.avg,
            3 => &mut t.vwap,
            4 => &mut t.vol,
            5 => &mut t.last_local,
            6 => &mut t.last_orig,
            7 => &mut t.last_all,
            8 => &mut t.last,
            9 => &mut t.buy,
            10 => &mut t.sell,
            11 => {
                t.item = self.opt_str()?;
                return Ok(());
            }
            _ => {
                t.now = self.opt_num()?;
                return Ok(());
            }
        };
        *money = self.opt_money()?;
        Ok(())
    }

    #[inline(never)]
    fn opt_trade(&mut self) -> R<Option<Trade<'a>>> {
        self.opt_struct(Parser::trade, 12, Parser::trade_field)
    }

    /// Field `i` of a trade, in declaration order.
    fn trade_field(&mut self, t: &mut Trade<'a>, i: usize) -> R<()> {
        let text = match i {
            0 => &mut t.kind,
            7 => &mut t.price_currency,
            8 => &mut t.item,
            9 => &mut t.trade_type,
            10 => &mut t.primary,
            11 => &mut t.properties,
            _ => {
                let num = match i {
                    1 => &mut t.date,
                    2 => &mut t.tid,
                    3 => &mut t.amount,
                    4 => &mut t.amount_int,
                    5 => &mut t.price,
                    _ => &mut t.price_int,
                };
                *num = self.opt_num()?;
                return Ok(());
            }
        };
        *text = self.opt_str()?;
        Ok(())
    }

    #[inline(never)]
    fn opt_depth(&mut self) -> R<Option<Depth<'a>>> {
        self.opt_struct(Parser::depth_msg, 10, Parser::depth_field)
    }

    /// Field `i` of a depth message, in declaration order.
    fn depth_field(&mut self, d: &mut Depth<'a>, i: usize) -> R<()> {
        let text = match i {
            2 => &mut d.type_str,
            6 => &mut d.item,
            7 => &mut d.currency,
            _ => {
                let num = match i {
                    0 => &mut d.price,
                    1 => &mut d.type_num,
                    3 => &mut d.volume,
                    4 => &mut d.volume_int,
                    5 => &mut d.price_int,
                    8 => &mut d.now,
                    _ => &mut d.total_volume_int,
                };
                *num = self.opt_num()?;
                return Ok(());
            }
        };
        *text = self.opt_str()?;
        Ok(())
    }

    /// An object of a struct's fields: `index` maps a key to its field (None: unknown, skipped),
    /// `field` reads it; a known key twice is an error.
    fn fields<T: Default>(
        &mut self,
        index: fn(&str) -> Option<usize>,
        field: fn(&mut Self, &mut T, usize) -> R<()>,
    ) -> R<T> {
        let mut t = T::default();
        let mut seen = Seen::default();
        self.object(|p, key| match index(key) {
            Some(i) => {
                seen.first(p, i as u32)?;
                field(p, &mut t, i)
            }
            None => p.skip(),
        })?;
        Ok(t)
    }

    fn ticker(&mut self) -> R<Ticker<'a>> {
        self.fields(
            |key| {
                Some(match key {
                    "high" => 0,
                    "low" => 1,
                    "avg" => 2,
                    "vwap" => 3,
                    "vol" => 4,
                    "last_local" => 5,
                    "last_orig" => 6,
                    "last_all" => 7,
                    "last" => 8,
                    "buy" => 9,
                    "sell" => 10,
                    "item" => 11,
                    "now" => 12,
                    _ => return None,
                })
            },
            Parser::ticker_field,
        )
    }

    fn trade(&mut self) -> R<Trade<'a>> {
        self.fields(
            |key| {
                Some(match key {
                    "type" => 0,
                    "date" => 1,
                    "tid" => 2,
                    "amount" => 3,
                    "amount_int" => 4,
                    "price" => 5,
                    "price_int" => 6,
                    "price_currency" => 7,
                    "item" => 8,
                    "trade_type" => 9,
                    "primary" => 10,
                    "properties" => 11,
                    _ => return None,
                })
            },
            Parser::trade_field,
        )
    }

    fn depth_msg(&mut self) -> R<Depth<'a>> {
        self.fields(
            |key| {
                Some(match key {
                    "price" => 0,
                    "type" => 1,
                    "type_str" => 2,
                    "volume" => 3,
                    "volume_int" => 4,
                    "price_int" => 5,
                    "item" => 6,
                    "currency" => 7,
                    "now" => 8,
                    "total_volume_int" => 9,
                    _ => return None,
                })
            },
            Parser::depth_field,
        )
    }

    fn lag(&mut self) -> R<Lag<'a>> {
        let mut l = Lag::default();
        let mut seen = Seen::default();
        self.object(|p, key| match key {
            "qid" => seen.set(p, 0, &mut l.qid, Parser::opt_str),
            "stamp" => seen.set(p, 1, &mut l.stamp, Parser::opt_num),
            "age" => seen.set(p, 2, &mut l.age, Parser::opt_num),
            _ => p.skip(),
        })?;
        Ok(l)
    }

    /// `lag`: an object in the stream, anything else in a bare engine-lag body.
    #[inline(never)]
    fn opt_lag_field(&mut self) -> R<Option<LagField<'a>>> {
        if self.null()? {
            return Ok(None);
        }
        let raw = self.raw()?;
        if raw.starts_with('{') {
            let mut p = Parser::new(self.input, raw);
            let l = p.lag()?;
            p.end()?;
            return Ok(Some(LagField::Object(l)));
        }
        Ok(Some(LagField::Number))
    }

    #[inline(never)]
    fn depth_entry(&mut self) -> R<DepthEntry<'a>> {
        let mut e = DepthEntry::default();
        match self.peek()? {
            b'[' => {
                let mut n = 0;
                self.array(|p| {
                    match n {
                        0 => e.price = Some(p.num_required()?),
                        1 => e.amount = Some(p.num_required()?),
                        _ => p.skip()?,
                    }
                    n += 1;
                    Ok(())
                })?;
                if n < 2 {
                    return Err(self.err("invalid length: a depth entry needs [price, amount]"));
                }
                e.pair = true;
            }
            b'{' => {
                // Later keys win, as in the reference's hand-written visitor.
                self.object(|p, key| {
                    let slot = match key {
                        "price" => &mut e.price,
                        "amount" => &mut e.amount,
                        "price_int" => &mut e.price_int,
                        "amount_int" => &mut e.amount_int,
                        "stamp" => &mut e.stamp,
                        _ => return p.skip(),
                    };
                    *slot = p.opt_num()?;
                    Ok(())
                })?;
            }
            _ => return Err(self.err("invalid type: expected a depth entry (an object or a [price, amount] pair)")),
        }
        Ok(e)
    }

    fn num_required(&mut self) -> R<Num<'a>> {
        if self.peek()? == b'n' {
            return Err(self.err("expected a number or a string holding a number"));
        }
        self.opt_num().map(|n| n.unwrap_or_else(|| Num::string("")))
    }

    #[inline(never)]
    fn opt_entries(&mut self) -> R<Option<Vec<DepthEntry<'a>>>> {
        match self.peek()? {
            b'n' => self.null().map(|_| None),
            b'[' => {
                let mut v = Vec::new();
                self.array(|p| {
                    v.push(p.depth_entry()?);
                    Ok(())
                })?;
                Ok(Some(v))
            }
            _ => Err(self.err("invalid type: expected an array")),
        }
    }

    fn array_items(&mut self) -> R<Vec<ArrayItem<'a>>> {
        let mut v = Vec::new();
        self.array(|p| {
            let item = match p.peek()? {
                b'{' => ArrayItem::Trade(p.trade()?),
                b'"' => ArrayItem::Tid(Num::string(p.string()?)),
                b'0'..=b'9' => {
                    let n = p.number()?;
                    // The reference accepts what fits a u64, as the integer it is.
                    match n.parse::<u64>() {
                        Ok(v) => ArrayItem::Tid(Num::number(v.to_string())),
                        Err(_) => return Err(p.err("invalid type: expected a trade object or a tid")),
                    }
                }
                _ => return Err(p.err("invalid type: expected a trade object or a tid")),
            };
            v.push(item);
            Ok(())
        })?;
        Ok(v)
    }

    fn frame(&mut self) -> R<Frame<'a>> {
        let mut f = Frame::default();
        let mut seen = Seen::default();
        self.object(|p, key| match key {
            "op" => seen.set(p, 0, &mut f.op, Parser::opt_str),
            "channel" => seen.set(p, 1, &mut f.channel, Parser::opt_str),
            "channel_name" => seen.set(p, 2, &mut f.channel_name, Parser::opt_str),
            "origin" => seen.set(p, 3, &mut f.origin, Parser::opt_str),
            "private" => seen.set(p, 4, &mut f.private, Parser::opt_str),
            "stamp" => seen.set(p, 5, &mut f.stamp, Parser::opt_num),
            "id" => seen.set(p, 6, &mut f.id, Parser::opt_raw),
            "message" => seen.set(p, 7, &mut f.message, Parser::opt_str),
            "success" => seen.set(p, 8, &mut f.success, Parser::opt_bool),
            "type" => seen.set(p, 9, &mut f.kind, Parser::opt_str),
            "result" => seen.set(p, 10, &mut f.result, Parser::opt_raw),
            "ticker" => seen.set(p, 11, &mut f.ticker, Parser::opt_ticker),
            "trade" => seen.set(p, 12, &mut f.trade, Parser::opt_trade),
            "depth" => seen.set(p, 13, &mut f.depth, Parser::opt_depth),
            "lag" => seen.set(p, 14, &mut f.lag, Parser::opt_lag_field),
            "return" => seen.set(p, 15, &mut f.ret, Parser::opt_raw),
            "data" => seen.set(p, 16, &mut f.data, Parser::opt_raw),
            "error" => seen.set(p, 17, &mut f.error, Parser::opt_str),
            "token" => seen.set(p, 18, &mut f.token, Parser::opt_str),
            "asks" => seen.set(p, 19, &mut f.asks, Parser::opt_entries),
            "bids" => seen.set(p, 20, &mut f.bids, Parser::opt_entries),
            "_t" => seen.set(p, 21, &mut f.capture_ms, Parser::opt_num),
            "_currency" => seen.set(p, 22, &mut f.currency_hint, Parser::opt_str),
            _ => p.skip(),
        })?;
        Ok(f)
    }

    fn body(&mut self) -> R<Body<'a>> {
        let mut b = Body::default();
        let mut seen = Seen::default();
        self.object(|p, key| match key {
            "asks" => seen.set(p, 0, &mut b.asks, Parser::opt_entries),
            "bids" => seen.set(p, 1, &mut b.bids, Parser::opt_entries),
            "filter_min_price" => seen.set(p, 2, &mut b.filter_min_price, Parser::opt_money),
            "filter_max_price" => seen.set(p, 3, &mut b.filter_max_price, Parser::opt_money),
            "now" => seen.set(p, 4, &mut b.now, Parser::opt_num),
            "currency" => seen.set(p, 5, &mut b.currency, Parser::opt_str),
            "name" => seen.set(p, 6, &mut b.name, Parser::opt_str),
            "decimals" => seen.set(p, 7, &mut b.decimals, Parser::opt_num),
            "display_decimals" => seen.set(p, 8, &mut b.display_decimals, Parser::opt_num),
            "ticker_channel" => seen.set(p, 9, &mut b.ticker_channel, Parser::opt_str),
            "depth_channel" => seen.set(p, 10, &mut b.depth_channel, Parser::opt_str),
            "lag" => seen.set(p, 11, &mut b.lag, Parser::opt_num),
            "lag_secs" => seen.set(p, 12, &mut b.lag_secs, Parser::opt_num),
            "lag_text" => seen.set(p, 13, &mut b.lag_text, Parser::opt_str),
            "length" => seen.set(p, 14, &mut b.length, Parser::opt_num),
            "ticker" => seen.set(p, 15, &mut b.ticker, Parser::opt_ticker),
            "high" => seen.set(p, 16, &mut b.high, Parser::opt_money),
            "low" => seen.set(p, 17, &mut b.low, Parser::opt_money),
            "avg" => seen.set(p, 18, &mut b.avg, Parser::opt_money),
            "vwap" => seen.set(p, 19, &mut b.vwap, Parser::opt_money),
            "vol" => seen.set(p, 20, &mut b.vol, Parser::opt_money),
            "last_local" => seen.set(p, 21, &mut b.last_local, Parser::opt_money),
            "last_orig" => seen.set(p, 22, &mut b.last_orig, Parser::opt_money),
            "last_all" => seen.set(p, 23, &mut b.last_all, Parser::opt_money),
            "last" => seen.set(p, 24, &mut b.last, Parser::opt_money),
            "buy" => seen.set(p, 25, &mut b.buy, Parser::opt_money),
            "sell" => seen.set(p, 26, &mut b.sell, Parser::opt_money),
            "item" => seen.set(p, 27, &mut b.item, Parser::opt_str),
            _ => p.skip(),
        })?;
        Ok(b)
    }
}

/// Which known keys an object has had: a second one is an error, as with serde.
#[derive(Default)]
struct Seen(u64);

impl Seen {
    /// Marks key `bit` as seen; a second time is an error.
    fn first(&mut self, p: &Parser<'_>, bit: u32) -> R<()> {
        if self.0 & (1 << bit) != 0 {
            return Err(p.err("duplicate field"));
        }
        self.0 |= 1 << bit;
        Ok(())
    }

    fn set<'a, T>(
        &mut self,
        p: &mut Parser<'a>,
        bit: u32,
        slot: &mut Option<T>,
        read: impl FnOnce(&mut Parser<'a>) -> R<Option<T>>,
    ) -> R<()> {
        if self.0 & (1 << bit) != 0 {
            return Err(p.err("duplicate field"));
        }
        self.0 |= 1 << bit;
        // The slot is None (its key is new): no drop glue for the old value, per field type.
        std::mem::forget(std::mem::replace(slot, read(p)?));
        Ok(())
    }
}

/// A v1 `return` / v2 `data` value (raw text, already validated) as a body.
fn nested<'a>(input: &'a str, raw: &'a str) -> R<HttpBody<'a>> {
    let mut p = Parser::new(input, raw);
    let body = match p.peek()? {
        b'[' => array_body(p.array_items()?),
        b'{' => object_body(p.body()?),
        _ => return Ok(HttpBody::Unknown),
    };
    p.end()?;
    Ok(body)
}

/// A JSON string token's contents (for raw `id`s); None if it is not a valid string.
pub(super) fn string_token(raw: &str) -> Option<Cow<'_, str>> {
    let mut p = Parser::new(raw, raw);
    let s = p.string().ok()?;
    p.end().ok()?;
    Some(s)
}

/// Any payload, by this scanner.
pub(crate) fn decode(text: &str) -> R<Decoded<'_>> {
    let mut p = Parser::new(text, text);
    match p.peek()? {
        b'[' => {
            let items = p.array_items()?;
            p.end()?;
            Ok(Decoded {
                payload: Payload::Http { version: Some(0), body: array_body(items) },
                capture_ms: None,
                currency_hint: None,
            })
        }
        b'{' => {
            let f = p.frame()?;
            p.end()?;
            let capture_ms = f.capture_ms.clone();
            let currency_hint = f.currency_hint.clone();
            let payload = classify(text, f, nested)?;
            Ok(Decoded { payload, capture_ms, currency_hint })
        }
        _ => {
            p.skip()?;
            p.end()?;
            Ok(Decoded { payload: Payload::Unknown { op: None }, capture_ms: None, currency_hint: None })
        }
    }
}
