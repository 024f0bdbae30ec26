//! Numbers as they are on the wire, kept as exact text.

use serde::ser::Serializer;
use serde::Serialize;
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
        money::parse_int(self.trimmed()).map_err(|problem| self.error(field, problem))
    }

    /// As ticks of `decimals` places from its decimal text (fields without `_int`).
    pub fn ticks(&self, decimals: u32, field: &'static str) -> Result<i64, Error> {
        money::decimal_to_ticks(self.trimmed(), decimals).map_err(|problem| self.error(field, problem))
    }

    /// The text without surrounding whitespace (a numeric string may have some); the usual
    /// text, which ends in digits at both ends, without the cost of `trim`.
    #[inline]
    fn trimmed(&self) -> &str {
        let b = self.text.as_bytes();
        let plain = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_digit());
        if plain(b.last()) && (plain(b.first()) || b.first() == Some(&b'-')) {
            &self.text
        } else {
            self.text.trim()
        }
    }

    fn error(&self, field: &'static str, problem: NumberProblem) -> Error {
        Error::Number { field, text: self.text.to_string(), problem, at: None }
    }

    /// The same number, owning its text.
    pub fn into_owned(self) -> Num<'static> {
        Num { text: Cow::Owned(self.text.into_owned()), quoted: self.quoted }
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
