//! The market-data messages, one definition each, used to decode and to encode.
//!
//! Field names are the protocol's. Every field is optional on the wire (eras differ);
//! what a kind cannot do without is checked when it is applied, not here.

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use std::borrow::Cow;

use super::fields::{wire_struct, Field, Fields};
use super::num::Num;
use super::read::{Policy, Reader};
use crate::error::Error;

type R<T, P> = Result<T, <P as Policy>::Fail>;

wire_struct! { encode
    /// A money value object `{"value","value_int","display","display_short","currency"}` (2012 on).
    pub struct Value<'a> {
        value: Num<'a> = "value",
        value_int: Num<'a> = "value_int",
        /// For humans only; never parsed.
        display: Cow<'a, str> = "display",
        display_short: Cow<'a, str> = "display_short",
        currency: Cow<'a, str> = "currency",
    }
}

/// A money field of a ticker or snapshot: a [`Value`] object (2012 on), or a bare number /
/// numeric string (2011 tickers, API v0).
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

    /// Every number it carries, each as it must convert (`value_int` an integer, `value` or a
    /// bare number decimal text at `decimals`): the first that cannot, with its text.
    pub fn check(&self, decimals: u32, field: &'static str) -> Result<(), (Error, &str)> {
        let (int, text) = match self {
            Money::Object(v) => (v.value_int.as_ref(), v.value.as_ref()),
            Money::Bare(n) => (None, Some(n)),
        };
        if let Some(n) = int {
            n.int_value(field).map_err(|e| (e, n.text()))?;
        }
        if let Some(n) = text {
            n.ticks(decimals, field).map_err(|e| (e, n.text()))?;
        }
        Ok(())
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

impl<'a> Field<'a> for Money<'a> {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        match r.peek()? {
            b'n' => r.null().map(|_| None),
            b'{' => Value::object(r).map(|v| Some(Money::Object(v))),
            _ => r.num().map(|n| Some(Money::Bare(n))),
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

wire_struct! { encode
    /// `"ticker":{…}` in the stream, and the ticker bodies of HTTP v0/v1/v2.
    pub struct Ticker<'a> {
        high: Money<'a> = "high",
        low: Money<'a> = "low",
        avg: Money<'a> = "avg",
        vwap: Money<'a> = "vwap",
        vol: Money<'a> = "vol",
        last_local: Money<'a> = "last_local",
        last_orig: Money<'a> = "last_orig",
        last_all: Money<'a> = "last_all",
        last: Money<'a> = "last",
        buy: Money<'a> = "buy",
        sell: Money<'a> = "sell",
        item: Cow<'a, str> = "item",
        /// Time of the ticker in µs (absent in the 2011 era).
        now: Num<'a> = "now",
    }
}

impl<'a> Ticker<'a> {
    /// The price currency: the first value object (other than vol and last_orig) that names one.
    pub fn currency(&self) -> Option<&str> {
        [
            &self.buy,
            &self.sell,
            &self.last_local,
            &self.last,
            &self.last_all,
            &self.high,
            &self.low,
            &self.avg,
            &self.vwap,
        ]
        .into_iter()
        .flatten()
        .find_map(|m| m.currency())
    }
}

wire_struct! { encode
    /// `"trade":{…}` in the stream, and the elements of HTTP trade lists.
    pub struct Trade<'a> {
        kind: Cow<'a, str> = "type",
        /// Seconds since the epoch.
        date: Num<'a> = "date",
        /// Trade time in µs; the trade's identity.
        tid: Num<'a> = "tid",
        amount: Num<'a> = "amount",
        amount_int: Num<'a> = "amount_int",
        price: Num<'a> = "price",
        price_int: Num<'a> = "price_int",
        price_currency: Cow<'a, str> = "price_currency",
        item: Cow<'a, str> = "item",
        /// "bid": the buyer was the aggressor; "ask": the seller was.
        trade_type: Cow<'a, str> = "trade_type",
        /// "Y" for the original trade, "N" for its conversion into another currency.
        primary: Cow<'a, str> = "primary",
        properties: Cow<'a, str> = "properties",
    }
}

wire_struct! { encode
    /// `"depth":{…}`: one price level changed.
    pub struct Depth<'a> {
        price: Num<'a> = "price",
        /// 1 = ask, 2 = bid (deprecated in favour of `type_str`).
        type_num: Num<'a> = "type",
        type_str: Cow<'a, str> = "type_str",
        volume: Num<'a> = "volume",
        /// Signed change of the amount at this price.
        volume_int: Num<'a> = "volume_int",
        price_int: Num<'a> = "price_int",
        item: Cow<'a, str> = "item",
        currency: Cow<'a, str> = "currency",
        /// Time of the change in µs.
        now: Num<'a> = "now",
        /// The amount resting at this price after the change; 0 removes the level.
        total_volume_int: Num<'a> = "total_volume_int",
    }
}

wire_struct! { encode
    /// `"lag":{…}` in the stream.
    pub struct Lag<'a> {
        qid: Cow<'a, str> = "qid",
        stamp: Num<'a> = "stamp",
        /// How far the matching engine is behind, in µs.
        age: Num<'a> = "age",
    }
}

/// One entry of a depth snapshot: `{"price","amount","price_int","amount_int","stamp"}`
/// (v1/v2) or `[price, amount]` (v0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepthEntry<'a> {
    pub price: Option<Num<'a>>,
    pub amount: Option<Num<'a>>,
    pub price_int: Option<Num<'a>>,
    pub amount_int: Option<Num<'a>>,
    /// Time of the level's last change in µs.
    pub stamp: Option<Num<'a>>,
    /// Encoded as the v0 pair `[price, amount]` rather than an object.
    pub pair: bool,
}

impl<'a> DepthEntry<'a> {
    /// The slot of an object key (None: not one of ours).
    pub(crate) fn slot(&mut self, key: &str) -> Option<&mut Option<Num<'a>>> {
        Some(match key {
            "price" => &mut self.price,
            "amount" => &mut self.amount,
            "price_int" => &mut self.price_int,
            "amount_int" => &mut self.amount_int,
            "stamp" => &mut self.stamp,
            _ => return None,
        })
    }
}

impl<'a> Field<'a> for DepthEntry<'a> {
    /// An object (later keys win, as they did in the reference's visitor) or `[price, amount, …]`.
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        let mut e = DepthEntry::default();
        match r.peek()? {
            b'[' => {
                let mut n = 0;
                r.array(|r| {
                    match n {
                        0 => e.price = Some(r.num()?),
                        1 => e.amount = Some(r.num()?),
                        _ => r.skip()?,
                    }
                    n += 1;
                    Ok(())
                })?;
                if n < 2 {
                    return Err(r.fail("invalid length: a depth entry needs [price, amount]"));
                }
                e.pair = true;
            }
            b'{' => r.object(|r, key| match e.slot(key) {
                Some(slot) => r.opt_num().map(|n| *slot = n),
                None => r.skip(),
            })?,
            _ => return Err(r.fail("invalid type: expected a depth entry (an object or a [price, amount] pair)")),
        }
        Ok(Some(e))
    }
}

impl Serialize for DepthEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.pair {
            let mut seq = s.serialize_seq(Some(2))?;
            seq.serialize_element(&self.price)?;
            seq.serialize_element(&self.amount)?;
            return seq.end();
        }
        use serde::ser::SerializeMap;
        let fields = [
            ("price", &self.price),
            ("amount", &self.amount),
            ("price_int", &self.price_int),
            ("amount_int", &self.amount_int),
            ("stamp", &self.stamp),
        ];
        let mut map = s.serialize_map(Some(fields.iter().filter(|f| f.1.is_some()).count()))?;
        for (k, v) in fields {
            if let Some(v) = v {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// A depth snapshot body (HTTP depth/fetch, depth/full, fulldepth, v0 getDepth).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DepthSnapshot<'a> {
    pub asks: Vec<DepthEntry<'a>>,
    pub bids: Vec<DepthEntry<'a>>,
    /// Present on windowed snapshots (depth/fetch): the prices the snapshot covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_min_price: Option<Money<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_max_price: Option<Money<'a>>,
    /// The currency, when the body itself names one (through its filter value objects, or an
    /// explicit `currency` field); otherwise the caller's context decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<Num<'a>>,
}

impl DepthSnapshot<'_> {
    /// A windowed snapshot (depth/fetch) replaces only the levels inside its window.
    pub fn is_windowed(&self) -> bool {
        self.filter_min_price.is_some() || self.filter_max_price.is_some()
    }
}

/// Currency info (HTTP generic/currency, money/currency).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CurrencyInfo<'a> {
    pub currency: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Cow<'a, str>>,
    pub decimals: Option<Num<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_decimals: Option<Num<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticker_channel: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth_channel: Option<Cow<'a, str>>,
}

/// Matching-engine lag (HTTP generic/order/lag, money/order/lag).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EngineLag<'a> {
    /// In µs.
    pub lag: Option<Num<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag_secs: Option<Num<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag_text: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<Num<'a>>,
}

/// Serializes a slice of tids as JSON strings (cancelledtrades).
pub(crate) fn serialize_tids<S: Serializer>(tids: &[Num<'_>], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(tids.len()))?;
    for t in tids {
        seq.serialize_element(t)?;
    }
    seq.end()
}
