//! The market-data messages, one definition each, used to decode and to encode.
//!
//! Field names are the protocol's. Every field is optional on the wire (eras differ);
//! what a kind cannot do without is checked when it is applied, not here.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

use super::num::{Money, Num};

/// `"ticker":{…}` in the stream, and the ticker bodies of HTTP v0/v1/v2.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticker<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub avg: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub vwap: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub vol: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub last_local: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub last_orig: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub last_all: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub buy: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub sell: Option<Money<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub item: Option<Cow<'a, str>>,
    /// Time of the ticker in µs (absent in the 2011 era).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub now: Option<Num<'a>>,
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

/// `"trade":{…}` in the stream, and the elements of HTTP trade lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trade<'a> {
    #[serde(
        rename = "type",
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::text::opt_cow"
    )]
    pub kind: Option<Cow<'a, str>>,
    /// Seconds since the epoch.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Num<'a>>,
    /// Trade time in µs; the trade's identity.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub amount_int: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub price_int: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub price_currency: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub item: Option<Cow<'a, str>>,
    /// "bid": the buyer was the aggressor; "ask": the seller was.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub trade_type: Option<Cow<'a, str>>,
    /// "Y" for the original trade, "N" for its conversion into another currency.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub primary: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub properties: Option<Cow<'a, str>>,
}

/// `"depth":{…}`: one price level changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Depth<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Num<'a>>,
    /// 1 = ask, 2 = bid (deprecated in favour of `type_str`).
    #[serde(rename = "type", borrow, default, skip_serializing_if = "Option::is_none")]
    pub type_num: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub type_str: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<Num<'a>>,
    /// Signed change of the amount at this price.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub volume_int: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub price_int: Option<Num<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub item: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub currency: Option<Cow<'a, str>>,
    /// Time of the change in µs.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub now: Option<Num<'a>>,
    /// The amount resting at this price after the change; 0 removes the level.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub total_volume_int: Option<Num<'a>>,
}

/// `"lag":{…}` in the stream.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lag<'a> {
    #[serde(borrow, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text::opt_cow")]
    pub qid: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<Num<'a>>,
    /// How far the matching engine is behind, in µs.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub age: Option<Num<'a>>,
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
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(DepthEntry { price: Some(price), amount: Some(amount), pair: true, ..Default::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut e = DepthEntry::default();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    let slot = match &*key {
                        "price" => &mut e.price,
                        "amount" => &mut e.amount,
                        "price_int" => &mut e.price_int,
                        "amount_int" => &mut e.amount_int,
                        "stamp" => &mut e.stamp,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = map.next_value()?;
                }
                Ok(e)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
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
