//! The reference decoder, on serde_json: what the hand-written decoders must agree with.
//! Built only with the `reference` feature, which only the crate's own tests and benchmarks
//! turn on (a dev-dependency on itself): the library does not ship serde's decoding.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

use super::fields::de::{plain, DeField};
use super::general::NOT_A_PAYLOAD;
use super::messages::{Depth, DepthEntry, Money, Trade, Value};
use super::num::Num;
use super::payload::{Decoded, HttpBody, Payload};
use super::shape::{array_body, classify, object_body, ArrayItem, Frame, LagField, Raw};
use crate::error::{Error, Position};

/// Decodes any payload through serde_json (tests and benchmarks only).
pub fn decode_reference(text: &str) -> Result<Decoded<'_>, Error> {
    let first = text.trim_start().as_bytes().first().copied();
    if first == Some(b'[') {
        let items: Vec<ArrayItem> = serde_json::from_str(text).map_err(|e| Error::from_json(text, &e))?;
        if items.iter().any(|i| matches!(i, ArrayItem::Tid(_))) {
            return Err(json_error("invalid type: an array payload holds trade objects only"));
        }
        return Ok(Decoded {
            payload: Payload::Http { version: Some(0), body: array_body(items) },
            capture_ms: None,
            currency_hint: None,
        });
    }
    if first != Some(b'{') {
        // Valid JSON or not, a scalar can be no payload.
        serde_json::from_str::<de::IgnoredAny>(text).map_err(|e| Error::from_json(text, &e))?;
        return Err(json_error(NOT_A_PAYLOAD));
    }
    let f: Frame = serde_json::from_str(text).map_err(|e| Error::from_json(text, &e))?;
    let capture_ms = f.capture_ms.clone();
    let currency_hint = f.currency_hint.clone();
    let payload = classify(text, f, nested_body)?;
    Ok(Decoded { payload, capture_ms, currency_hint })
}

fn json_error(message: &str) -> Error {
    Error::Json { message: message.to_string(), at: Position { line: 1, column: 1, offset: 0 } }
}

/// Decodes a v1 `return` / v2 `data` value, which was skipped over as raw text.
fn nested_body<'a>(input: &'a str, text: &'a str) -> Result<HttpBody<'a>, Error> {
    let base = text.as_ptr() as usize - input.as_ptr() as usize;
    let located = |e: serde_json::Error| Error::from_json(text, &e).shifted(input, base);
    match text.as_bytes().first() {
        Some(b'[') => Ok(array_body(serde_json::from_str(text).map_err(located)?)),
        Some(b'{') => Ok(object_body(serde_json::from_str(text).map_err(located)?)),
        _ => Ok(HttpBody::Unknown),
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Num<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The raw text is the only way to see a JSON number without a float conversion.
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        num_from_raw(raw.get()).map_err(de::Error::custom)
    }
}

/// A number from the raw JSON text of a value (`"5.1"` or `5.1`).
fn num_from_raw(raw: &str) -> Result<Num<'_>, &'static str> {
    if let Some(inner) = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        if inner.contains('\\') {
            return Err("a number in a string must not contain escapes");
        }
        Ok(Num::string(inner))
    } else if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        Ok(Num::number(raw))
    } else {
        Err("expected a number or a string holding a number")
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Money<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('{') {
            serde_json::from_str::<Value<'de>>(text).map(Money::Object).map_err(de::Error::custom)
        } else {
            num_from_raw(text).map(Money::Bare).map_err(de::Error::custom)
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Raw<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'de RawValue>::deserialize(d).map(|r| Raw(r.get()))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for LagField<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        if raw.get().starts_with('{') {
            serde_json::from_str(raw.get()).map(LagField::Object).map_err(de::Error::custom)
        } else {
            Ok(LagField::Number)
        }
    }
}

plain!(Money<'a>, Raw<'a>, LagField<'a>, Trade<'a>, Depth<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for DepthEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = DepthEntry<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a depth entry: an object or a [price, amount] pair")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let price: Num = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let amount: Num = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(DepthEntry { price: Some(price), amount: Some(amount), pair: true, ..Default::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut e = DepthEntry::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match e.slot(&key) {
                        Some(slot) => *slot = map.next_value()?,
                        None => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(e)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ArrayItem<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = ArrayItem<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a trade object or a tid")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Trade::deserialize(de::value::MapAccessDeserializer::new(map)).map(ArrayItem::Trade)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(ArrayItem::Tid(Num::string(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ArrayItem::Tid(Num::string(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(ArrayItem::Tid(Num::number(v.to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(de::Error::custom("a nested array is neither a trade nor a tid"))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}
