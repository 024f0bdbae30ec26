//! The general decoder: one pass of the lexer over any payload into the wire types, with the
//! rules the serde reference decoder has — unknown keys skipped but validated, a known key
//! twice refused, `null` as absent — so both agree on every input (the fuzz test checks it).
//!
//! Why not serde_json here: in the browser every KB of wasm ships to every visitor, and
//! serde_json's deserializer and its instantiations for these types were most of the core's
//! wasm; the lexer is a fraction of it, and faster.

use super::fields::Fields;
use super::messages::Trade;
use super::num::Num;
use super::payload::{Decoded, HttpBody, Payload};
use super::read::{Fault, Located, Reader};
use super::shape::{array_body, classify, object_body, ArrayItem, Body, Frame};
use crate::error::Error;

type Rd<'a> = Reader<'a, Located>;

/// Any payload, or an error positioned in `text`.
pub(super) fn decode(text: &str) -> Result<Decoded<'_>, Error> {
    let located = |f: Fault| f.into_error(text);
    let mut r = Rd::new(text);
    match r.peek().map_err(located)? {
        b'[' => {
            let trades = trades(&mut r).and_then(|t| r.end().map(|_| t)).map_err(located)?;
            let body = HttpBody::Trades(trades);
            Ok(Decoded { payload: Payload::Http { version: Some(0), body }, capture_ms: None, currency_hint: None })
        }
        b'{' => {
            let f = Frame::object(&mut r).and_then(|f| r.end().map(|_| f)).map_err(located)?;
            let capture_ms = f.capture_ms.clone();
            let currency_hint = f.currency_hint.clone();
            let payload = classify(text, f, nested)?;
            Ok(Decoded { payload, capture_ms, currency_hint })
        }
        _ => {
            // Valid JSON or not, a scalar can be no payload.
            let start = r.offset();
            r.skip().and_then(|_| r.end()).map_err(located)?;
            Err(Fault { at: start, what: NOT_A_PAYLOAD }.into_error(text))
        }
    }
}

/// Why a bare scalar is refused (the reference decoder says the same).
pub(super) const NOT_A_PAYLOAD: &str = "not a payload: a bare value (a payload is an object, or an array of trades)";

/// A top-level array: the trades of an API v0 body, each an object.
fn trades<'a>(r: &mut Rd<'a>) -> Result<Vec<Trade<'a>>, Fault> {
    let mut v = Vec::new();
    r.array(|r| {
        if r.peek()? != b'{' {
            return Err(r.fail("invalid type: an array payload holds trade objects only"));
        }
        v.push(Trade::object(r)?);
        Ok(())
    })?;
    Ok(v)
}

/// A v1 `return` / v2 `data` value (raw text of `input`, already validated) as a body.
fn nested<'a>(input: &'a str, raw: &'a str) -> Result<HttpBody<'a>, Error> {
    let at = raw.as_ptr() as usize - input.as_ptr() as usize;
    let mut r = Rd::at(input, at);
    let body = match raw.as_bytes().first() {
        Some(b'[') => array_items(&mut r).map(array_body),
        Some(b'{') => Body::object(&mut r).map(object_body),
        _ => return Ok(HttpBody::Unknown),
    };
    body.map_err(|f| f.into_error(input))
}

/// The items of an array body: trades or tids.
fn array_items<'a>(r: &mut Rd<'a>) -> Result<Vec<ArrayItem<'a>>, Fault> {
    let mut v = Vec::new();
    r.array(|r| {
        let item = match r.peek()? {
            b'{' => ArrayItem::Trade(Trade::object(r)?),
            b'"' => ArrayItem::Tid(Num::string(r.string()?)),
            b'0'..=b'9' => {
                let n = r.number()?;
                // The reference accepts what fits a u64, as the integer it is.
                match n.parse::<u64>() {
                    Ok(v) => ArrayItem::Tid(Num::number(v.to_string())),
                    Err(_) => return Err(r.fail("invalid type: expected a trade object or a tid")),
                }
            }
            _ => return Err(r.fail("invalid type: expected a trade object or a tid")),
        };
        v.push(item);
        Ok(())
    })?;
    Ok(v)
}
