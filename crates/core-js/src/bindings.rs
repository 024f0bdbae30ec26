//! The wasm-bindgen surface: thin wrappers over [`crate::views`], one crossing per call.

use goxbook_core::error::Quoted;
use goxbook_core::{Currency, MarketOptions};
use wasm_bindgen::prelude::*;

use crate::views::{self, ApiError, Js};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `new Market(options)`. */
export interface MarketOptions {
  /** Trades kept per currency (default 1000). */
  tapeCapacity?: number;
  /** The currency of payloads that name none, e.g. HTTP depth bodies (default "USD"). */
  defaultCurrency?: string;
}
/** What one payload changed: redraw only that. */
export interface Change {
  currency: string | null; book: boolean; ticker: boolean; tape: boolean;
  scales: boolean; lag: boolean; stale: boolean;
}
/** Decimals are exact strings: price at the currency's scale, amounts with 8 decimals. */
export interface Level { price: string; amount: string; cumulative: string; }
export interface Book { currency: string; bids: Level[]; asks: Level[]; }
export interface Ticker {
  currency: string; last: string | null; buy: string | null; sell: string | null;
  high: string | null; low: string | null; vol: string | null; vwap: string | null;
  avg: string | null; now: string | null;
}
export interface Trade {
  tid: string; date: number; price: string; amount: string;
  type: "bid" | "ask" | ""; primary: boolean | null;
}
export interface Quote {
  currency: string; side: "buy" | "sell"; requested: string; filled: string; complete: boolean;
  cost: string | null; average: string | null; worst: string | null; slippagePct: string | null;
  levels: { price: string; amount: string }[];
}
export interface CrossRates {
  inputs: { currency: string; price: string; time: string | null; stale: boolean }[];
  rates: { base: string; quote: string; rate: string; stale: boolean }[];
}
export interface Batch { applied: number; rejected: number; errors: { line: number; kind: string; message: string }[]; }
/** Thrown by the API: a JS Error with the core's error kind and, when known, its position. */
export interface GoxbookError extends Error { kind: string; line?: number; column?: number; offset?: number; }
"#;

/// Every answer goes through here: JSON text built in Rust, parsed by the engine.
pub(crate) fn to_js(v: Js) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&v.to_json())
}

pub(crate) fn throw(e: ApiError) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("kind", JsValue::from_str(e.kind));
    for (k, v) in [("line", e.line), ("column", e.column), ("offset", e.offset)] {
        if let Some(v) = v {
            set(k, JsValue::from_f64(v as f64));
        }
    }
    err.into()
}

/// Reads `options[key]`, if it is there.
pub(crate) fn option(options: &JsValue, key: &str) -> Option<JsValue> {
    let v = js_sys::Reflect::get(options, &JsValue::from_str(key)).ok()?;
    (!v.is_undefined() && !v.is_null()).then_some(v)
}

/// The market: per currency an order book, a ticker and a trades tape.
#[wasm_bindgen]
pub struct Market {
    inner: goxbook_core::Market,
    /// The currency `ingestBits` last reported (its JS wrapper keeps the string).
    reported: Option<Currency>,
}

#[wasm_bindgen]
impl Market {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "MarketOptions | undefined")] options: JsValue,
    ) -> Result<Market, JsValue> {
        // Read by hand: a serde deserializer here would cost more wasm than the whole API.
        let mut mo = MarketOptions::default();
        if !options.is_undefined() && !options.is_null() {
            if !options.is_object() {
                return Err(throw(ApiError::argument("options must be an object".into())));
            }
            if let Some(n) = option(&options, "tapeCapacity") {
                let n = n.as_f64().filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 1e7).ok_or_else(|| {
                    throw(ApiError::argument("options.tapeCapacity must be a whole number from 1 to 10000000".into()))
                })?;
                mo.tape_capacity = n as usize;
            }
            if let Some(c) = option(&options, "defaultCurrency") {
                let code = c.as_string().unwrap_or_default();
                mo.default_currency = Currency::new(&code).ok_or_else(|| {
                    throw(ApiError::argument(format!(
                        "options.defaultCurrency {} is not a currency code",
                        Quoted(&code)
                    )))
                })?;
            }
        }
        Ok(Market { inner: goxbook_core::Market::new(mo), reported: None })
    }

    /// Decodes and applies one payload of any kind: what changed as bits
    /// ([`views::change_bits`]), plus 128 when the currency differs from the one last
    /// reported (then `changeCurrency()` names it). The package's `ingest(text)` wraps it
    /// into the documented `Change` object (web/glue.mjs), one crossing per call.
    #[wasm_bindgen(js_name = ingestBits, skip_typescript)]
    pub fn ingest_bits(&mut self, text: &str) -> Result<u32, JsValue> {
        let change = self.inner.ingest(text).map_err(|e| throw(e.into()))?;
        let mut bits = views::change_bits(&change);
        if change.currency.is_some() && change.currency != self.reported {
            self.reported = change.currency;
            bits |= 128;
        }
        Ok(bits)
    }

    /// The currency `ingestBits` last reported.
    #[wasm_bindgen(js_name = changeCurrency, skip_typescript)]
    pub fn change_currency(&self) -> Option<String> {
        self.reported.map(|c| c.to_string())
    }

    /// Applies newline-separated payloads in one call; bad lines are counted, not thrown.
    #[wasm_bindgen(js_name = ingestLines, unchecked_return_type = "Batch")]
    pub fn ingest_lines(&mut self, text: &str) -> Result<JsValue, JsValue> {
        to_js(views::ingest_lines(&mut self.inner, text).into())
    }

    /// The best `depth` levels a side with cumulative amounts.
    #[wasm_bindgen(unchecked_return_type = "Book")]
    pub fn book(&self, currency: &str, depth: Option<u32>) -> Result<JsValue, JsValue> {
        to_js(views::book(&self.inner, currency, depth.map_or(usize::MAX, |d| d as usize)).map_err(throw)?.into())
    }

    #[wasm_bindgen(unchecked_return_type = "Ticker | null")]
    pub fn ticker(&self, currency: &str) -> Result<JsValue, JsValue> {
        to_js(views::ticker(&self.inner, currency).map_err(throw)?.into())
    }

    /// The newest `n` trades (default 50), newest first.
    #[wasm_bindgen(unchecked_return_type = "Trade[]")]
    pub fn trades(&self, currency: &str, n: Option<u32>) -> Result<JsValue, JsValue> {
        to_js(views::trades(&self.inner, currency, n.unwrap_or(50) as usize).map_err(throw)?.into())
    }

    /// Market impact of buying or selling `amount` BTC (a decimal string) against the book.
    #[wasm_bindgen(unchecked_return_type = "Quote")]
    pub fn quote(
        &self,
        currency: &str,
        #[wasm_bindgen(unchecked_param_type = "\"buy\" | \"sell\"")] side: &str,
        amount: &str,
    ) -> Result<JsValue, JsValue> {
        to_js(views::quote(&self.inner, currency, side, amount).map_err(throw)?.into())
    }

    /// Implied exchange rates between every pair of currencies with a price.
    #[wasm_bindgen(js_name = crossRates, unchecked_return_type = "CrossRates")]
    pub fn cross_rates(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"last\" | \"mid\" | undefined")] source: Option<String>,
        stale_after_ms: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let now_us = (js_sys::Date::now() * 1000.0) as i64;
        let stale = (stale_after_ms.unwrap_or(60_000.0) * 1000.0) as i64;
        to_js(
            views::cross_rates(&self.inner, source.as_deref().unwrap_or("last"), now_us, stale).map_err(throw)?.into(),
        )
    }

    /// Currencies with state.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn currencies(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.currencies().map(|c| c.currency.to_string()).collect::<Vec<_>>().into())
    }
}
