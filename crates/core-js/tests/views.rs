//! The JS API's answers, checked natively on fixture payloads.

use goxbook_core::Market;
use goxbook_core_js::views;

const BOOK: &str = r#"{"result":"success","return":{"asks":[{"price_int":"1450000","amount_int":"100000000","stamp":"1"},{"price_int":"1460000","amount_int":"200000000","stamp":"1"}],"bids":[{"price_int":"1420000","amount_int":"300000000","stamp":"1"},{"price_int":"1430000","amount_int":"150000000","stamp":"1"}]}}"#;

fn market() -> Market {
    let mut m = Market::default();
    m.ingest(BOOK).unwrap();
    m
}

#[test]
fn book_is_best_first_with_exact_strings() {
    let b = views::book(&market(), "usd", 1).unwrap();
    assert_eq!(b.currency, "USD");
    assert_eq!((b.bids.len(), b.asks.len()), (1, 1));
    assert_eq!((b.bids[0].price.as_str(), b.bids[0].amount.as_str()), ("14.30000", "1.50000000"));
    assert_eq!(b.asks[0].price, "14.50000");
    let all = views::book(&market(), "USD", usize::MAX).unwrap();
    assert_eq!(all.asks[1].cumulative, "3.00000000");
    // A currency with no state yet is an empty book, an unknown scale is an error.
    assert!(views::book(&market(), "EUR", 5).unwrap().bids.is_empty());
    assert_eq!(views::book(&market(), "ZZZ", 5).unwrap_err().kind, "argument");
}

#[test]
fn quote_buy_and_sell() {
    let m = market();
    let q = views::quote(&m, "USD", "buy", "2.5").unwrap();
    assert_eq!((q.filled.as_str(), q.complete), ("2.50000000", true));
    assert_eq!(q.average.as_deref(), Some("14.56000"));
    assert_eq!(q.cost.as_deref(), Some("36.4000000000000"));
    assert_eq!(q.worst.as_deref(), Some("14.60000"));
    assert_eq!(q.levels.len(), 2);
    // mid 14.4; (14.56 - 14.4) / 14.4 = 1.1111 %
    assert_eq!(q.slippage_pct.as_deref(), Some("1.1111"));
    let thin = views::quote(&m, "USD", "sell", "10").unwrap();
    assert_eq!((thin.filled.as_str(), thin.complete), ("4.50000000", false));
    assert_eq!(views::quote(&m, "USD", "hold", "1").unwrap_err().kind, "argument");
    assert_eq!(views::quote(&m, "USD", "buy", "one").unwrap_err().kind, "argument");
}

#[test]
fn core_errors_keep_kind_and_position() {
    let mut m = market();
    let e: views::ApiError = m.ingest("{\"op\":\"private\",\n\"private\":\"depth\",\"depth\":{\"price_int\":\"1x\",\"type_str\":\"bid\",\"total_volume_int\":\"1\",\"currency\":\"USD\"}}").unwrap_err().into();
    assert_eq!(e.kind, "number");
    assert_eq!(e.line, Some(2));
    assert!(e.offset.is_some() && e.message.contains("price_int"));
}

#[test]
fn trades_newest_first_and_batches() {
    let mut m = market();
    let lines = (1..=3)
        .map(|i| format!(r#"{{"op":"private","private":"trade","trade":{{"type":"trade","tid":"{i}","price_int":"14{i}0000","amount_int":"1","price_currency":"USD","item":"BTC","trade_type":"ask","primary":"Y"}}}}"#))
        .chain(["not json".to_string()])
        .collect::<Vec<_>>()
        .join("\n");
    let batch = views::ingest_lines(&mut m, &lines);
    assert_eq!((batch.applied, batch.rejected), (3, 1));
    assert_eq!(batch.errors[0].line, 4);
    let t = views::trades(&m, "USD", 2).unwrap();
    assert_eq!(t.iter().map(|t| t.tid.as_str()).collect::<Vec<_>>(), ["3", "2"]);
    assert_eq!((t[0].price.as_str(), t[0].trade_type), ("14.30000", "ask"));
}

#[test]
fn cross_rates_every_ordered_pair() {
    let mut m = Market::default();
    for (tid, p, c) in [(1, "10000000", "USD"), (2, "8000000", "EUR")] {
        m.ingest(&format!(r#"{{"op":"private","private":"trade","trade":{{"tid":"{tid}","price_int":"{p}","amount_int":"1","price_currency":"{c}"}}}}"#)).unwrap();
    }
    let g = views::cross_rates(&m, "last", 2, 1_000).unwrap();
    assert_eq!(g.inputs.len(), 2);
    let rate = |b: &str, q: &str| g.rates.iter().find(|r| r.base == b && r.quote == q).map(|r| r.rate.clone());
    assert_eq!(rate("USD", "EUR").as_deref(), Some("1.25"));
    assert_eq!(rate("EUR", "USD").as_deref(), Some("0.8"));
    assert_eq!(g.rates.len(), 2);
    assert_eq!(views::cross_rates(&m, "avg", 0, 0).unwrap_err().kind, "argument");
}

/// The JS values the API hands out (`views::Js`, as JSON text) have the documented names
/// and shapes (the TS interfaces), and the ticker's `last` is the core's one rule.
#[test]
fn js_values_have_the_documented_names_and_shapes() {
    use serde_json::{json, Value};
    fn js<T: Into<views::Js>>(v: T) -> Value {
        serde_json::from_str(&v.into().to_json()).unwrap()
    }
    let mut m = market();
    m.ingest(r#"{"op":"private","private":"trade","trade":{"type":"trade","tid":"7","date":5,"price_int":"1440000","amount_int":"1","price_currency":"USD","trade_type":"bid","primary":"Y"}}"#).unwrap();
    // last_local (a USD trade) and last = last_all (a trade elsewhere, converted) differ.
    m.ingest(r#"{"op":"private","private":"ticker","ticker":{"buy":{"value_int":"1430000","currency":"USD"},"sell":{"value_int":"1450000","currency":"USD"},"last_local":{"value_int":"1440000","currency":"USD"},"last":{"value_int":"1441234","currency":"USD"},"last_all":{"value_int":"1441234","currency":"USD"},"vol":{"value_int":"5"},"now":"9"}}"#).unwrap();
    assert_eq!(
        js(views::ticker(&m, "USD").unwrap().unwrap()),
        json!({"currency":"USD","last":"14.40000","buy":"14.30000","sell":"14.50000","high":null,"low":null,
               "vol":"0.00000005","vwap":null,"avg":null,"now":"9"})
    );
    assert_eq!(
        js(views::trades(&m, "USD", 5).unwrap()),
        json!([{"tid":"7","date":5,"price":"14.40000","amount":"0.00000001","type":"bid","primary":true}])
    );
    assert_eq!(
        js(views::book(&m, "USD", 1).unwrap()),
        json!({"currency":"USD","bids":[{"price":"14.30000","amount":"1.50000000","cumulative":"1.50000000"}],
               "asks":[{"price":"14.50000","amount":"1.00000000","cumulative":"1.00000000"}]})
    );
    let q = js(views::quote(&m, "USD", "buy", "1").unwrap());
    assert_eq!(
        q,
        json!({"currency":"USD","side":"buy","requested":"1.00000000","filled":"1.00000000","complete":true,
               "cost":"14.5000000000000","average":"14.50000","worst":"14.50000","slippagePct":"0.6944",
               "levels":[{"price":"14.50000","amount":"1.00000000"}]})
    );
    let g = js(views::cross_rates(&m, "mid", 10, 1).unwrap());
    assert_eq!(g["inputs"][0].as_object().unwrap().keys().collect::<Vec<_>>(), ["currency", "price", "stale", "time"]);
    let batch = js(views::ingest_lines(&mut m, "x\n{}"));
    assert_eq!((&batch["applied"], &batch["rejected"]), (&json!(1), &json!(1)));
    assert_eq!((&batch["errors"][0]["line"], &batch["errors"][0]["kind"]), (&json!(1), &json!("json")));
}

#[test]
fn change_bits_name_each_flag() {
    use goxbook_core::{Change, Currency};
    let c = Change { currency: Some(Currency::USD), book: true, stale: true, ..Default::default() };
    assert_eq!(views::change_bits(&c), 1 | 32 | 64);
    let c = Change { ticker: true, tape: true, scales: true, lag: true, ..Default::default() };
    assert_eq!(views::change_bits(&c), 2 | 4 | 8 | 16);
}

#[test]
fn json_text_escapes_what_json_requires() {
    let js =
        views::Js::Obj(vec![("message", views::Js::Str("a \"b\" \\ \n\u{1} é".into())), ("n", views::Js::Num(-3))]);
    let back: serde_json::Value = serde_json::from_str(&js.to_json()).unwrap();
    assert_eq!(back, serde_json::json!({ "message": "a \"b\" \\ \n\u{1} é", "n": -3 }));
}
