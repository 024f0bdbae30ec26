//! Whole payloads as decoded — the streaming frames and the HTTP bodies of every API
//! version — and their encoders (the payload exactly as it goes on the wire).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

use super::messages::{serialize_tids, CurrencyInfo, Depth, DepthSnapshot, EngineLag, Lag, Ticker, Trade};
use super::num::Num;

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
