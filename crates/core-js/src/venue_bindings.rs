//! The wasm-bindgen surface of the venues: `VenueMarket` (one venue's market) and `Venues`
//! (several venues of one pair: the consolidated book and arbitrage table), thin wrappers
//! over [`crate::venue_views`], one crossing per call, answers as one JSON text.

use goxbook_core::arbitrage::Fees;
use goxbook_core::tape::DEFAULT_TAPE_CAPACITY;
use goxbook_core::venue::{Pair, Venue};
use wasm_bindgen::prelude::*;

use crate::bindings::{option, throw, to_js};
use crate::venue_views::{self as vv, VenueSet};
use crate::views::ApiError;

#[wasm_bindgen(typescript_custom_section)]
const TS_VENUE_TYPES: &'static str = r#"
/** A market-data source. */
export type Venue = "mtgox" | "bitstamp" | "kraken" | "coinbase";
/** Options of `new VenueMarket(venue, options)` and `new Venues(options)`. */
export interface VenueOptions {
  /** The pair, in any venue's spelling: "BTC/USD" (default), "BTC-EUR", "btceur". */
  pair?: string;
  /** Trades kept (default 1000). */
  tapeCapacity?: number;
}
/** What one line changed. `step`: what a book message did; `mismatch`: Kraken's checksum. */
export interface VenueChange {
  book: boolean; ticker: boolean; tape: boolean; scales: boolean;
  /** Another pair's message, or one this decoder does not know: nothing applied. */
  ignored: boolean;
  step: "replaced" | "applied" | "held" | "stale" | "beforeSnapshot" | null;
  mismatch: { sent: number; computed: number } | null;
  /** The book is known right after this line. */
  synced: boolean;
}
export interface VenueState { venue: Venue; pair: string; synced: boolean; rejected: number; mismatches: number; }
/** Decimals are exact strings at the pair's scales on the venue. */
export interface VenueBook { venue: Venue; pair: string; synced: boolean; bids: Level[]; asks: Level[]; }
/** Fields the venue does not publish are null (avg outside MtGox, Coinbase's vwap). */
export interface VenueTicker {
  venue: Venue; pair: string; last: string | null; buy: string | null; sell: string | null;
  high: string | null; low: string | null; vol: string | null; vwap: string | null; avg: string | null;
}
/** `type`: the taker's side on every venue ("bid": the taker bought). */
export interface VenueTrade { tid: string; date: number; price: string; amount: string; type: "bid" | "ask" | ""; }
/** Options of `Venues.consolidate`. */
export interface ConsolidateOptions {
  /** Levels a side shown (default all); the arbitrage walk reads every level. */
  depth?: number;
  /** Taker fees in whole basis points, e.g. { kraken: 26 } (default 0). */
  fees?: Partial<Record<Venue, number>>;
}
export interface ConsolidatedLevel { price: string; amount: string; venues: Partial<Record<Venue, string>>; }
export interface ArbitrageRow {
  buy: Venue; sell: Venue; amount: string; cost: string; proceeds: string; profit: string; edge_pct: string;
}
/** As `goxbook consolidate` prints it: unsynced venues listed but left out of the book and table. */
export interface Consolidated {
  pair: string;
  venues: Partial<Record<Venue, { synced: boolean; rejected: number }>>;
  bids: ConsolidatedLevel[]; asks: ConsolidatedLevel[];
  /** Positive profits only, largest first. */
  arbitrage: ArbitrageRow[];
}
"#;

/// `{pair, tapeCapacity}` of an options object.
fn options(options: &JsValue) -> Result<(Pair, usize), JsValue> {
    let (mut pair, mut tape) = (Pair::BTC_USD, DEFAULT_TAPE_CAPACITY);
    if options.is_undefined() || options.is_null() {
        return Ok((pair, tape));
    }
    if !options.is_object() {
        return Err(throw(ApiError::argument("options must be an object".into())));
    }
    if let Some(p) = option(options, "pair") {
        pair = vv::pair(&p.as_string().unwrap_or_default()).map_err(throw)?;
    }
    if let Some(n) = option(options, "tapeCapacity") {
        let n = n.as_f64().filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 1e7).ok_or_else(|| {
            throw(ApiError::argument("options.tapeCapacity must be a whole number from 1 to 10000000".into()))
        })?;
        tape = n as usize;
    }
    Ok((pair, tape))
}

fn venue(name: &str) -> Result<Venue, JsValue> {
    vv::venue(name).map_err(throw)
}

/// One venue's market for one pair: its book kept by the venue's sync rule, its ticker and tape.
#[wasm_bindgen]
pub struct VenueMarket {
    inner: goxbook_core::venue::VenueMarket,
}

#[wasm_bindgen]
impl VenueMarket {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str,
        #[wasm_bindgen(unchecked_param_type = "VenueOptions | undefined")] opts: JsValue,
    ) -> Result<VenueMarket, JsValue> {
        let (pair, tape) = options(&opts)?;
        Ok(VenueMarket { inner: goxbook_core::venue::VenueMarket::with_tape(venue(venue_name)?, pair, tape) })
    }

    /// Decodes and applies one line of the venue (a websocket frame or a REST body); throws a
    /// GoxbookError (and changes nothing) when it cannot be decoded.
    #[wasm_bindgen(unchecked_return_type = "VenueChange")]
    pub fn ingest(&mut self, text: &str) -> Result<JsValue, JsValue> {
        let c = self.inner.ingest(text).map_err(|e| throw(e.into()))?;
        to_js(vv::change(&c, self.inner.synced()))
    }

    /// Applies newline-separated lines in one call; bad lines are counted, not thrown.
    #[wasm_bindgen(js_name = ingestLines, unchecked_return_type = "Batch")]
    pub fn ingest_lines(&mut self, text: &str) -> Result<JsValue, JsValue> {
        to_js(vv::ingest_lines(&mut self.inner, text))
    }

    #[wasm_bindgen(unchecked_return_type = "VenueState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        to_js(vv::state(&self.inner))
    }

    /// The best `depth` levels a side (default all) with cumulative amounts.
    #[wasm_bindgen(unchecked_return_type = "VenueBook")]
    pub fn book(&self, depth: Option<u32>) -> Result<JsValue, JsValue> {
        to_js(vv::book(&self.inner, depth.map_or(usize::MAX, |d| d as usize)).map_err(throw)?)
    }

    #[wasm_bindgen(unchecked_return_type = "VenueTicker | null")]
    pub fn ticker(&self) -> Result<JsValue, JsValue> {
        to_js(vv::ticker(&self.inner).map_err(throw)?)
    }

    /// The newest `n` trades (default 50), newest first.
    #[wasm_bindgen(unchecked_return_type = "VenueTrade[]")]
    pub fn trades(&self, n: Option<u32>) -> Result<JsValue, JsValue> {
        to_js(vv::trades(&self.inner, n.unwrap_or(50) as usize).map_err(throw)?)
    }
}

/// Several venues' markets of one pair (one each): per-venue views, the consolidated book
/// and the arbitrage table.
#[wasm_bindgen]
pub struct Venues {
    inner: VenueSet,
}

#[wasm_bindgen]
impl Venues {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "VenueOptions | undefined")] opts: JsValue,
    ) -> Result<Venues, JsValue> {
        let (pair, tape) = options(&opts)?;
        Ok(Venues { inner: VenueSet::new(pair, tape) })
    }

    /// Applies one line of `venue`'s feed to its market (made on first use).
    #[wasm_bindgen(unchecked_return_type = "VenueChange")]
    pub fn ingest(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str,
        text: &str,
    ) -> Result<JsValue, JsValue> {
        let m = self.inner.market_mut(venue(venue_name)?);
        let c = m.ingest(text).map_err(|e| throw(e.into()))?;
        to_js(vv::change(&c, m.synced()))
    }

    /// Applies newline-separated lines of `venue`'s feed; bad lines are counted, not thrown.
    #[wasm_bindgen(js_name = ingestLines, unchecked_return_type = "Batch")]
    pub fn ingest_lines(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str,
        text: &str,
    ) -> Result<JsValue, JsValue> {
        to_js(vv::ingest_lines(self.inner.market_mut(venue(venue_name)?), text))
    }

    /// The venues with a market, in venue order.
    #[wasm_bindgen(unchecked_return_type = "Venue[]")]
    pub fn venues(&self) -> Result<JsValue, JsValue> {
        to_js(crate::views::Js::Arr(self.inner.venues().into_iter().map(|v| v.as_str().into()).collect()))
    }

    #[wasm_bindgen(unchecked_return_type = "VenueState")]
    pub fn state(&self, #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str) -> Result<JsValue, JsValue> {
        to_js(vv::state(self.inner.market(venue(venue_name)?).map_err(throw)?))
    }

    #[wasm_bindgen(unchecked_return_type = "VenueBook")]
    pub fn book(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str,
        depth: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        let m = self.inner.market(venue(venue_name)?).map_err(throw)?;
        to_js(vv::book(m, depth.map_or(usize::MAX, |d| d as usize)).map_err(throw)?)
    }

    #[wasm_bindgen(unchecked_return_type = "VenueTicker | null")]
    pub fn ticker(&self, #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str) -> Result<JsValue, JsValue> {
        to_js(vv::ticker(self.inner.market(venue(venue_name)?).map_err(throw)?).map_err(throw)?)
    }

    #[wasm_bindgen(unchecked_return_type = "VenueTrade[]")]
    pub fn trades(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Venue")] venue_name: &str,
        n: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        let m = self.inner.market(venue(venue_name)?).map_err(throw)?;
        to_js(vv::trades(m, n.unwrap_or(50) as usize).map_err(throw)?)
    }

    /// The consolidated book and the arbitrage table of every venue ingested.
    #[wasm_bindgen(unchecked_return_type = "Consolidated")]
    pub fn consolidate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConsolidateOptions | undefined")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (mut depth, mut fees) = (usize::MAX, Fees::new());
        if !opts.is_undefined() && !opts.is_null() {
            if !opts.is_object() {
                return Err(throw(ApiError::argument("options must be an object".into())));
            }
            if let Some(d) = option(&opts, "depth") {
                let d = d
                    .as_f64()
                    .filter(|d| d.fract() == 0.0 && *d >= 0.0 && *d <= 1e9)
                    .ok_or_else(|| throw(ApiError::argument("options.depth must be a whole number from 0".into())))?;
                depth = d as usize;
            }
            if let Some(f) = option(&opts, "fees") {
                for v in Venue::ALL {
                    let Some(bps) = option(&f, v.as_str()) else { continue };
                    let bps =
                        bps.as_f64().filter(|b| b.fract() == 0.0 && *b >= 0.0 && *b < 10_000.0).ok_or_else(|| {
                            throw(ApiError::argument(format!(
                                "options.fees.{v} must be a whole number of basis points from 0 to 9999"
                            )))
                        })?;
                    fees.set(v, bps as u32);
                }
            }
        }
        to_js(self.inner.consolidated(depth, &fees).map_err(throw)?)
    }
}
