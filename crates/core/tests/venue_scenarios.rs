//! Each venue's market fed whole lines, as a capture replays them: diffs before and after a
//! snapshot, stale diffs, duplicates, a checksum mismatch then a fresh snapshot, an update
//! before any snapshot, lines of another pair or channel, and rejected lines that change
//! nothing.

use goxbook_core::venue::kraken::checksum_levels;
use goxbook_core::venue::{BookStep, Pair, PairScales, Venue, VenueMarket};
use goxbook_core::{Error, NumberProblem, Side, TradeType};

fn bids(m: &VenueMarket) -> Vec<(i64, i64)> {
    m.book().levels(Side::Bid).map(|l| (l.price, l.amount)).collect()
}

fn asks(m: &VenueMarket) -> Vec<(i64, i64)> {
    m.book().levels(Side::Ask).map(|l| (l.price, l.amount)).collect()
}

// ---- Bitstamp ----

fn bs_diff(micros: i64, bids: &str, asks: &str) -> String {
    format!(
        r#"{{"data":{{"timestamp":"{}","microtimestamp":"{micros}","bids":[{bids}],"asks":[{asks}]}},"channel":"diff_order_book_btcusd","event":"data"}}"#,
        micros / 1_000_000
    )
}

fn bs_rest(micros: i64, bids: &str, asks: &str) -> String {
    format!(
        r#"{{"timestamp": "{}", "microtimestamp": "{micros}", "bids": [{bids}], "asks": [{asks}]}}"#,
        micros / 1_000_000
    )
}

#[test]
fn bitstamp_diffs_around_the_rest_snapshot() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    // A live client subscribes to the diffs first, then fetches the snapshot.
    let held_old = m.ingest(&bs_diff(1_000_000_100, r#"["100.00","9.00000000"]"#, "")).unwrap();
    let held_new = m.ingest(&bs_diff(1_000_000_300, r#"["100.50","1.00000000"]"#, r#"["101.00","0"]"#)).unwrap();
    assert_eq!((held_old.step, held_new.step), (Some(BookStep::Held), Some(BookStep::Held)));
    assert!(!m.synced() && m.book().is_empty());
    m.ingest(&bs_rest(
        1_000_000_200,
        r#"["100.00", "2.00000000"]"#,
        r#"["101.00", "1.00000000"], ["101.50", "3.00000000"]"#,
    ))
    .unwrap();
    assert!(m.synced());
    // The diff at …100 is older than the snapshot: dropped; the one at …300 applied.
    assert_eq!(bids(&m), vec![(10050, 100_000_000), (10000, 200_000_000)]);
    assert_eq!(asks(&m), vec![(10150, 300_000_000)]);
    // A diff at the snapshot's own microtimestamp is stale; a later one applies.
    let c = m.ingest(&bs_diff(1_000_000_200, r#"["99.00","1"]"#, "")).unwrap();
    assert_eq!(c.step, Some(BookStep::Stale));
    let c = m.ingest(&bs_diff(1_000_000_301, r#"["100.50","0.00000000"]"#, "")).unwrap();
    assert!(c.book);
    assert_eq!(bids(&m), vec![(10000, 200_000_000)]);
    // order_book_ (the top 100) replaces the whole book.
    let top = r#"{"data":{"timestamp":"1000","microtimestamp":"1000000400","bids":[["98.00","1.00000000"]],"asks":[]},"channel":"order_book_btcusd","event":"data"}"#;
    m.ingest(top).unwrap();
    assert_eq!((bids(&m), asks(&m)), (vec![(9800, 100_000_000)], vec![]));
    assert_eq!(m.rejected, 0);
}

#[test]
fn bitstamp_trades_deduplicated_newest_is_highest_id() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    let trade = |id: i64, kind: u8| {
        format!(
            r#"{{"data":{{"id":{id},"timestamp":"1641343699","amount":0.5,"amount_str":"0.50000000","price":100.5,"price_str":"100.50","type":{kind},"microtimestamp":"1641343699596000"}},"channel":"live_trades_btcusd","event":"trade"}}"#
        )
    };
    assert!(m.ingest(&trade(7, 0)).unwrap().tape);
    assert!(!m.ingest(&trade(7, 0)).unwrap().tape, "a duplicate");
    assert!(m.ingest(&trade(5, 1)).unwrap().tape, "an older trade still enters the tape, in its place");
    let t: Vec<(i64, TradeType)> = m.tape().iter().map(|t| (t.tid, t.trade_type)).collect();
    assert_eq!(t, vec![(5, TradeType::Ask), (7, TradeType::Bid)]);
    assert_eq!(m.tape().last().map(|t| (t.tid, t.price, t.amount)), Some((7, 10050, 50_000_000)));
}

#[test]
fn bitstamp_rejected_lines_change_nothing() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    m.ingest(&bs_rest(1_000_000_000, r#"["100.00", "1"]"#, r#"["101.00", "1"]"#)).unwrap();
    let before = m.clone();
    // The second level's amount is not a number: the whole diff is refused, with where.
    let bad = bs_diff(1_000_000_001, r#"["100.00","5"],["99.00","abc"]"#, "");
    let e = m.ingest(&bad).unwrap_err();
    assert!(matches!(e, Error::Number { field: "amount", .. }), "{e}");
    assert_eq!(e.position().unwrap().offset, bad.find("abc").unwrap());
    // A price past the pair's cents: refused, not rounded.
    let e = m.ingest(&bs_diff(1_000_000_002, r#"["100.005","5"]"#, "")).unwrap_err();
    assert!(matches!(e, Error::Number { problem: NumberProblem::TooPrecise(2), .. }), "{e}");
    // Not JSON; JSON that is no Bitstamp message (not an object).
    let e = m.ingest(r#"{"data":{"bids":[["1","2"]],"channel":"#).unwrap_err();
    assert!(matches!(e, Error::Json { .. }));
    assert!(m.ingest("[1,2]").is_err());
    assert_eq!(m.rejected, 4);
    assert_eq!(m.book(), before.book());
    assert!(m.synced());
    // Other pairs and unknown channels are ignored, not rejected.
    let eur = bs_diff(1_000_000_003, r#"["1.00","1"]"#, "").replace("btcusd", "btceur");
    assert!(m.ingest(&eur).unwrap().ignored);
    let orders = r#"{"data":{"id":1,"amount":1,"price":1,"order_type":0},"channel":"live_orders_btcusd","event":"order_created"}"#;
    assert!(m.ingest(orders).unwrap().ignored);
    assert_eq!(m.rejected, 4);
    assert_eq!(m.book(), before.book());
}

#[test]
fn bitstamp_reconnect_then_resync() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    m.ingest(&bs_rest(1_000_000_000, r#"["100.00", "1"]"#, "")).unwrap();
    m.ingest(r#"{"event":"bts:request_reconnect","channel":"","data":""}"#).unwrap();
    assert!(!m.synced());
    assert_eq!(m.ingest(&bs_diff(1_000_000_500, r#"["100.00","3"]"#, "")).unwrap().step, Some(BookStep::Held));
    m.ingest(&bs_rest(1_000_000_400, r#"["100.00", "2"]"#, "")).unwrap();
    assert!(m.synced());
    assert_eq!(bids(&m), vec![(10000, 300_000_000)]);
}

#[test]
fn bitstamp_rest_ticker_mapped() {
    let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_EUR);
    let line = r#"{"high": "8069.34", "last": "7675.00", "timestamp": "1523543610", "bid": "7675.00", "vwap": "7369.00", "volume": "15671.15645338", "low": "6758.45", "ask": "7675.01", "open": "6940.94"}"#;
    assert!(m.ingest(line).unwrap().ticker);
    let t = m.ticker().unwrap();
    assert_eq!((t.last, t.buy, t.sell, t.avg), (Some(767500), Some(767500), Some(767501), None));
}

// ---- Kraken ----

const GUIDE_ASKS: &str = r#"{"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},{"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},{"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},{"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}"#;
const GUIDE_BIDS: &str = r#"{"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},{"price":45282.1,"qty":0.10000000},{"price":45281.0,"qty":0.10000000},{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},{"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},{"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}"#;

fn kr_book(kind: &str, bids: &str, asks: &str, checksum: u32) -> String {
    format!(
        r#"{{"channel":"book","type":"{kind}","data":[{{"symbol":"BTC/USD","bids":[{bids}],"asks":[{asks}],"checksum":{checksum},"timestamp":"2023-10-06T17:35:55.440295Z"}}]}}"#
    )
}

const KR_UPDATE: &str = r#"{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[{"price":45285.2,"qty":0.00000000},{"price":45300.1,"qty":0.50000000}],"checksum":1398182243,"timestamp":"2023-10-06T17:35:56.000000Z"}]}"#;

#[test]
fn kraken_guide_book_then_the_update_example() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    // An update before any snapshot is ignored (not rejected).
    let c = m.ingest(KR_UPDATE).unwrap();
    assert_eq!(c.step, Some(BookStep::BeforeSnapshot));
    assert!(m.book().is_empty() && m.rejected == 0);
    m.ingest(r#"{"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}"#).unwrap();
    let c = m.ingest(&kr_book("snapshot", GUIDE_BIDS, GUIDE_ASKS, 3310070434)).unwrap();
    assert_eq!(c.mismatch, None);
    assert!(m.synced());
    let c = m.ingest(KR_UPDATE).unwrap();
    assert_eq!(c.mismatch, None);
    assert!(m.synced());
    assert_eq!(asks(&m).first(), Some(&(452864, 154_571_953)));
    assert_eq!(asks(&m).last(), Some(&(453001, 50_000_000)));
    assert_eq!(asks(&m).len(), 10);
}

#[test]
fn kraken_checksum_mismatch_then_fresh_snapshot() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    m.ingest(&kr_book("snapshot", GUIDE_BIDS, GUIDE_ASKS, 3310070434)).unwrap();
    // The update example with a corrupted checksum: applied, but the book is unsynced.
    let corrupted = KR_UPDATE.replace("1398182243", "1398182244");
    let c = m.ingest(&corrupted).unwrap();
    assert_eq!(c.mismatch.map(|x| (x.sent, x.computed)), Some((1398182244, 1398182243)));
    assert!(!m.synced());
    assert_eq!(m.mismatches, 1);
    assert_eq!(asks(&m).last(), Some(&(453001, 50_000_000)), "updates still apply");
    // The next update (its checksum right) applies; the book stays unsynced.
    let before: Vec<(i64, i64)> = asks(&m);
    let next_asks: Vec<(i64, i64)> =
        before.iter().map(|&(p, q)| if p == 452864 { (p, 100_000_000) } else { (p, q) }).collect();
    let right = checksum_levels(next_asks.iter().copied(), bids(&m).iter().copied());
    let upd = format!(
        r#"{{"channel":"book","type":"update","data":[{{"symbol":"BTC/USD","bids":[],"asks":[{{"price":45286.4,"qty":1.00000000}}],"checksum":{right},"timestamp":"2023-10-06T17:35:57.000000Z"}}]}}"#
    );
    assert_eq!(m.ingest(&upd).unwrap().mismatch, None);
    assert!(!m.synced());
    assert_eq!(asks(&m), next_asks);
    // The resubscription's snapshot syncs it again.
    m.ingest(&kr_book("snapshot", GUIDE_BIDS, GUIDE_ASKS, 3310070434)).unwrap();
    assert!(m.synced());
}

#[test]
fn kraken_book_kept_to_the_default_depth_of_10() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    let level = |whole: i64| format!(r#"{{"price":{whole}.0,"qty":1.0}}"#);
    let bid_text: Vec<String> = (0..12).map(|i| level(100 - i)).collect();
    let ask_text: Vec<String> = (0..12).map(|i| level(200 + i)).collect();
    // The checksum of the top 10, as Kraken computes it: 10 levels kept.
    let kb: Vec<(i64, i64)> = (0..10).map(|i| (1000 - 10 * i, 100_000_000)).collect();
    let ka: Vec<(i64, i64)> = (0..10).map(|i| (2000 + 10 * i, 100_000_000)).collect();
    let sum = checksum_levels(ka.iter().copied(), kb.iter().copied());
    m.ingest(&kr_book("snapshot", &bid_text.join(","), &ask_text.join(","), sum)).unwrap();
    assert!(m.synced());
    assert_eq!((bids_len(&m), asks(&m).len()), (10, 10));
    // A new best bid pushes the 10th out (Kraken sends no removal for it).
    let mut kb2 = vec![(1005, 100_000_000)];
    kb2.extend_from_slice(&kb[..9]);
    let sum = checksum_levels(ka.iter().copied(), kb2.iter().copied());
    let c = m.ingest(&kr_book("update", r#"{"price":100.5,"qty":1.0}"#, "", sum)).unwrap();
    assert_eq!(c.mismatch, None);
    assert_eq!(bids(&m), kb2);
}

fn bids_len(m: &VenueMarket) -> usize {
    bids(m).len()
}

#[test]
fn kraken_instrument_scales_then_trades_and_ticker() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::parse("ETH/USD").unwrap());
    // No built-in scale for ETH/USD: a trade cannot be read exactly before the instrument.
    let trade = r#"{"channel":"trade","type":"update","data":[{"symbol":"ETH/USD","side":"sell","price":1590.25,"qty":0.5,"ord_type":"market","trade_id":9,"timestamp":"2023-09-25T07:48:36.925533Z"}]}"#;
    assert!(matches!(m.ingest(trade), Err(Error::UnknownCurrency { .. })));
    let instrument = r#"{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"ETH/USD","base":"ETH","quote":"USD","qty_precision":8,"price_precision":2}]}}"#;
    assert!(m.ingest(instrument).unwrap().scales);
    assert_eq!(m.scales(), Some(PairScales { price: 2, amount: 8 }));
    assert!(m.ingest(trade).unwrap().tape);
    let t = m.tape().last().unwrap();
    assert_eq!((t.tid, t.price, t.amount, t.trade_type), (9, 159025, 50_000_000, TradeType::Ask));
    // Another symbol's trade in the same channel: ignored.
    assert!(m.ingest(&trade.replace("ETH/USD", "BTC/USD")).unwrap().ignored);
    // A ticker.
    let ticker = r#"{"channel":"ticker","type":"update","data":[{"symbol":"ETH/USD","bid":1590.1,"bid_qty":1.0,"ask":1590.2,"ask_qty":2.0,"last":1590.25,"volume":1234.5,"vwap":1588.123,"low":1500.0,"high":1600.0,"change":1.0,"change_pct":0.1}]}"#;
    assert!(m.ingest(ticker).unwrap().ticker);
    let tk = m.ticker().unwrap();
    // vwap finer than the price scale is rounded (an average, not a price on the book).
    assert_eq!(
        (tk.last, tk.buy, tk.sell, tk.vwap, tk.vol),
        (Some(159025), Some(159010), Some(159020), Some(158812), Some(123_450_000_000))
    );
}

// ---- Coinbase ----

#[test]
fn coinbase_book_trades_and_ticker() {
    let mut m = VenueMarket::new(Venue::Coinbase, Pair::BTC_USD);
    let upd = r#"{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.00","1"]],"time":"2021-04-17T16:43:37.075687Z"}"#;
    assert_eq!(m.ingest(upd).unwrap().step, Some(BookStep::BeforeSnapshot));
    assert!(m.book().is_empty());
    m.ingest(r#"{"type":"snapshot","product_id":"BTC-USD","asks":[["101.00","2"]],"bids":[["99.50","1.5"]]}"#).unwrap();
    assert!(m.synced());
    m.ingest(upd).unwrap();
    m.ingest(r#"{"type":"l2update","product_id":"BTC-USD","changes":[["sell","101.00","0.00000000"],["sell","102.00","3"]],"time":"2021-04-17T16:43:38Z"}"#).unwrap();
    assert_eq!(bids(&m), vec![(10000, 100_000_000), (9950, 150_000_000)]);
    assert_eq!(asks(&m), vec![(10200, 300_000_000)]);
    let mat = |id: i64, side: &str| {
        format!(
            r#"{{"type":"match","trade_id":{id},"maker_order_id":"a","taker_order_id":"b","side":"{side}","size":"0.04","price":"100.50","product_id":"BTC-USD","sequence":1,"time":"2021-04-17T16:43:30.244075Z"}}"#
        )
    };
    m.ingest(&mat(11, "sell")).unwrap();
    assert!(!m.ingest(&mat(11, "sell")).unwrap().tape, "a duplicate");
    m.ingest(&mat(12, "buy")).unwrap();
    let t: Vec<(i64, TradeType)> = m.tape().iter().map(|t| (t.tid, t.trade_type)).collect();
    assert_eq!(t, vec![(11, TradeType::Bid), (12, TradeType::Ask)]);
    // Unknown types are ignored; a bad side is refused with its position.
    assert!(m.ingest(r#"{"type":"received","order_id":"x","product_id":"BTC-USD"}"#).unwrap().ignored);
    let bad =
        r#"{"type":"l2update","product_id":"BTC-USD","changes":[["up","100.00","1"]],"time":"2021-04-17T16:43:37Z"}"#;
    let e = m.ingest(bad).unwrap_err();
    assert!(matches!(e, Error::Invalid { field: "side", .. }));
    assert_eq!(e.position().unwrap().offset, bad.find(r#""up""#).unwrap() + 1);
    assert_eq!(m.rejected, 1);
}

// ---- MtGox, through the same door ----

#[test]
fn mtgox_synced_from_its_full_depth() {
    let mut m = VenueMarket::new(Venue::MtGox, Pair::BTC_USD);
    let update = r#"{"channel": "24e67e0d-1cad-4cc0-9e7a-f8523ef460fe", "channel_name": "depth.BTCUSD", "op": "private", "origin": "broadcast", "private": "depth", "depth": {"price_int": "1500000", "type_str": "ask", "type": 1, "total_volume_int": "100000000", "item": "BTC", "currency": "USD", "now": "500"}}"#;
    m.ingest(update).unwrap();
    assert!(!m.synced());
    assert_eq!(asks(&m), vec![(1500000, 100_000_000)]);
    let full = r#"{"result": "success", "return": {"asks": [{"price_int": "1450000", "amount_int": "100000000", "stamp": "1000"}], "bids": [{"price_int": "1430000", "amount_int": "150000000", "stamp": "1002"}]}}"#;
    m.ingest(full).unwrap();
    assert!(m.synced());
    assert_eq!(bids(&m), vec![(1430000, 150_000_000)]);
    assert_eq!(m.scales(), Some(PairScales { price: 5, amount: 8 }));
}
