//! Whole payloads: the streaming frames and the HTTP bodies of every API version, with the
//! one entry point that tells them apart ([`decode`]) and their encoders.

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

use super::messages::{serialize_tids, CurrencyInfo, Depth, DepthEntry, DepthSnapshot, EngineLag, Lag, Ticker, Trade};
use super::num::{Money, Num};
use crate::error::Error;

/// Any payload of the protocol, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload<'a> {
    /// `{"op":"subscribe","channel":…}` (server → client).
    Subscribe { channel: Cow<'a, str> },
    /// `{"op":"unsubscribe","channel":…}` (either way).
    Unsubscribe { channel: Cow<'a, str> },
    /// `{"op":"mtgox.subscribe","type":…}` or `{…,"channel":"depth.BTCUSD"}` (client → server).
    SubscribeRequest { kind: Option<Cow<'a, str>>, channel: Option<Cow<'a, str>> },
    /// `{"op":"remark","message":…,"success":false}`.
    Remark { message: Option<Cow<'a, str>>, success: Option<bool>, id: Option<Cow<'a, str>> },
    /// `{"op":"result","result":…,"id":…}`: the answer to a call, kept as raw JSON.
    CallResult { id: Option<Cow<'a, str>>, result: Option<RawJson<'a>> },
    /// `{"op":"private",…}`: the market data.
    Private(Private<'a>),
    /// An HTTP API response body; `version` is 0, 1 or 2 (None for a bare error envelope).
    Http { version: Option<u8>, body: HttpBody<'a> },
    /// Valid JSON of no known kind (an unknown op, for instance).
    Unknown { op: Option<Cow<'a, str>> },
}

/// A JSON value kept as its raw, valid text (the opaque `result` of a call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawJson<'a>(pub &'a str);

impl RawJson<'_> {
    pub fn text(&self) -> &str {
        self.0
    }
}

impl Serialize for RawJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?.serialize(s)
    }
}

/// A value's raw text, read through serde_json's RawValue (the reference decoder).
#[derive(Clone, Copy)]
pub(super) struct Raw<'a>(pub(super) &'a str);

impl<'de: 'a, 'a> Deserialize<'de> for Raw<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'de RawValue>::deserialize(d).map(|r| Raw(r.get()))
    }
}

/// A `{"op":"private",…}` frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Private<'a> {
    pub channel: Option<Cow<'a, str>>,
    /// "depth.BTCUSD" (2013 on).
    pub channel_name: Option<Cow<'a, str>>,
    /// "broadcast" for market data.
    pub origin: Option<Cow<'a, str>>,
    /// Server time of the frame in µs (late 2013 on).
    pub stamp: Option<Num<'a>>,
    pub message: PrivateMessage<'a>,
}

/// What a private frame carries.
#[derive(Clone, Debug, PartialEq)]
pub enum PrivateMessage<'a> {
    Ticker(Box<Ticker<'a>>),
    Trade(Trade<'a>),
    Depth(Depth<'a>),
    Lag(Lag<'a>),
    /// user_order, wallet: account messages, recognised and ignored.
    Account {
        kind: Cow<'a, str>,
    },
    /// A kind this decoder does not know (or none), passed on.
    Unknown {
        kind: Option<Cow<'a, str>>,
    },
}

impl PrivateMessage<'_> {
    /// The `private` kind name.
    pub fn kind(&self) -> &str {
        match self {
            PrivateMessage::Ticker(_) => "ticker",
            PrivateMessage::Trade(_) => "trade",
            PrivateMessage::Depth(_) => "depth",
            PrivateMessage::Lag(_) => "lag",
            PrivateMessage::Account { kind } => kind,
            PrivateMessage::Unknown { kind } => kind.as_deref().unwrap_or(""),
        }
    }
}

/// The data of an HTTP response.
// A depth snapshot is the common body and is decoded in place, once per payload: boxing it
// would add an allocation to every HTTP depth body for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum HttpBody<'a> {
    Ticker(Box<Ticker<'a>>),
    Depth(DepthSnapshot<'a>),
    Trades(Vec<Trade<'a>>),
    Currency(CurrencyInfo<'a>),
    CancelledTrades(Vec<Num<'a>>),
    Lag(EngineLag<'a>),
    /// `{"result":"error","error":…,"token":…}`.
    Error {
        error: Option<Cow<'a, str>>,
        token: Option<Cow<'a, str>>,
    },
    Unknown,
}

impl HttpBody<'_> {
    /// A short name of the body's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            HttpBody::Ticker(_) => "ticker",
            HttpBody::Depth(_) => "depth",
            HttpBody::Trades(_) => "trades",
            HttpBody::Currency(_) => "currency",
            HttpBody::CancelledTrades(_) => "cancelledtrades",
            HttpBody::Lag(_) => "lag",
            HttpBody::Error { .. } => "error",
            HttpBody::Unknown => "unknown",
        }
    }
}

/// A decoded payload with the annotations a capture line may carry.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<'a> {
    pub payload: Payload<'a>,
    /// `"_t"`: milliseconds since the capture started (for replay pacing).
    pub capture_ms: Option<Num<'a>>,
    /// `"_currency"`: the currency of a body that names none (an HTTP depth snapshot).
    pub currency_hint: Option<Cow<'a, str>>,
}

/// Decodes any payload — a streaming frame or an HTTP body of any API version.
///
/// Unknown ops, kinds and shapes are [`Payload::Unknown`] (or the `Unknown` of their group),
/// never errors; malformed JSON and fields of the wrong type are errors with a position.
pub fn decode(text: &str) -> Result<Payload<'_>, Error> {
    decode_annotated(text).map(|d| d.payload)
}

/// Like [`decode`], also returning a capture line's `_t` / `_currency` annotations.
pub fn decode_annotated(text: &str) -> Result<Decoded<'_>, Error> {
    if let Some(d) = super::fast::depth_frame(text) {
        return Ok(d);
    }
    super::scan::decode(text)
}

/// The reference decoder, built on serde_json: what the hand-written decoders (the
/// depth-frame fast path and the general scanner) must agree with. Tests and benchmarks use it.
#[doc(hidden)]
pub fn decode_reference(text: &str) -> Result<Decoded<'_>, Error> {
    let first = text.trim_start().as_bytes().first().copied();
    if first == Some(b'[') {
        let items: Vec<ArrayItem> = serde_json::from_str(text).map_err(|e| Error::from_json(text, &e))?;
        return Ok(Decoded {
            payload: Payload::Http { version: Some(0), body: array_body(items) },
            capture_ms: None,
            currency_hint: None,
        });
    }
    if first != Some(b'{') {
        // Scalars are valid JSON of no known kind; anything else is a syntax error.
        serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| Error::from_json(text, &e))?;
        return Ok(Decoded { payload: Payload::Unknown { op: None }, capture_ms: None, currency_hint: None });
    }
    let f: Frame = serde_json::from_str(text).map_err(|e| Error::from_json(text, &e))?;
    let capture_ms = f.capture_ms.clone();
    let currency_hint = f.currency_hint.clone();
    let payload = classify(text, f, nested_body)?;
    Ok(Decoded { payload, capture_ms, currency_hint })
}

/// Every top-level key any payload may have; which ones are present tells the kind.
#[derive(Deserialize, Default)]
pub(super) struct Frame<'a> {
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) op: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) channel: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) channel_name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) origin: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) private: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) stamp: Option<Num<'a>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) message: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) success: Option<bool>,
    #[serde(rename = "type", borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) result: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) ticker: Option<Box<Ticker<'a>>>,
    #[serde(borrow, default)]
    pub(super) trade: Option<Trade<'a>>,
    #[serde(borrow, default)]
    pub(super) depth: Option<Depth<'a>>,
    /// An object in the stream; a number in a (bare) engine-lag body.
    #[serde(borrow, default)]
    pub(super) lag: Option<LagField<'a>>,
    #[serde(rename = "return", borrow, default)]
    pub(super) ret: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) data: Option<Raw<'a>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) error: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) token: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) asks: Option<Vec<DepthEntry<'a>>>,
    #[serde(borrow, default)]
    pub(super) bids: Option<Vec<DepthEntry<'a>>>,
    #[serde(rename = "_t", borrow, default)]
    pub(super) capture_ms: Option<Num<'a>>,
    #[serde(rename = "_currency", borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) currency_hint: Option<Cow<'a, str>>,
}

/// The `lag` key: `{"qid","stamp","age"}` in the stream, a number of µs in HTTP bodies.
pub(super) enum LagField<'a> {
    Object(Lag<'a>),
    Number,
}

impl<'de: 'a, 'a> Deserialize<'de> for LagField<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        if raw.get().starts_with('{') {
            serde_json::from_str(raw.get()).map(LagField::Object).map_err(serde::de::Error::custom)
        } else {
            Ok(LagField::Number)
        }
    }
}

/// The keys of a v1 `return` / v2 `data` object.
#[derive(Deserialize, Default)]
pub(super) struct Body<'a> {
    #[serde(borrow, default)]
    pub(super) asks: Option<Vec<DepthEntry<'a>>>,
    #[serde(borrow, default)]
    pub(super) bids: Option<Vec<DepthEntry<'a>>>,
    #[serde(borrow, default)]
    pub(super) filter_min_price: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) filter_max_price: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) now: Option<Num<'a>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) currency: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) decimals: Option<Num<'a>>,
    #[serde(borrow, default)]
    pub(super) display_decimals: Option<Num<'a>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) ticker_channel: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) depth_channel: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) lag: Option<Num<'a>>,
    #[serde(borrow, default)]
    pub(super) lag_secs: Option<Num<'a>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) lag_text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) length: Option<Num<'a>>,
    #[serde(borrow, default)]
    pub(super) ticker: Option<Box<Ticker<'a>>>,
    #[serde(borrow, default)]
    pub(super) high: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) low: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) avg: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) vwap: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) vol: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) last_local: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) last_orig: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) last_all: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) last: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) buy: Option<Money<'a>>,
    #[serde(borrow, default)]
    pub(super) sell: Option<Money<'a>>,
    #[serde(borrow, default, deserialize_with = "super::text::opt_cow")]
    pub(super) item: Option<Cow<'a, str>>,
}

/// An element of a top-level array: a trade (trade lists) or a tid (cancelledtrades).
#[allow(clippy::large_enum_variant)] // short-lived (array_body converts them at once): no box per trade
pub(super) enum ArrayItem<'a> {
    Trade(Trade<'a>),
    Tid(Num<'a>),
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
                Trade::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(ArrayItem::Trade)
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(ArrayItem::Tid(Num::string(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ArrayItem::Tid(Num::string(v.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(ArrayItem::Tid(Num::number(v.to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(serde::de::Error::custom("a nested array is neither a trade nor a tid"))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

pub(super) fn array_body(items: Vec<ArrayItem<'_>>) -> HttpBody<'_> {
    if items.iter().all(|i| matches!(i, ArrayItem::Trade(_))) {
        HttpBody::Trades(
            items.into_iter().filter_map(|i| if let ArrayItem::Trade(t) = i { Some(t) } else { None }).collect(),
        )
    } else if items.iter().all(|i| matches!(i, ArrayItem::Tid(_))) {
        HttpBody::CancelledTrades(
            items.into_iter().filter_map(|i| if let ArrayItem::Tid(t) = i { Some(t) } else { None }).collect(),
        )
    } else {
        HttpBody::Unknown
    }
}

fn raw_str(raw: Option<Raw<'_>>) -> Option<Cow<'_, str>> {
    let raw = raw?.0;
    match raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Some(Cow::Borrowed(inner)),
        Some(_) => super::scan::string_token(raw),
        None if raw == "null" => None,
        None => Some(Cow::Borrowed(raw)),
    }
}

/// How a v1 `return` / v2 `data` value (raw text) becomes a body: by the decoder in use.
pub(super) type NestedParser = for<'a> fn(&'a str, &'a str) -> Result<HttpBody<'a>, Error>;

pub(super) fn classify<'a>(input: &'a str, f: Frame<'a>, nested: NestedParser) -> Result<Payload<'a>, Error> {
    if let Some(op) = f.op {
        let channel = || f.channel.clone().ok_or(Error::Missing { kind: "subscription frame", field: "channel" });
        return Ok(match &*op {
            "subscribe" => Payload::Subscribe { channel: channel()? },
            "unsubscribe" => Payload::Unsubscribe { channel: channel()? },
            "mtgox.subscribe" => Payload::SubscribeRequest { kind: f.kind, channel: f.channel },
            "remark" => Payload::Remark { message: f.message, success: f.success, id: raw_str(f.id) },
            "result" => Payload::CallResult { id: raw_str(f.id), result: f.result.map(|r| RawJson(r.0)) },
            "private" => {
                let kind = f.private.as_deref().unwrap_or("");
                let missing = |field| Error::Missing { kind: "private frame", field };
                let message = match kind {
                    "ticker" => PrivateMessage::Ticker(f.ticker.ok_or(missing("ticker"))?),
                    "trade" => PrivateMessage::Trade(f.trade.ok_or(missing("trade"))?),
                    "depth" => PrivateMessage::Depth(f.depth.ok_or(missing("depth"))?),
                    "lag" => match f.lag {
                        Some(LagField::Object(l)) => PrivateMessage::Lag(l),
                        _ => return Err(missing("lag")),
                    },
                    "user_order" | "wallet" => PrivateMessage::Account { kind: f.private.unwrap_or_default() },
                    _ => PrivateMessage::Unknown { kind: f.private },
                };
                Payload::Private(Private {
                    channel: f.channel,
                    channel_name: f.channel_name,
                    origin: f.origin,
                    stamp: f.stamp,
                    message,
                })
            }
            _ => Payload::Unknown { op: Some(op) },
        });
    }
    let result = raw_str(f.result);
    if f.error.is_some() || result.as_deref() == Some("error") {
        let version = if f.data.is_some() {
            Some(2)
        } else if f.ret.is_some() {
            Some(1)
        } else {
            None
        };
        return Ok(Payload::Http { version, body: HttpBody::Error { error: f.error, token: f.token } });
    }
    for (version, raw) in [(1, f.ret), (2, f.data)] {
        if let Some(raw) = raw {
            return Ok(Payload::Http { version: Some(version), body: nested(input, raw.0)? });
        }
    }
    // API v0: bare bodies.
    if let Some(ticker) = f.ticker {
        return Ok(Payload::Http { version: Some(0), body: HttpBody::Ticker(ticker) });
    }
    if f.asks.is_some() || f.bids.is_some() {
        let snapshot = DepthSnapshot {
            asks: f.asks.unwrap_or_default(),
            bids: f.bids.unwrap_or_default(),
            currency: f.currency_hint,
            ..Default::default()
        };
        return Ok(Payload::Http { version: Some(0), body: HttpBody::Depth(snapshot) });
    }
    Ok(Payload::Unknown { op: None })
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

pub(super) fn object_body(b: Body<'_>) -> HttpBody<'_> {
    if b.asks.is_some() || b.bids.is_some() {
        let currency = b.currency.or_else(|| {
            [&b.filter_min_price, &b.filter_max_price]
                .into_iter()
                .flatten()
                .find_map(|m| m.currency().map(|c| Cow::Owned(c.to_string())))
        });
        return HttpBody::Depth(DepthSnapshot {
            asks: b.asks.unwrap_or_default(),
            bids: b.bids.unwrap_or_default(),
            filter_min_price: b.filter_min_price,
            filter_max_price: b.filter_max_price,
            currency,
            now: b.now,
        });
    }
    if b.decimals.is_some() || b.ticker_channel.is_some() || b.depth_channel.is_some() {
        return HttpBody::Currency(CurrencyInfo {
            currency: b.currency,
            name: b.name,
            decimals: b.decimals,
            display_decimals: b.display_decimals,
            ticker_channel: b.ticker_channel,
            depth_channel: b.depth_channel,
        });
    }
    if b.lag.is_some() {
        return HttpBody::Lag(EngineLag { lag: b.lag, lag_secs: b.lag_secs, lag_text: b.lag_text, length: b.length });
    }
    if let Some(t) = b.ticker {
        return HttpBody::Ticker(t);
    }
    let t = Ticker {
        high: b.high,
        low: b.low,
        avg: b.avg,
        vwap: b.vwap,
        vol: b.vol,
        last_local: b.last_local,
        last_orig: b.last_orig,
        last_all: b.last_all,
        last: b.last,
        buy: b.buy,
        sell: b.sell,
        item: b.item,
        now: b.now,
    };
    if t == (Ticker { item: t.item.clone(), now: t.now.clone(), ..Default::default() }) {
        HttpBody::Unknown
    } else {
        HttpBody::Ticker(Box::new(t))
    }
}

// ---- Encoding ------------------------------------------------------------------------

impl Serialize for Private<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(c) = &self.channel {
            m.serialize_entry("channel", c)?;
        }
        if let Some(c) = &self.channel_name {
            m.serialize_entry("channel_name", c)?;
        }
        m.serialize_entry("op", "private")?;
        if let Some(o) = &self.origin {
            m.serialize_entry("origin", o)?;
        }
        let kind = self.message.kind();
        m.serialize_entry("private", kind)?;
        match &self.message {
            PrivateMessage::Ticker(t) => m.serialize_entry(kind, t)?,
            PrivateMessage::Trade(t) => m.serialize_entry(kind, t)?,
            PrivateMessage::Depth(d) => m.serialize_entry(kind, d)?,
            PrivateMessage::Lag(l) => m.serialize_entry(kind, l)?,
            PrivateMessage::Account { .. } | PrivateMessage::Unknown { .. } => {}
        }
        if let Some(stamp) = &self.stamp {
            m.serialize_entry("stamp", stamp)?;
        }
        m.end()
    }
}

impl Serialize for Payload<'_> {
    /// The frame or body exactly as it goes on the wire.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m;
        match self {
            Payload::Private(p) => return p.serialize(s),
            Payload::Http { version, body } => {
                return HttpResponse { version: version.unwrap_or(1), body }.serialize(s)
            }
            Payload::Subscribe { channel } | Payload::Unsubscribe { channel } => {
                m = s.serialize_map(Some(2))?;
                let op = if matches!(self, Payload::Subscribe { .. }) { "subscribe" } else { "unsubscribe" };
                m.serialize_entry("op", op)?;
                m.serialize_entry("channel", channel)?;
            }
            Payload::SubscribeRequest { kind, channel } => {
                m = s.serialize_map(None)?;
                m.serialize_entry("op", "mtgox.subscribe")?;
                if let Some(k) = kind {
                    m.serialize_entry("type", k)?;
                }
                if let Some(c) = channel {
                    m.serialize_entry("channel", c)?;
                }
            }
            Payload::Remark { message, success, id } => {
                m = s.serialize_map(None)?;
                m.serialize_entry("op", "remark")?;
                m.serialize_entry("message", message)?;
                if let Some(ok) = success {
                    m.serialize_entry("success", ok)?;
                }
                if let Some(id) = id {
                    m.serialize_entry("id", id)?;
                }
            }
            Payload::CallResult { id, result } => {
                m = s.serialize_map(None)?;
                m.serialize_entry("op", "result")?;
                m.serialize_entry("result", result)?;
                m.serialize_entry("id", id)?;
            }
            Payload::Unknown { op } => {
                m = s.serialize_map(None)?;
                if let Some(op) = op {
                    m.serialize_entry("op", op)?;
                }
            }
        }
        m.end()
    }
}

/// An HTTP response body in the envelope of its API version.
pub struct HttpResponse<'b, 'a> {
    pub version: u8,
    pub body: &'b HttpBody<'a>,
}

struct BodyData<'b, 'a>(&'b HttpBody<'a>);

impl Serialize for BodyData<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            HttpBody::Ticker(t) => t.serialize(s),
            HttpBody::Depth(d) => d.serialize(s),
            HttpBody::Trades(t) => t.serialize(s),
            HttpBody::Currency(c) => c.serialize(s),
            HttpBody::CancelledTrades(t) => serialize_tids(t, s),
            HttpBody::Lag(l) => l.serialize(s),
            HttpBody::Error { .. } | HttpBody::Unknown => s.serialize_none(),
        }
    }
}

impl Serialize for HttpResponse<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let HttpBody::Error { error, token } = self.body {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("result", "error")?;
            m.serialize_entry("error", error)?;
            if let Some(t) = token {
                m.serialize_entry("token", t)?;
            }
            return m.end();
        }
        match self.version {
            0 => match self.body {
                HttpBody::Ticker(t) => {
                    let mut m = s.serialize_map(Some(1))?;
                    m.serialize_entry("ticker", t)?;
                    m.end()
                }
                HttpBody::Depth(d) => {
                    let mut m = s.serialize_map(Some(2))?;
                    m.serialize_entry("asks", &d.asks)?;
                    m.serialize_entry("bids", &d.bids)?;
                    m.end()
                }
                other => BodyData(other).serialize(s),
            },
            v => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("result", "success")?;
                m.serialize_entry(if v == 2 { "data" } else { "return" }, &BodyData(self.body))?;
                m.end()
            }
        }
    }
}
