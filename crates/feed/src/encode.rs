//! Builds the core's wire types from ticks and encodes them: every frame and body the feed
//! sends goes through `goxbook_core::wire` (one definition of each message).

use goxbook_core::format_ticks;
use goxbook_core::wire::{
    Depth, HttpBody, HttpResponse, Lag, Money, Num, Private, PrivateMessage, Ticker, Trade, Value,
};
use goxbook_core::Side;
use std::borrow::Cow;

use crate::channels::{display, CurrencySpec, LAG_CHANNEL, LAG_NAME, TRADE_CHANNEL, TRADE_NAME};

/// Decimals of BTC amounts.
pub const BTC_DECIMALS: u32 = 8;

/// A value object `{"value","value_int","display","display_short","currency"}`.
pub fn value(code: &str, ticks: i64, decimals: u32) -> Money<'static> {
    let text = format_ticks(ticks, decimals);
    let short_dec = decimals.min(2);
    let short = format_ticks(ticks / 10i64.pow(decimals - short_dec), short_dec);
    Money::Object(Value {
        value: Some(Num::string(text.clone())),
        value_int: Some(Num::int(ticks)),
        display: Some(Cow::Owned(display(code, &text))),
        display_short: Some(Cow::Owned(display(code, &short))),
        currency: Some(Cow::Owned(code.to_string())),
    })
}

/// A bare JSON number holding exactly `ticks` at `decimals` places (the deprecated floats).
pub fn float(ticks: i64, decimals: u32) -> Num<'static> {
    Num::number(format_ticks(ticks, decimals))
}

/// The figures of one currency's ticker, in ticks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerFigures {
    pub high: Option<i64>,
    pub low: Option<i64>,
    pub avg: Option<i64>,
    pub vwap: Option<i64>,
    /// BTC ticks.
    pub vol: i64,
    pub last_local: Option<i64>,
    /// The last trade in any currency: (its currency code, price in its ticks, its decimals).
    pub last_orig: Option<(String, i64, u32)>,
    pub last_all: Option<i64>,
    pub buy: Option<i64>,
    pub sell: Option<i64>,
    pub now: i64,
}

/// The ticker as value objects (stream and HTTP v1/v2).
pub fn ticker(spec: &CurrencySpec, f: &TickerFigures) -> Ticker<'static> {
    let v = |t: Option<i64>| t.map(|t| value(&spec.code, t, spec.decimals));
    Ticker {
        high: v(f.high),
        low: v(f.low),
        avg: v(f.avg),
        vwap: v(f.vwap),
        vol: Some(value("BTC", f.vol, BTC_DECIMALS)),
        last_local: v(f.last_local),
        last_orig: f.last_orig.as_ref().map(|(code, t, d)| value(code, *t, *d)),
        last_all: v(f.last_all),
        last: v(f.last_all),
        buy: v(f.buy),
        sell: v(f.sell),
        item: Some(Cow::Borrowed("BTC")),
        now: Some(Num::int(f.now)),
    }
}

/// The 2011-style ticker of API v0: bare floats.
pub fn ticker_v0(spec: &CurrencySpec, f: &TickerFigures) -> Ticker<'static> {
    let v = |t: Option<i64>| t.map(|t| Money::Bare(float(t, spec.decimals)));
    Ticker {
        high: v(f.high),
        low: v(f.low),
        avg: v(f.avg),
        vwap: v(f.vwap),
        vol: Some(Money::Bare(float(f.vol, BTC_DECIMALS))),
        last: v(f.last_all),
        buy: v(f.buy),
        sell: v(f.sell),
        ..Default::default()
    }
}

/// One trade in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TradeFigures {
    pub tid: i64,
    pub price: i64,
    pub amount: i64,
    /// "bid" when the buyer was the aggressor, "ask" when the seller was.
    pub trade_type: &'static str,
    pub primary: bool,
    pub properties: &'static str,
}

pub fn trade(spec: &CurrencySpec, t: &TradeFigures) -> Trade<'static> {
    Trade {
        kind: Some(Cow::Borrowed("trade")),
        date: Some(Num::number((t.tid / 1_000_000).to_string())),
        tid: Some(Num::int(t.tid)),
        amount: Some(float(t.amount, BTC_DECIMALS)),
        amount_int: Some(Num::int(t.amount)),
        price: Some(float(t.price, spec.decimals)),
        price_int: Some(Num::int(t.price)),
        price_currency: Some(Cow::Owned(spec.code.clone())),
        item: Some(Cow::Borrowed("BTC")),
        trade_type: Some(Cow::Borrowed(t.trade_type)),
        primary: Some(Cow::Borrowed(if t.primary { "Y" } else { "N" })),
        properties: Some(Cow::Borrowed(t.properties)),
    }
}

/// A depth message: `delta` is the signed change, `total` the amount resting after it.
pub fn depth(spec: &CurrencySpec, side: Side, price: i64, delta: i64, total: i64, now: i64) -> Depth<'static> {
    let (type_num, type_str) = match side {
        Side::Ask => ("1", "ask"),
        Side::Bid => ("2", "bid"),
    };
    Depth {
        price: Some(Num::string(format_ticks(price, spec.decimals))),
        type_num: Some(Num::number(type_num)),
        type_str: Some(Cow::Borrowed(type_str)),
        volume: Some(Num::string(format_ticks(delta, BTC_DECIMALS))),
        volume_int: Some(Num::int(delta)),
        price_int: Some(Num::int(price)),
        item: Some(Cow::Borrowed("BTC")),
        currency: Some(Cow::Owned(spec.code.clone())),
        now: Some(Num::int(now)),
        total_volume_int: Some(Num::int(total)),
    }
}

pub fn lag(qid: String, age_us: i64, stamp: i64) -> Lag<'static> {
    Lag { qid: Some(Cow::Owned(qid)), stamp: Some(Num::int(stamp)), age: Some(Num::number(age_us.to_string())) }
}

/// A `{"op":"private",…}` frame on its channel, encoded.
pub fn private(channel: &str, name: &str, message: PrivateMessage<'_>, stamp: i64) -> String {
    let p = Private {
        channel: Some(Cow::Borrowed(channel)),
        channel_name: Some(Cow::Borrowed(name)),
        origin: Some(Cow::Borrowed("broadcast")),
        stamp: Some(Num::int(stamp)),
        message,
    };
    serde_json::to_string(&p).unwrap_or_default()
}

pub fn depth_frame(spec: &CurrencySpec, d: Depth<'_>, stamp: i64) -> String {
    private(&spec.depth_channel, &spec.depth_name, PrivateMessage::Depth(d), stamp)
}

pub fn ticker_frame(spec: &CurrencySpec, t: Ticker<'_>, stamp: i64) -> String {
    private(&spec.ticker_channel, &spec.ticker_name, PrivateMessage::Ticker(Box::new(t)), stamp)
}

pub fn trade_frame(t: Trade<'_>, stamp: i64) -> String {
    private(TRADE_CHANNEL, TRADE_NAME, PrivateMessage::Trade(t), stamp)
}

pub fn lag_frame(l: Lag<'_>, stamp: i64) -> String {
    private(LAG_CHANNEL, LAG_NAME, PrivateMessage::Lag(l), stamp)
}

/// An HTTP body in its version's envelope.
pub fn http(version: u8, body: &HttpBody<'_>) -> String {
    serde_json::to_string(&HttpResponse { version, body }).unwrap_or_default()
}

/// The error envelope `{"result":"error","error":…,"token":…}`.
pub fn http_error(message: &str, token: &str) -> String {
    http(1, &HttpBody::Error { error: Some(Cow::Borrowed(message)), token: Some(Cow::Borrowed(token)) })
}

/// `{"op":"subscribe"|"unsubscribe","channel":…}` and `{"op":"remark",…}`.
pub fn op_subscribe(channel: &str, subscribe: bool) -> String {
    use goxbook_core::wire::Payload;
    let channel = Cow::Borrowed(channel);
    let p = if subscribe { Payload::Subscribe { channel } } else { Payload::Unsubscribe { channel } };
    serde_json::to_string(&p).unwrap_or_default()
}

pub fn remark(message: &str, success: bool, id: Option<&str>) -> String {
    use goxbook_core::wire::Payload;
    let p =
        Payload::Remark { message: Some(Cow::Borrowed(message)), success: Some(success), id: id.map(Cow::Borrowed) };
    serde_json::to_string(&p).unwrap_or_default()
}

/// Adds `"key":value` (value already JSON) at the end of a JSON object's text.
pub fn annotate(object: &str, fields: &[(&str, String)]) -> Option<String> {
    let body = object.trim_end().strip_suffix('}')?;
    let mut out = String::with_capacity(object.len() + 32);
    out.push_str(body.trim_end());
    let empty = out.trim_end().ends_with('{');
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 || !empty {
            out.push(',');
        }
        out.push('"');
        out.push_str(k);
        out.push_str("\":");
        out.push_str(v);
    }
    out.push('}');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::wire::{decode, Payload};

    #[test]
    fn frames_decode_with_core() {
        let usd = CurrencySpec::new("USD").unwrap();
        let text = depth_frame(&usd, depth(&usd, Side::Bid, 1_443_000, -5, 100, 7), 8);
        match decode(&text).unwrap() {
            Payload::Private(p) => {
                assert_eq!(p.channel_name.as_deref(), Some("depth.BTCUSD"));
                assert_eq!(p.stamp.unwrap().int_value("stamp").unwrap(), 8);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(annotate("{\"a\":1}", &[("_t", "5".into())]).unwrap(), "{\"a\":1,\"_t\":5}");
        assert_eq!(annotate("{}", &[("_t", "5".into())]).unwrap(), "{\"_t\":5}");
        let err = http_error("bad since", "bad_param");
        assert!(matches!(decode(&err).unwrap(), Payload::Http { body: HttpBody::Error { .. }, .. }));
    }
}
