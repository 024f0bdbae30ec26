//! The looped replay's heal, without sockets: the tracker and a client fed what a pass
//! publishes, as `run` and `Shared::publish` do.

use super::*;
use crate::encode::annotate;
use goxbook_core::Market;

/// Snapshot time of the USD snapshot; EUR's is fetched 500 µs later, as `record` does
/// (one currency after the other, the websocket already open).
const T: i64 = 1_600_000_000_000_000;

fn snapshot(code: &str, bid: (i64, i64), ask: (i64, i64)) -> String {
    let entry = |(price_int, stamp): (i64, i64)| {
        format!(r#"{{"price_int":"{price_int}","amount_int":"100000000","stamp":"{stamp}"}}"#)
    };
    format!(
        r#"{{"result":"success","return":{{"asks":[{}],"bids":[{}],"now":"{}"}},"_currency":"{code}","_t":0}}"#,
        entry(ask),
        entry(bid),
        bid.1.max(ask.1)
    )
}

fn frame(spec: &CurrencySpec, price: i64, total: i64, now: i64, ms: i64) -> String {
    let d = encode::depth(spec, Side::Bid, price, total - 100_000_000, total, now);
    annotate(&encode::depth_frame(spec, d, now), &[("_t", ms.to_string())]).unwrap()
}

fn amounts(m: &Market, specs: &[CurrencySpec]) -> Levels {
    let mut out = HashMap::new();
    for (i, spec) in specs.iter().enumerate() {
        let Some(state) = m.get(spec.currency) else { continue };
        for side in [Side::Bid, Side::Ask] {
            for l in state.book.levels(side) {
                out.insert((i, side, l.price), l.amount);
            }
        }
    }
    out
}

fn stamp(text: &str) -> i64 {
    match goxbook_core::decode(text) {
        Ok(Payload::Private(p)) => p.stamp.unwrap().int_value("stamp").unwrap(),
        other => panic!("not a private frame: {other:?}"),
    }
}

/// A USD frame recorded between the USD and the EUR snapshot is newer than the USD book:
/// the next pass's heal must not make it stale (it did when every heal frame carried the
/// newest time over all currencies, EUR's), or the served book and every client's lose it.
#[test]
fn a_looped_pass_ends_with_the_same_book_as_the_first() {
    let usd = CurrencySpec::new("USD").unwrap();
    let eur = CurrencySpec::new("EUR").unwrap();
    let specs = vec![usd.clone(), eur.clone()];
    let text = [
        snapshot("USD", (10_000_000, T), (11_000_000, T - 1000)),
        snapshot("EUR", (9_000_000, T + 500), (9_500_000, T + 400)),
        frame(&usd, 10_000_000, 200_000_000, T + 200, 10),
        frame(&eur, 9_000_000, 300_000_000, T + 600, 20),
        frame(&usd, 10_100_000, 100_000_000, T + 700, 30),
    ]
    .join("\n");
    let capture = Capture::parse(&text).unwrap();
    let skip = 2;

    // Pass 0: the lead sets the served book (a client fetches it), then the frames play.
    let mut served = Tracker::new(specs.clone());
    let mut client = Market::default();
    for line in &capture.lines[..skip] {
        let Some((_, Item::Body(body, hint))) = prepare_with(&specs, line, 0) else { panic!("{line}") };
        served.ingest(&body, hint.as_deref()).unwrap();
        client.ingest(line).unwrap();
    }
    let play = |served: &mut Tracker, client: &mut Market, by: i64| {
        for line in &capture.lines[skip..] {
            let Some((_, Item::Stream(f))) = prepare_with(&specs, line, by) else { panic!("{line}") };
            served.ingest(&f.text, None).unwrap();
            client.ingest(&f.text).unwrap();
        }
    };
    play(&mut served, &mut client, 0);
    let first = amounts(served.market(), &specs);
    assert_eq!(first.get(&(0, Side::Bid, 10_000_000)), Some(&200_000_000), "the USD frame applied");

    // Pass 1: the heal is published (served and client apply it), then the shifted frames.
    let by = capture.span_us + 1_000_000;
    let heal = heal(&mut served, &capture.lines[..skip], by);
    assert!(!heal.is_empty(), "levels changed by pass 0 are healed");
    for f in &heal {
        let own = if f.channel == Channel::Depth(0) { T } else { T + 500 };
        assert_eq!(stamp(&f.text), own + by, "stamped with its own currency's snapshot time: {}", f.text);
        served.ingest(&f.text, None).unwrap();
        client.ingest(&f.text).unwrap();
    }
    play(&mut served, &mut client, by);
    assert_eq!(amounts(served.market(), &specs), first, "served book after pass 1 == after pass 0");
    assert_eq!(amounts(&client, &specs), first, "client's book after pass 1 == after pass 0");
}
