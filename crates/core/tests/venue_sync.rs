//! Each venue's sync rule on venue-neutral events (the decoders are tested on lines in
//! their own files): snapshots, updates before and after them, stale diffs, held diffs,
//! Kraken's depth and checksum.

use goxbook_core::venue::kraken::checksum_levels;
use goxbook_core::venue::{
    BookSnapshot, BookStep, BookUpdate, Event, LevelChange, Pair, PairScales, Venue, VenueMarket,
};
use goxbook_core::{Side, TradeRecord, TradeType};

fn snap(bids: &[(i64, i64)], asks: &[(i64, i64)], time: Option<i64>) -> Event {
    Event::Snapshot(BookSnapshot { bids: bids.to_vec(), asks: asks.to_vec(), time, checksum: None })
}

fn upd(changes: &[(Side, i64, i64)], time: Option<i64>) -> Event {
    Event::Update(BookUpdate {
        changes: changes.iter().map(|&(side, price, amount)| LevelChange { side, price, amount }).collect(),
        time,
        checksum: None,
    })
}

fn levels(m: &VenueMarket, side: Side) -> Vec<(i64, i64)> {
    m.book().levels(side).map(|l| (l.price, l.amount)).collect()
}

#[test]
fn bitstamp_diffs_before_the_snapshot_are_held_and_applied_when_newer() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    assert!(!m.synced());
    // Two diffs before any snapshot: held, nothing in the book.
    assert_eq!(m.apply(upd(&[(Side::Bid, 100, 5)], Some(10))).step, Some(BookStep::Held));
    assert_eq!(m.apply(upd(&[(Side::Bid, 101, 7), (Side::Ask, 103, 1)], Some(30))).step, Some(BookStep::Held));
    assert!(m.book().is_empty());
    // The snapshot at 20: the diff at 10 is older (dropped), the one at 30 applies.
    let c = m.apply(snap(&[(100, 1), (99, 2)], &[(102, 3)], Some(20)));
    assert_eq!(c.step, Some(BookStep::Replaced));
    assert!(m.synced());
    assert_eq!(levels(&m, Side::Bid), vec![(101, 7), (100, 1), (99, 2)]);
    assert_eq!(levels(&m, Side::Ask), vec![(102, 3), (103, 1)]);
}

#[test]
fn bitstamp_diff_at_or_before_the_snapshot_is_stale() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    m.apply(snap(&[(100, 1)], &[(102, 3)], Some(20)));
    // Equal is stale, older is stale.
    assert_eq!(m.apply(upd(&[(Side::Bid, 100, 9)], Some(20))).step, Some(BookStep::Stale));
    assert_eq!(m.apply(upd(&[(Side::Bid, 100, 9)], Some(19))).step, Some(BookStep::Stale));
    assert_eq!(levels(&m, Side::Bid), vec![(100, 1)]);
    // Newer applies; an amount of zero removes; amounts are totals.
    let c = m.apply(upd(&[(Side::Bid, 100, 0), (Side::Ask, 102, 4)], Some(21)));
    assert_eq!(c.step, Some(BookStep::Applied { changed: true }));
    assert!(levels(&m, Side::Bid).is_empty());
    assert_eq!(levels(&m, Side::Ask), vec![(102, 4)]);
    // A second snapshot replaces the book and moves the bar.
    m.apply(snap(&[(90, 1)], &[], Some(40)));
    assert_eq!(levels(&m, Side::Ask), vec![]);
    assert_eq!(m.apply(upd(&[(Side::Bid, 91, 1)], Some(35))).step, Some(BookStep::Stale));
    assert_eq!(levels(&m, Side::Bid), vec![(90, 1)]);
}

#[test]
fn bitstamp_reconnect_unsyncs_until_the_next_snapshot() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    m.apply(snap(&[(100, 1)], &[], Some(20)));
    m.apply(Event::Reconnect);
    assert!(!m.synced());
    assert_eq!(levels(&m, Side::Bid), vec![(100, 1)], "the levels stay until a snapshot");
    assert_eq!(m.apply(upd(&[(Side::Bid, 101, 1)], Some(50))).step, Some(BookStep::Held));
    m.apply(snap(&[(100, 2)], &[], Some(45)));
    assert!(m.synced());
    assert_eq!(levels(&m, Side::Bid), vec![(101, 1), (100, 2)]);
}

#[test]
fn coinbase_update_before_the_snapshot_is_ignored() {
    let mut m = VenueMarket::new(Venue::Coinbase, Pair::BTC_USD);
    let c = m.apply(upd(&[(Side::Bid, 100, 5)], None));
    assert_eq!(c.step, Some(BookStep::BeforeSnapshot));
    assert!(!c.book);
    assert!(m.book().is_empty() && !m.synced());
    m.apply(snap(&[(100, 1)], &[(101, 1)], None));
    assert!(m.synced());
    // Changes apply in order: the same price twice ends at the second.
    m.apply(upd(&[(Side::Ask, 102, 5), (Side::Ask, 102, 6), (Side::Ask, 101, 0)], None));
    assert_eq!(levels(&m, Side::Ask), vec![(102, 6)]);
}

fn kraken_update(changes: &[(Side, i64, i64)], checksum: u32) -> Event {
    Event::Update(BookUpdate {
        changes: changes.iter().map(|&(side, price, amount)| LevelChange { side, price, amount }).collect(),
        time: None,
        checksum: Some(checksum),
    })
}

fn crc(m_bids: &[(i64, i64)], m_asks: &[(i64, i64)]) -> u32 {
    checksum_levels(m_asks.iter().copied(), m_bids.iter().copied())
}

#[test]
fn kraken_update_before_the_snapshot_is_ignored_and_depth_defaults_to_10() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    assert_eq!(m.apply(kraken_update(&[(Side::Bid, 100, 5)], 0)).step, Some(BookStep::BeforeSnapshot));
    assert_eq!(m.mismatches, 0, "an ignored update is not verified");
    // A snapshot of 12 levels a side is cut to 10.
    let bids: Vec<(i64, i64)> = (0..12).map(|i| (1000 - i, 1 + i)).collect();
    let asks: Vec<(i64, i64)> = (0..12).map(|i| (1001 + i, 1 + i)).collect();
    let sum = crc(&bids, &asks);
    let c = m.apply(Event::Snapshot(BookSnapshot {
        bids: bids.clone(),
        asks: asks.clone(),
        time: None,
        checksum: Some(sum),
    }));
    assert_eq!(c.mismatch, None);
    assert!(m.synced());
    assert_eq!(levels(&m, Side::Bid), bids[..10].to_vec());
    assert_eq!(levels(&m, Side::Ask), asks[..10].to_vec());
}

#[test]
fn kraken_depth_from_the_ack_truncates_after_every_message() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    m.apply(Event::Depth(3));
    let bids = [(100, 1), (99, 1), (98, 1)];
    let asks = [(101, 1), (102, 1), (103, 1)];
    m.apply(Event::Snapshot(BookSnapshot {
        bids: bids.to_vec(),
        asks: asks.to_vec(),
        time: None,
        checksum: Some(crc(&bids, &asks)),
    }));
    // A better bid pushes 98 out of scope: Kraken sends no removal for it.
    let top = [(1000, 2), (100, 1), (99, 1)];
    let c = m.apply(kraken_update(&[(Side::Bid, 1000, 2)], crc(&top, &asks)));
    assert_eq!(c.mismatch, None);
    assert_eq!(levels(&m, Side::Bid), top.to_vec());
    assert!(m.synced());
}

#[test]
fn kraken_mismatch_unsyncs_until_the_next_snapshot_and_updates_still_apply() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    let bids = [(100, 1), (99, 1)];
    let asks = [(101, 1), (102, 1)];
    m.apply(Event::Snapshot(BookSnapshot {
        bids: bids.to_vec(),
        asks: asks.to_vec(),
        time: None,
        checksum: Some(crc(&bids, &asks)),
    }));
    assert!(m.synced());
    // A corrupted checksum: the update applies, the book is unsynced.
    let bids2 = [(100, 3), (99, 1)];
    let right = crc(&bids2, &asks);
    let c = m.apply(kraken_update(&[(Side::Bid, 100, 3)], right ^ 1));
    assert_eq!(c.mismatch.map(|x| (x.sent, x.computed)), Some((right ^ 1, right)));
    assert!(!m.synced());
    assert_eq!(m.mismatches, 1);
    assert_eq!(levels(&m, Side::Bid), bids2.to_vec());
    // A later update with a matching checksum applies but does not resync.
    let bids3 = [(100, 3)];
    let c = m.apply(kraken_update(&[(Side::Bid, 99, 0)], crc(&bids3, &asks)));
    assert_eq!(c.mismatch, None);
    assert!(!m.synced());
    assert_eq!(levels(&m, Side::Bid), bids3.to_vec());
    // A fresh snapshot resyncs.
    m.apply(Event::Snapshot(BookSnapshot {
        bids: bids.to_vec(),
        asks: asks.to_vec(),
        time: None,
        checksum: Some(crc(&bids, &asks)),
    }));
    assert!(m.synced());
    // A snapshot whose checksum does not match is not synced.
    m.apply(Event::Snapshot(BookSnapshot { bids: bids.to_vec(), asks: asks.to_vec(), time: None, checksum: Some(7) }));
    assert!(!m.synced());
}

#[test]
fn learned_scales_that_differ_reset_the_market() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    m.apply(Event::Depth(25));
    m.apply(snap(&[(100, 1)], &[], None));
    assert!(m.synced());
    // The built-in scales again: nothing changes.
    assert!(!m.apply(Event::Scales(PairScales { price: 1, amount: 8 })).scales);
    assert!(m.synced());
    let c = m.apply(Event::Scales(PairScales { price: 2, amount: 8 }));
    assert!(c.scales);
    assert!(m.book().is_empty() && !m.synced());
    assert_eq!(m.scales(), Some(PairScales { price: 2, amount: 8 }));
    match m.sync() {
        goxbook_core::venue::SyncState::Kraken(s) => assert_eq!(s.depth(), 25),
        other => panic!("{other:?}"),
    }
}

fn trade(tid: i64, side: TradeType) -> TradeRecord {
    TradeRecord { tid, date: 1, price: 100, amount: 1, trade_type: side, primary: None }
}

#[test]
fn trades_are_deduplicated_by_id_and_the_newest_is_the_highest() {
    let mut m = VenueMarket::new(Venue::Coinbase, Pair::BTC_USD);
    assert!(m.apply(Event::Trades(vec![trade(5, TradeType::Bid), trade(3, TradeType::Ask)])).tape);
    assert!(!m.apply(Event::Trades(vec![trade(5, TradeType::Bid)])).tape, "a duplicate");
    assert!(m.apply(Event::Trades(vec![trade(4, TradeType::Ask)])).tape);
    let ids: Vec<i64> = m.tape().iter().map(|t| t.tid).collect();
    assert_eq!(ids, vec![3, 4, 5]);
    assert_eq!(m.tape().last().map(|t| t.tid), Some(5));
}
