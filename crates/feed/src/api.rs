//! The HTTP API of PROTOCOL.md (v0, v1 with its /public/ aliases, v2), answered from a
//! [`Tracker`]: routing and bodies, with no socket in sight (the server adds CORS, faults
//! and static files around it).

use goxbook_core::format_ticks;
use goxbook_core::wire::{CurrencyInfo, DepthEntry, EngineLag, HttpBody, Num};
use std::borrow::Cow;

use crate::encode;
use crate::tracker::Tracker;

/// An HTTP answer: status and JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn ok(body: String) -> Reply {
        Reply { status: 200, body }
    }

    /// The error envelope, naming what was wrong.
    pub fn error(status: u16, message: &str, token: &str) -> Reply {
        Reply { status, body: encode::http_error(message, token) }
    }
}

/// Trades per answer, as MtGox did.
pub const MAX_TRADES: usize = 100;

/// Whether a path belongs to the API (anything else may be a static file).
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path.starts_with("/code/")
}

fn param<'q>(query: Option<&'q str>, names: &[&str]) -> Option<&'q str> {
    query?.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        names.contains(&k).then_some(v)
    })
}

fn has_flag(query: Option<&str>, name: &str) -> bool {
    query.is_some_and(|q| q.split('&').any(|kv| kv.split_once('=').map_or(kv, |p| p.0) == name))
}

fn currency_index(t: &Tracker, code: &str, name: &str) -> Result<usize, Reply> {
    t.index(code).ok_or_else(|| {
        Reply::error(400, &format!("invalid parameter {name}: unknown or unserved currency {code:?}"), "bad_currency")
    })
}

fn since(query: Option<&str>) -> Result<Option<i64>, Reply> {
    match param(query, &["since"]) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|v| *v >= 0)
            .map(Some)
            .ok_or_else(|| Reply::error(400, &format!("invalid parameter since: {s:?} is not a tid"), "bad_param")),
    }
}

/// Answers one GET of the API; `path` without the query.
pub fn route(t: &Tracker, path: &str, query: Option<&str>) -> Reply {
    match answer(t, path, query) {
        Ok(r) | Err(r) => r,
    }
}

fn not_found(path: &str) -> Reply {
    Reply::error(404, &format!("unknown endpoint {path}"), "not_found")
}

fn answer(t: &Tracker, path: &str, query: Option<&str>) -> Result<Reply, Reply> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let default = t.specs().first().map(|s| s.code.as_str()).unwrap_or("USD");
    match segs.as_slice() {
        ["api", "0", "data", endpoint] | ["code", "data", endpoint] => {
            let code = param(query, &["Currency", "currency"]).unwrap_or(default);
            let i = currency_index(t, code, "Currency")?;
            v0(t, i, endpoint, query).ok_or_else(|| not_found(path))?
        }
        ["api", "1", "generic", rest @ ..] => {
            let rest = rest.strip_prefix(&["public"]).unwrap_or(rest);
            match rest {
                ["currency"] => {
                    let code = param(query, &["currency", "Currency"]).unwrap_or(default);
                    Ok(Reply::ok(encode::http(1, &currency_info(t, currency_index(t, code, "currency")?))))
                }
                ["order", "lag"] => Ok(Reply::ok(encode::http(1, &lag(t)))),
                _ => Err(not_found(path)),
            }
        }
        ["api", v @ ("1" | "2"), pair, rest @ ..] => {
            let version: u8 = if *v == "1" { 1 } else { 2 };
            let rest = if version == 1 { rest.strip_prefix(&["public"]).unwrap_or(rest) } else { rest };
            let rest = if version == 2 {
                match rest.strip_prefix(&["money"]) {
                    Some(r) => r,
                    None => return Err(not_found(path)),
                }
            } else {
                rest
            };
            let Some(code) = pair.strip_prefix("BTC").filter(|c| c.len() >= 2) else {
                return Err(not_found(path));
            };
            let i = currency_index(t, code, "currency pair")?;
            let body = match (version, rest) {
                (_, ["ticker"]) => HttpBody::Ticker(Box::new(encode::ticker(&t.specs()[i], &t.ticker_figures(i)))),
                (1, ["depth"]) | (_, ["depth", "fetch"]) => {
                    let d = t.window_depth(i);
                    if version == 1 && has_flag(query, "raw") {
                        return Ok(Reply::ok(serde_json::to_string(&d).unwrap_or_default()));
                    }
                    HttpBody::Depth(d)
                }
                (1, ["fulldepth"]) | (_, ["depth", "full"]) => HttpBody::Depth(t.full_depth(i)),
                (1, ["trades"]) | (_, ["trades", "fetch"]) => HttpBody::Trades(t.trades(i, since(query)?, MAX_TRADES)),
                (1, ["cancelledtrades"]) => HttpBody::CancelledTrades(Vec::new()),
                (2, ["currency"]) => currency_info(t, i),
                (2, ["order", "lag"]) => lag(t),
                _ => return Err(not_found(path)),
            };
            Ok(Reply::ok(encode::http(version, &body)))
        }
        _ => Err(not_found(path)),
    }
}

fn v0(t: &Tracker, i: usize, endpoint: &str, query: Option<&str>) -> Option<Result<Reply, Reply>> {
    let spec = &t.specs()[i];
    let body = match endpoint {
        "ticker.php" => HttpBody::Ticker(Box::new(encode::ticker_v0(spec, &t.ticker_figures(i)))),
        "getDepth.php" => {
            let d = t.full_depth(i);
            let pairs = |v: Vec<DepthEntry<'static>>| -> Vec<DepthEntry<'static>> {
                v.into_iter()
                    .map(|e| DepthEntry { price_int: None, amount_int: None, stamp: None, pair: true, ..e })
                    .collect()
            };
            HttpBody::Depth(goxbook_core::wire::DepthSnapshot {
                asks: pairs(d.asks),
                bids: pairs(d.bids),
                ..Default::default()
            })
        }
        "getTrades.php" => match since(query) {
            Ok(s) => HttpBody::Trades(t.trades(i, s, MAX_TRADES)),
            Err(e) => return Some(Err(e)),
        },
        _ => return None,
    };
    Some(Ok(Reply::ok(encode::http(0, &body))))
}

fn currency_info(t: &Tracker, i: usize) -> HttpBody<'static> {
    let spec = &t.specs()[i];
    HttpBody::Currency(CurrencyInfo {
        currency: Some(Cow::Owned(spec.code.clone())),
        name: None,
        decimals: Some(Num::number(spec.decimals.to_string())),
        display_decimals: Some(Num::number(spec.decimals.min(2).to_string())),
        ticker_channel: Some(Cow::Owned(spec.ticker_channel.clone())),
        depth_channel: Some(Cow::Owned(spec.depth_channel.clone())),
    })
}

fn lag(t: &Tracker) -> HttpBody<'static> {
    let us = t.lag();
    let secs = format_ticks(us, 6);
    HttpBody::Lag(EngineLag {
        lag: Some(Num::number(us.to_string())),
        lag_secs: Some(Num::number(secs.clone())),
        lag_text: Some(Cow::Owned(format!("{secs} seconds"))),
        length: Some(Num::string("0")),
    })
}
