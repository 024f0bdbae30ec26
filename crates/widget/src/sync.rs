//! The feed's bookkeeping, without any IO: the market (goxbook-core, inside the wasm), the
//! stream messages kept while a snapshot is in flight, and the counters the status line shows.
//!
//! MtGox has no sequence numbers, so a (re)sync is: connect, keep every stream message, fetch
//! the HTTP snapshot, apply it, then apply the kept messages again. The core orders them by
//! time: a message older than the snapshot (or than its level) is stale and ignored, a newer
//! one applies on top, so nothing that happened during the fetch is lost or applied twice.
//! Messages are also applied as they arrive, so the display keeps moving during a refresh.
//!
//! One `SyncState` serves one connection, whatever its currencies: every widget on the same feed
//! reads the same market (see `hub`), and a snapshot may cover any of its currencies.

use std::borrow::Cow;

use goxbook_core::{decode_annotated, Change, Currency, Market, MarketOptions};

/// Trades kept per currency (the widget shows 50).
pub const TAPE: usize = 200;
/// Messages kept while one snapshot is in flight; more means the fetch is hopeless.
pub const MAX_PENDING: usize = 200_000;

/// Counters shown in the status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Stream frames received.
    pub messages: u64,
    /// Frames that were not JSON of any known shape: counted and skipped.
    pub garbage: u64,
    /// Frames that decoded but could not apply (a bad number, an unknown currency).
    pub rejected: u64,
    /// Snapshots applied.
    pub snapshots: u64,
}

/// The part of an HTTP snapshot a body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Currency,
    Depth,
    Trades,
    Ticker,
}

pub struct SyncState {
    pub market: Market,
    pending: Option<Vec<String>>,
    overflow: bool,
    pub counts: Counts,
}

impl SyncState {
    /// `currency` is the market's default: the currency of a payload that names none.
    pub fn new(currency: Currency) -> SyncState {
        SyncState {
            market: Market::new(MarketOptions { tape_capacity: TAPE, default_currency: currency }),
            pending: None,
            overflow: false,
            counts: Counts::default(),
        }
    }

    /// One stream frame. Returns the currency whose display changed, if any.
    pub fn message(&mut self, text: &str) -> Option<Currency> {
        self.counts.messages += 1;
        if let Some(p) = &mut self.pending {
            if p.len() < MAX_PENDING {
                p.push(text.to_string());
            } else {
                self.overflow = true;
            }
        }
        match self.market.ingest(text) {
            Ok(c) => visible(&c),
            Err(e) => {
                if e.kind() == "json" {
                    self.counts.garbage += 1;
                } else {
                    self.counts.rejected += 1;
                }
                None
            }
        }
    }

    /// One stream frame, as [`SyncState::message`], and whether it was skipped (garbage or rejected).
    pub fn frame(&mut self, text: &str) -> (Option<Currency>, bool) {
        let skipped = self.counts.garbage + self.counts.rejected;
        let changed = self.message(text);
        (changed, self.counts.garbage + self.counts.rejected != skipped)
    }

    /// A snapshot is about to be fetched: keep the stream from now on.
    pub fn begin_snapshot(&mut self) {
        self.pending = Some(Vec::new());
        self.overflow = false;
    }

    /// The fetch failed: stop keeping messages.
    pub fn abandon_snapshot(&mut self) {
        self.pending = None;
    }

    pub fn snapshot_in_flight(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether `currency`'s scale must be learned (`generic/currency`) before anything applies.
    pub fn needs_currency_info(&self, currency: Currency) -> bool {
        self.market.scales().decimals(currency).is_none()
    }

    /// The newest trade known in `currency`, for `trades?since=`.
    pub fn newest_tid(&self, currency: Currency) -> Option<i64> {
        self.market.get(currency).and_then(|s| s.tape.last()).map(|t| t.tid)
    }

    /// Applies the snapshot's bodies (in the order given; per currency: currency info, depth,
    /// trades, ticker), then the messages kept since [`SyncState::begin_snapshot`]. A depth body
    /// names no currency: it is the one it was fetched for. A body that does not apply is an
    /// error naming its currency and part; the kept messages are then still re-applied.
    pub fn apply_snapshot(&mut self, bodies: &[(Currency, Part, String)]) -> Result<(), String> {
        let mut result = Ok(());
        for (currency, part, body) in bodies {
            let applied = decode_annotated(body).and_then(|mut d| {
                d.currency_hint.get_or_insert(Cow::Borrowed(currency.as_str()));
                self.market.apply(body, &d)
            });
            if let Err(e) = applied {
                result =
                    Err(format!("the {currency} {part:?} snapshot could not be applied: {e}").to_ascii_lowercase());
                break;
            }
        }
        let overflow = std::mem::take(&mut self.overflow);
        for text in self.pending.take().unwrap_or_default() {
            let _ = self.market.ingest(&text);
        }
        if result.is_ok() {
            self.counts.snapshots += 1;
        }
        if overflow {
            return Err("the stream outran the snapshot; syncing again".to_string());
        }
        result
    }
}

/// The currency whose display a change touches, if any.
fn visible(c: &Change) -> Option<Currency> {
    c.currency.filter(|_| c.book || c.ticker || c.tape || c.scales)
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::Side;

    fn depth(price: i64, side: &str, total: i64, now: i64) -> String {
        format!(
            r#"{{"op":"private","channel":"24e67e0d-1cad-4cc0-9e7a-f8523ef460fe","channel_name":"depth.BTCUSD","private":"depth","depth":{{"price_int":"{price}","type_str":"{side}","volume_int":"1","total_volume_int":"{total}","currency":"USD","item":"BTC","now":"{now}"}}}}"#
        )
    }

    fn book(s: &SyncState, side: Side) -> Vec<(i64, i64)> {
        s.market
            .get(Currency::USD)
            .map(|c| c.book.levels(side).map(|l| (l.price, l.amount)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn buffered_messages_apply_after_the_snapshot_by_time() {
        let mut s = SyncState::new(Currency::USD);
        s.begin_snapshot();
        // Arrives during the fetch; older than the snapshot: the snapshot wins.
        assert_eq!(s.message(&depth(1_000_000, "bid", 5, 100)), Some(Currency::USD));
        // Newer than the snapshot: applies on top of it.
        assert_eq!(s.message(&depth(1_100_000, "ask", 7, 300)), Some(Currency::USD));
        let full = r#"{"result":"success","return":{"asks":[{"price_int":"1100000","amount_int":"2","stamp":"200"}],
            "bids":[{"price_int":"1000000","amount_int":"3","stamp":"200"},{"price_int":"990000","amount_int":"4","stamp":"150"}]}}"#;
        s.apply_snapshot(&[(Currency::USD, Part::Depth, full.to_string())]).unwrap();
        assert_eq!(book(&s, Side::Bid), [(1_000_000, 3), (990_000, 4)]);
        assert_eq!(book(&s, Side::Ask), [(1_100_000, 7)]);
        assert!(!s.snapshot_in_flight());
        assert_eq!(s.counts.snapshots, 1);
    }

    #[test]
    fn garbage_is_counted_and_skipped() {
        let mut s = SyncState::new(Currency::USD);
        assert_eq!(s.frame("\u{0}not json"), (None, true));
        assert_eq!(s.message(r#"{"op":"private","private":"depth","depth":{"price_int":"x","type_str":"bid","total_volume_int":"1","currency":"USD"}}"#), None);
        assert!(s.message(&depth(1_000_000, "bid", 5, 100)).is_some());
        assert_eq!((s.counts.messages, s.counts.garbage, s.counts.rejected), (3, 1, 1));
    }

    #[test]
    fn a_message_names_the_currency_it_changed() {
        let mut s = SyncState::new(Currency::EUR);
        assert_eq!(s.message(&depth(1_000_000, "bid", 5, 100)), Some(Currency::USD));
        assert!(s.market.get(Currency::USD).is_some());
        let remark = r#"{"op":"remark","success":false,"message":"unknown channel"}"#;
        assert_eq!(s.message(remark), None);
    }

    #[test]
    fn one_snapshot_covers_several_currencies() {
        // Depth bodies name no currency: each is the one it was fetched for.
        let mut s = SyncState::new(Currency::USD);
        s.begin_snapshot();
        let usd = r#"{"result":"success","return":{"asks":[],"bids":[{"price_int":"1000000","amount_int":"3","stamp":"200"}]}}"#;
        let eur = r#"{"result":"success","return":{"asks":[],"bids":[{"price_int":"900000","amount_int":"4","stamp":"200"}]}}"#;
        s.apply_snapshot(&[(Currency::USD, Part::Depth, usd.into()), (Currency::EUR, Part::Depth, eur.into())])
            .unwrap();
        assert_eq!(book(&s, Side::Bid), [(1_000_000, 3)]);
        let eur_bids: Vec<_> =
            s.market.get(Currency::EUR).unwrap().book.levels(Side::Bid).map(|l| (l.price, l.amount)).collect();
        assert_eq!(eur_bids, [(900_000, 4)]);
    }

    #[test]
    fn a_failed_body_names_its_part_and_still_replays() {
        let mut s = SyncState::new(Currency::USD);
        s.begin_snapshot();
        s.message(&depth(1_000_000, "bid", 5, 100));
        let err = s.apply_snapshot(&[(Currency::USD, Part::Ticker, "{".to_string())]).unwrap_err();
        assert!(err.contains("usd ticker"), "{err}");
        assert_eq!(book(&s, Side::Bid), [(1_000_000, 5)]);
    }

    #[test]
    fn currency_info_teaches_a_scale() {
        let xyz = Currency::new("XYZ").unwrap();
        let mut s = SyncState::new(xyz);
        assert!(s.needs_currency_info(xyz));
        s.begin_snapshot();
        let info = r#"{"result":"success","return":{"currency":"XYZ","decimals":"2"}}"#;
        s.apply_snapshot(&[(xyz, Part::Currency, info.to_string())]).unwrap();
        assert!(!s.needs_currency_info(xyz));
    }
}
