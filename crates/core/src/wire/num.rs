//! Numbers and value objects as they are on the wire, kept as exact text.

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;

use crate::error::{Error, NumberProblem};
use crate::money;

/// A number as sent: a JSON string ("5.5594") or a JSON number (5.5594), kept as its exact
/// text so that no value ever passes through a binary float.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Num<'a> {
    text: Cow<'a, str>,
    quoted: bool,
}

impl<'a> Num<'a> {
    /// A number to be sent as a JSON string (the `*_int` fields, `now`, `tid`…).
    pub fn string(text: impl Into<Cow<'a, str>>) -> Self {
        Num { text: text.into(), quoted: true }
    }

    /// A number to be sent as a bare JSON number; `text` must be valid JSON number text.
    pub fn number(text: impl Into<Cow<'a, str>>) -> Self {
        Num { text: text.into(), quoted: false }
    }

    /// An integer, sent as a JSON string.
    pub fn int(v: i64) -> Num<'static> {
        Num { text: Cow::Owned(v.to_string()), quoted: true }
    }

    /// The number's text, without quotes.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it was (or will be) a JSON string rather than a JSON number.
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// As an integer count of ticks (an `*_int` field, a time in µs, a tid).
    pub fn int_value(&self, field: &'static str) -> Result<i64, Error> {
        money::parse_int(self.text.trim()).map_err(|problem| self.error(field, problem))
    }

    /// As ticks of `decimals` places from its decimal text (fields without `_int`).
    pub fn ticks(&self, decimals: u32, field: &'static str) -> Result<i64, Error> {
        money::decimal_to_ticks(self.text.trim(), decimals).map_err(|problem| self.error(field, problem))
    }

    fn error(&self, field: &'static str, problem: NumberProblem) -> Error {
        Error::Number { field, text: self.text.to_string(), problem, at: None }
    }

    /// The same number, owning its text.
    pub fn into_owned(self) -> Num<'static> {
        Num { text: Cow::Owned(self.text.into_owned()), quoted: self.quoted }
    }

    /// Builds from the raw JSON text of a value (`"5.1"` or `5.1`).
    fn from_raw(raw: &'a str) -> Result<Self, &'static str> {
        if let Some(inner) = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            if inner.contains('\\') {
                return Err("a number in a string must not contain escapes");
            }
            Ok(Num { text: Cow::Borrowed(inner), quoted: true })
        } else if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Ok(Num { text: Cow::Borrowed(raw), quoted: false })
        } else {
            Err("expected a number or a string holding a number")
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Num<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The raw text is the only way to see a JSON number without a float conversion.
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        Num::from_raw(raw.get()).map_err(de::Error::custom)
    }
}

impl Serialize for Num<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            s.serialize_str(&self.text)
        } else {
            let raw = RawValue::from_string(self.text.to_string()).map_err(serde::ser::Error::custom)?;
            raw.serialize(s)
        }
    }
}

/// A money field: a value object `{"value","value_int","display","display_short","currency"}`
/// (2012 on), or a bare number / numeric string (2011 tickers, API v0).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Value<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub value_int: Option<Num<'a>>,
    /// For humans only; never parsed.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub display: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub display_short: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub currency: Option<Cow<'a, str>>,
}

/// A [`Value`] field of a ticker or snapshot: either form on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Money<'a> {
    Object(Value<'a>),
    Bare(Num<'a>),
}

impl<'a> Money<'a> {
    /// The value object's own currency, if it names one.
    pub fn currency(&self) -> Option<&str> {
        match self {
            Money::Object(v) => v.currency.as_deref(),
            Money::Bare(_) => None,
        }
    }

    /// Ticks at `decimals` places: from `value_int` when present, else from the decimal text.
    pub fn ticks(&self, decimals: u32, field: &'static str) -> Result<i64, Error> {
        match self {
            Money::Object(Value { value_int: Some(n), .. }) => n.int_value(field),
            Money::Object(Value { value: Some(n), .. }) | Money::Bare(n) => n.ticks(decimals, field),
            Money::Object(_) => Err(Error::Missing { kind: "value object", field: "value_int" }),
        }
    }

    /// The number's text, for locating errors in the input.
    pub fn text(&self) -> &str {
        match self {
            Money::Object(Value { value_int: Some(n), .. }) | Money::Object(Value { value: Some(n), .. }) => n.text(),
            Money::Bare(n) => n.text(),
            Money::Object(_) => "",
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Money<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('{') {
            // Parsed a second time: only value objects pay for it, and they are small.
            serde_json::from_str::<Value<'de>>(text).map(Money::Object).map_err(de::Error::custom)
        } else {
            Num::from_raw(text).map(Money::Bare).map_err(de::Error::custom)
        }
    }
}

impl Serialize for Money<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Money::Object(v) => v.serialize(s),
            Money::Bare(n) => n.serialize(s),
        }
    }
}
