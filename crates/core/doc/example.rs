use goxbook_core::{Currency, Market, MarketOptions, Side};

let mut market = Market::new(MarketOptions::default());
let change = market
    .ingest(r#"{"op":"private","private":"depth","depth":{"price_int":"1443000","type_str":"ask",
        "volume_int":"-271000000","total_volume_int":"849766000","currency":"USD","now":"1323644358437819"}}"#)
    .expect("a valid depth message");
assert!(change.book && change.currency == Some(Currency::USD)); // only the USD book changed
let usd = market.get(Currency::USD).unwrap();
let buy = usd.book.impact(Side::Ask, 200_000_000); // buying 2 BTC against the book
assert_eq!(buy.filled, 200_000_000);
assert_eq!(buy.average_price(usd.decimals).unwrap().to_string(), "14.43000");
