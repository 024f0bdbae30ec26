//! Golden vectors: every example payload of PROTOCOL.md and the seeds, in
//! resources/decode/NAME.json, decoded and compared field by field with NAME.expect.json
//! (its format is described in resources/decode/README.md).

use goxbook_core::wire::{DepthEntry, Money, Num, PrivateMessage, Ticker, Trade};
use goxbook_core::{decode, format_ticks, Currency, Error, HttpBody, Payload, Scales};
use serde_json::{json, Map, Value};

struct Ctx {
    scales: Scales,
    currency: Currency,
}

impl Ctx {
    fn dec(&self, code: Option<&str>) -> u32 {
        let c = code.and_then(Currency::new).unwrap_or(self.currency);
        self.scales.decimals(c).unwrap_or_else(|| panic!("no scale for {c}"))
    }

    fn money(&self, m: &Option<Money<'_>>, default: Option<&str>) -> Value {
        match m {
            None => Value::Null,
            Some(m) => {
                let d = self.dec(m.currency().or(default));
                json!(format_ticks(m.ticks(d, "value").unwrap(), d))
            }
        }
    }

    /// An amount or price: from `*_int` when present, else from the decimal text.
    fn exact(&self, int: &Option<Num<'_>>, text: &Option<Num<'_>>, d: u32) -> Value {
        match (int, text) {
            (Some(n), _) => json!(format_ticks(n.int_value("int").unwrap(), d)),
            (None, Some(n)) => json!(format_ticks(n.ticks(d, "text").unwrap(), d)),
            (None, None) => Value::Null,
        }
    }
}

fn s<T: AsRef<str>>(v: &Option<T>) -> Value {
    v.as_ref().map_or(Value::Null, |v| json!(v.as_ref()))
}

fn n(v: &Option<Num<'_>>) -> Value {
    v.as_ref().map_or(Value::Null, |v| json!(v.text()))
}

fn ticker_fields(c: &Ctx, t: &Ticker<'_>, out: &mut Map<String, Value>) {
    let cur = t.currency().map(str::to_string).unwrap_or_else(|| c.currency.to_string());
    out.insert("currency".into(), json!(cur));
    out.insert("item".into(), s(&t.item));
    out.insert("now".into(), n(&t.now));
    for (k, m) in [
        ("high", &t.high),
        ("low", &t.low),
        ("avg", &t.avg),
        ("vwap", &t.vwap),
        ("last", &t.last),
        ("last_local", &t.last_local),
        ("last_orig", &t.last_orig),
        ("last_all", &t.last_all),
        ("buy", &t.buy),
        ("sell", &t.sell),
    ] {
        out.insert(k.into(), c.money(m, Some(&cur)));
    }
    out.insert("vol".into(), c.money(&t.vol, Some("BTC")));
}

fn trade_fields(c: &Ctx, t: &Trade<'_>) -> Map<String, Value> {
    let d = c.dec(t.price_currency.as_deref());
    let mut m = Map::new();
    m.insert("tid".into(), n(&t.tid));
    m.insert("date".into(), n(&t.date));
    m.insert("price".into(), c.exact(&t.price_int, &t.price, d));
    m.insert("amount".into(), c.exact(&t.amount_int, &t.amount, 8));
    m.insert("price_currency".into(), s(&t.price_currency));
    m.insert("item".into(), s(&t.item));
    m.insert("trade_type".into(), s(&t.trade_type));
    let primary = match t.primary.as_deref() {
        Some("Y") => json!(true),
        Some("N") => json!(false),
        _ => Value::Null,
    };
    m.insert("primary".into(), primary);
    m
}

fn entries(c: &Ctx, list: &[DepthEntry<'_>], d: u32) -> Value {
    list.iter()
        .map(|e| json!([c.exact(&e.price_int, &e.price, d), c.exact(&e.amount_int, &e.amount, 8), n(&e.stamp)]))
        .collect()
}

/// The decoded payload in the fixtures' neutral form: (kind, fields).
fn summarize(c: &Ctx, p: &Payload<'_>) -> (String, Map<String, Value>) {
    let mut f = Map::new();
    let kind = match p {
        Payload::Subscribe { channel } => {
            f.insert("channel".into(), json!(channel));
            "stream.subscribe"
        }
        Payload::Unsubscribe { channel } => {
            f.insert("channel".into(), json!(channel));
            "stream.unsubscribe"
        }
        Payload::SubscribeRequest { kind, channel } => {
            f.insert("type".into(), s(kind));
            f.insert("channel".into(), s(channel));
            "stream.subscribe_request"
        }
        Payload::Remark { message, success, id } => {
            f.insert("message".into(), s(message));
            f.insert("success".into(), success.map_or(Value::Null, Value::Bool));
            f.insert("id".into(), s(id));
            "stream.remark"
        }
        Payload::CallResult { id, .. } => {
            f.insert("id".into(), s(id));
            "stream.result"
        }
        Payload::Private(p) => {
            let meta = |f: &mut Map<String, Value>| {
                f.insert("channel".into(), s(&p.channel));
                f.insert("channel_name".into(), s(&p.channel_name));
                f.insert("origin".into(), s(&p.origin));
                f.insert("stamp".into(), n(&p.stamp));
            };
            match &p.message {
                PrivateMessage::Ticker(t) => {
                    meta(&mut f);
                    ticker_fields(c, t, &mut f);
                    "stream.ticker"
                }
                PrivateMessage::Trade(t) => {
                    meta(&mut f);
                    f.extend(trade_fields(c, t));
                    f.insert("properties".into(), s(&t.properties));
                    "stream.trade"
                }
                PrivateMessage::Depth(d) => {
                    meta(&mut f);
                    let dec = c.dec(d.currency.as_deref());
                    f.insert("currency".into(), s(&d.currency));
                    f.insert("item".into(), s(&d.item));
                    let side = match (d.type_str.as_deref(), d.type_num.as_ref().map(|n| n.text())) {
                        (Some(s), _) => json!(s),
                        (None, Some("1")) => json!("ask"),
                        (None, Some("2")) => json!("bid"),
                        _ => Value::Null,
                    };
                    f.insert("side".into(), side);
                    f.insert("price".into(), c.exact(&d.price_int, &d.price, dec));
                    f.insert("volume".into(), c.exact(&d.volume_int, &d.volume, 8));
                    f.insert("total_volume".into(), c.exact(&d.total_volume_int, &None, 8));
                    f.insert("now".into(), n(&d.now));
                    "stream.depth"
                }
                PrivateMessage::Lag(l) => {
                    meta(&mut f);
                    f.insert("qid".into(), s(&l.qid));
                    f.insert("lag_stamp".into(), n(&l.stamp));
                    f.insert("age".into(), n(&l.age));
                    "stream.lag"
                }
                PrivateMessage::Account { kind } => {
                    f.insert("private".into(), json!(kind));
                    "stream.ignored"
                }
                PrivateMessage::Unknown { kind } => {
                    f.insert("op".into(), json!("private"));
                    f.insert("private".into(), s(kind));
                    "stream.unknown"
                }
            }
        }
        Payload::Http { version, body } => {
            let v = version.map_or(Value::Null, |v| json!(v));
            f.insert("version".into(), v);
            match body {
                HttpBody::Ticker(t) => {
                    ticker_fields(c, t, &mut f);
                    "http.ticker"
                }
                HttpBody::Depth(d) => {
                    let dec = c.dec(d.currency.as_deref());
                    f.insert("currency".into(), s(&d.currency));
                    f.insert("full".into(), json!(!d.is_windowed()));
                    f.insert("filter_min_price".into(), c.money(&d.filter_min_price, d.currency.as_deref()));
                    f.insert("filter_max_price".into(), c.money(&d.filter_max_price, d.currency.as_deref()));
                    f.insert("asks".into(), entries(c, &d.asks, dec));
                    f.insert("bids".into(), entries(c, &d.bids, dec));
                    "http.depth"
                }
                HttpBody::Trades(t) => {
                    f.insert("trades".into(), t.iter().map(|t| Value::Object(trade_fields(c, t))).collect());
                    "http.trades"
                }
                HttpBody::Currency(ci) => {
                    f.insert("currency".into(), s(&ci.currency));
                    f.insert("decimals".into(), n(&ci.decimals));
                    f.insert("ticker_channel".into(), s(&ci.ticker_channel));
                    f.insert("depth_channel".into(), s(&ci.depth_channel));
                    "http.currency"
                }
                HttpBody::CancelledTrades(t) => {
                    f.insert("tids".into(), t.iter().map(|t| json!(t.text())).collect());
                    "http.cancelledtrades"
                }
                HttpBody::Lag(l) => {
                    f.insert("lag".into(), n(&l.lag));
                    f.insert("lag_secs".into(), n(&l.lag_secs));
                    f.insert("lag_text".into(), s(&l.lag_text));
                    f.insert("length".into(), n(&l.length));
                    "http.lag"
                }
                HttpBody::Error { error, token } => {
                    f.insert("error".into(), s(error));
                    f.insert("token".into(), s(token));
                    "http.error"
                }
                HttpBody::Unknown => "unknown",
            }
        }
        Payload::Unknown { op } => {
            if op.is_some() {
                f.insert("op".into(), s(op));
                f.insert("private".into(), Value::Null);
                "stream.unknown"
            } else {
                "unknown"
            }
        }
    };
    if kind == "unknown" {
        f.clear();
    }
    (kind.to_string(), f)
}

fn check(name: &str, text: &str, expect: &Value) -> Result<(), String> {
    let ctx = Ctx {
        scales: Scales::default(),
        currency: Currency::new(expect["currency"].as_str().unwrap_or("USD")).ok_or("bad context currency")?,
    };
    let want_kind = expect["kind"].as_str().ok_or("expect file without kind")?;
    match decode(text) {
        Err(e) => {
            if want_kind != "error" {
                return Err(format!("{name}: decode failed: {e}"));
            }
            let want_line = expect["line"].as_u64().map(|l| l as usize);
            match (&e, want_line) {
                (Error::Json { at, .. }, Some(l)) if at.line == l => Ok(()),
                _ => Err(format!("{name}: wanted a JSON error at line {want_line:?}, got {e}")),
            }
        }
        Ok(p) => {
            let (kind, fields) = summarize(&ctx, &p);
            if kind != want_kind {
                return Err(format!("{name}: kind {kind}, want {want_kind}"));
            }
            let want = expect["fields"].as_object().cloned().unwrap_or_default();
            let diffs: Vec<String> = want
                .keys()
                .chain(fields.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter(|k| fields.get(*k) != want.get(*k))
                .map(|k| format!("{k}: got {:?}, want {:?}", fields.get(k), want.get(k)))
                .collect();
            if diffs.is_empty() {
                Ok(())
            } else {
                Err(format!("{name}:\n    {}", diffs.join("\n    ")))
            }
        }
    }
}

#[test]
fn every_golden_payload_decodes_to_its_documented_values() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resources/decode");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && !n.ends_with(".expect.json"))
        .collect();
    names.sort();
    assert!(names.len() >= 50, "fixtures missing in {dir:?}");
    let mut failures = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let expect_path = dir.join(name.replace(".json", ".expect.json"));
        let expect: Value = serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap()).unwrap();
        if let Err(e) = check(name, &text, &expect) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), names.len(), failures.join("\n"));
}

#[test]
fn every_golden_payload_applies_or_is_rejected_cleanly() {
    // Decoding is not enough: each fixture must also go through a Market without panicking.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resources/decode");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".expect.json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let mut m = goxbook_core::Market::default();
        let _ = m.ingest(&text);
        // The hand-written decoder and the serde_json reference agree on every golden payload.
        let (ours, reference) =
            (goxbook_core::wire::decode_annotated(&text), goxbook_core::wire::decode_reference(&text));
        match (&ours, &reference) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind(), "{name}"),
            _ => panic!("{name}: {ours:?} vs {reference:?}"),
        }
    }
}
