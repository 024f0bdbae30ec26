//! What the decoders share between the lexer and the payload: every key a payload may have
//! at its top level ([`Frame`]) and in a v1 `return` / v2 `data` object ([`Body`]), and the
//! rules that tell from the keys present which payload it is ([`classify`], [`object_body`]).
//! The general decoder and the serde reference both fill these and call the same rules.

use std::borrow::Cow;

use super::fields::{wire_struct, Field, Fields};
use super::messages::{CurrencyInfo, Depth, DepthEntry, DepthSnapshot, EngineLag, Lag, Money, Ticker, Trade};
use super::num::Num;
use super::payload::{HttpBody, Payload, Private, PrivateMessage, RawJson};
use super::read::{Located, Policy, Reader};
use crate::error::Error;

/// A value's raw text (valid JSON).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Raw<'a>(pub(super) &'a str);

impl<'a> Field<'a> for Raw<'a> {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> Result<Option<Self>, P::Fail> {
        if r.null()? {
            return Ok(None);
        }
        r.raw().map(|t| Some(Raw(t)))
    }
}

wire_struct! { decode
    /// Every top-level key any payload may have; which ones are present tells the kind.
    pub struct Frame<'a> {
        op: Cow<'a, str> = "op",
        channel: Cow<'a, str> = "channel",
        channel_name: Cow<'a, str> = "channel_name",
        origin: Cow<'a, str> = "origin",
        private: Cow<'a, str> = "private",
        stamp: Num<'a> = "stamp",
        id: Raw<'a> = "id",
        message: Cow<'a, str> = "message",
        success: bool = "success",
        kind: Cow<'a, str> = "type",
        result: Raw<'a> = "result",
        ticker: Box<Ticker<'a>> = "ticker",
        trade: Trade<'a> = "trade",
        depth: Depth<'a> = "depth",
        /// An object in the stream; a number in a (bare) engine-lag body.
        lag: LagField<'a> = "lag",
        ret: Raw<'a> = "return",
        data: Raw<'a> = "data",
        error: Cow<'a, str> = "error",
        token: Cow<'a, str> = "token",
        asks: Vec<DepthEntry<'a>> = "asks",
        bids: Vec<DepthEntry<'a>> = "bids",
        capture_ms: Num<'a> = "_t",
        currency_hint: Cow<'a, str> = "_currency",
    }
}

/// The `lag` key: `{"qid","stamp","age"}` in the stream, a number of µs in HTTP bodies.
pub(super) enum LagField<'a> {
    Object(Lag<'a>),
    Number,
}

impl<'a> Field<'a> for LagField<'a> {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> Result<Option<Self>, P::Fail> {
        match r.peek()? {
            b'n' => r.null().map(|_| None),
            b'{' => Lag::object(r).map(|l| Some(LagField::Object(l))),
            _ => r.skip().map(|_| Some(LagField::Number)),
        }
    }
}

wire_struct! { decode
    /// The keys of a v1 `return` / v2 `data` object.
    pub struct Body<'a> {
        asks: Vec<DepthEntry<'a>> = "asks",
        bids: Vec<DepthEntry<'a>> = "bids",
        filter_min_price: Money<'a> = "filter_min_price",
        filter_max_price: Money<'a> = "filter_max_price",
        now: Num<'a> = "now",
        currency: Cow<'a, str> = "currency",
        name: Cow<'a, str> = "name",
        decimals: Num<'a> = "decimals",
        display_decimals: Num<'a> = "display_decimals",
        ticker_channel: Cow<'a, str> = "ticker_channel",
        depth_channel: Cow<'a, str> = "depth_channel",
        lag: Num<'a> = "lag",
        lag_secs: Num<'a> = "lag_secs",
        lag_text: Cow<'a, str> = "lag_text",
        length: Num<'a> = "length",
        ticker: Box<Ticker<'a>> = "ticker",
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
    }
}

/// An element of an array body: a trade (trade lists) or a tid (cancelledtrades).
#[allow(clippy::large_enum_variant)] // short-lived (array_body converts them at once): no box per trade
pub(super) enum ArrayItem<'a> {
    Trade(Trade<'a>),
    Tid(Num<'a>),
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
        Some(_) => Reader::<Located>::new(raw).string().ok(),
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
