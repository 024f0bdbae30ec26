//! The components in headless Chromium (wasm-bindgen-test): the stable DOM hooks, exact
//! values, keyed rows that survive updates, grouping, and configuration errors shown as text.
//! Run by tests/widget/run (`cargo test -p goxbook-widget --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use goxbook_widget::{mount, Config, Origin, WidgetHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const FULL: &str = r#"{"result":"success","return":{
    "asks":[{"price_int":"11316000","amount_int":"39000000","stamp":"1366231500000000"},{"price_int":"11320000","amount_int":"100000000","stamp":"1366231500000000"},{"price_int":"11500000","amount_int":"250000000","stamp":"1366231500000000"}],
    "bids":[{"price_int":"11000000","amount_int":"500000000","stamp":"1366231500000000"},{"price_int":"11274000","amount_int":"35000000","stamp":"1366231500000000"},{"price_int":"11250000","amount_int":"120000000","stamp":"1366231500000000"}]}}"#;

const TICKER: &str = r#"{"op":"private","channel":"d5f06780-30a8-4a48-a2f8-7ed181b4a13f","channel_name":"ticker.BTCUSD","origin":"broadcast","private":"ticker","ticker":{
    "high":{"value":"118.00000","value_int":"11800000","display":"$118.00000","display_short":"$118.00","currency":"USD"},
    "low":{"value":"107.00000","value_int":"10700000","currency":"USD"},"avg":{"value_int":"11245839","currency":"USD"},
    "vwap":{"value_int":"11289311","currency":"USD"},"vol":{"value_int":"2000795000000","currency":"BTC"},
    "last_local":{"value_int":"11274000","currency":"USD"},"last":{"value_int":"11274000","currency":"USD"},
    "buy":{"value_int":"11274000","currency":"USD"},"sell":{"value_int":"11316000","currency":"USD"},"item":"BTC","now":"1366231523000000"}}"#;

fn trade(tid: i64, price: i64, kind: &str) -> String {
    format!(
        r#"{{"op":"private","channel":"dbf1dee9-4f2e-4a08-8cb7-748919a71b21","private":"trade","trade":{{"type":"trade","date":{},"tid":"{tid}","amount_int":"14000000","price_int":"{price}","price_currency":"USD","item":"BTC","trade_type":"{kind}","primary":"Y","properties":"limit"}}}}"#,
        tid / 1_000_000
    )
}

fn depth(price: i64, side: &str, total: i64, now: i64) -> String {
    format!(
        r#"{{"op":"private","private":"depth","depth":{{"price_int":"{price}","type_str":"{side}","volume_int":"0","total_volume_int":"{total}","currency":"USD","item":"BTC","now":"{now}"}}}}"#
    )
}

fn origin() -> Origin {
    Origin { protocol: "http:".into(), host: "127.0.0.1:1".into() }
}

fn container() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn offline_widget(query: &str) -> (HtmlElement, WidgetHandle) {
    let (cfg, errors) = Config::from_query(query, &origin());
    let el = container();
    let h = mount(el.clone(), cfg, errors, false);
    (el, h)
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

fn all(el: &HtmlElement, sel: &str) -> Vec<Element> {
    let list = el.query_selector_all(sel).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
}

fn attrs(el: &HtmlElement, sel: &str, attr: &str) -> Vec<String> {
    all(el, sel).iter().map(|e| e.get_attribute(attr).unwrap_or_default()).collect()
}

fn feed(h: &WidgetHandle, lines: &[&str]) {
    let mut s = h.renderer.sync.borrow_mut();
    for l in lines {
        s.message(l);
    }
}

#[wasm_bindgen_test]
async fn hooks_carry_exact_values_in_display_order() {
    let (el, h) = offline_widget("currency=USD&depth=2");
    let trades = [trade(1366231520000001, 11274000, "bid"), trade(1366231521000002, 11316000, "ask")];
    feed(&h, &[FULL, TICKER, &trades[0], &trades[1]]);
    h.renderer.render();
    settle().await;

    let root = el.query_selector("[data-goxbook]").unwrap().unwrap();
    assert_eq!(root.get_attribute("data-currency").as_deref(), Some("USD"));
    assert_eq!(root.get_attribute("data-status").as_deref(), Some("connecting"));

    let field = |f: &str| el.query_selector(&format!("[data-field={f}]")).unwrap().unwrap().get_attribute("data-value");
    assert_eq!(field("last").as_deref(), Some("112.74000"));
    assert_eq!(field("buy").as_deref(), Some("112.74000"));
    assert_eq!(field("sell").as_deref(), Some("113.16000"));
    assert_eq!(field("spread").as_deref(), Some("0.42000"));
    assert_eq!(field("vol").as_deref(), Some("20007.95000000"));
    assert_eq!(field("vwap").as_deref(), Some("112.89311"));

    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-price"), ["112.74000", "112.50000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-amount"), ["0.35000000", "1.20000000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=ask]", "data-price"), ["113.16000", "113.20000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=ask]", "data-amount"), ["0.39000000", "1.00000000"]);

    assert_eq!(attrs(&el, "[data-trade]", "data-tid"), ["1366231521000002", "1366231520000001"]);
    assert_eq!(attrs(&el, "[data-trade]", "data-type"), ["sell", "buy"]);
    assert_eq!(attrs(&el, "[data-trade]", "data-price"), ["113.16000", "112.74000"]);
    assert_eq!(attrs(&el, "[data-trade]", "data-amount"), ["0.14000000", "0.14000000"]);
    h.destroy();
    assert!(el.query_selector("[data-goxbook]").unwrap().is_none(), "destroy unmounts");
}

#[wasm_bindgen_test]
async fn rows_are_keyed_and_only_what_changed_is_touched() {
    let (el, h) = offline_widget("depth=3");
    feed(&h, &[FULL]);
    h.renderer.render();
    settle().await;
    let before = all(&el, "[data-level][data-side=bid]");
    assert_eq!(before.len(), 3);
    let asks_before = all(&el, "[data-level][data-side=ask]");

    // The second bid changes; a new best bid appears.
    feed(
        &h,
        &[&depth(11250000, "bid", 77000000, 1366231600000000), &depth(11280000, "bid", 1000000, 1366231600000001)],
    );
    h.renderer.render();
    settle().await;
    let after = all(&el, "[data-level][data-side=bid]");
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-price"), ["112.80000", "112.74000", "112.50000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-amount"), ["0.01000000", "0.35000000", "0.77000000"]);
    // The same elements, not rebuilt.
    assert!(after[1].is_same_node(Some(&before[0])));
    assert!(after[2].is_same_node(Some(&before[1])));
    let asks_after = all(&el, "[data-level][data-side=ask]");
    assert!(asks_before.iter().zip(&asks_after).all(|(a, b)| a.is_same_node(Some(b))));
    // The changed row is highlighted anew.
    assert!(after[2].class_name().contains("gx-flash-0"), "{}", after[2].class_name());
    assert!(after[1].class_name().contains("gx-flash-1"), "{}", after[1].class_name());
    h.destroy();
}

#[wasm_bindgen_test]
async fn grouping_control_regroups_the_book() {
    let (el, h) = offline_widget("depth=5");
    feed(&h, &[FULL]);
    h.renderer.render();
    settle().await;
    let select: web_sys::HtmlSelectElement =
        el.query_selector("[data-control=group]").unwrap().unwrap().dyn_into().unwrap();
    let options: Vec<String> = (0..select.length()).map(|i| select.item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(options, ["none", "0.01", "0.1", "1", "10", "100"]);
    select.set_value("100000"); // 1 USD
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    h.renderer.render();
    settle().await;
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-price"), ["112.00000", "110.00000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-amount"), ["1.55000000", "5.00000000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=ask]", "data-price"), ["114.00000", "115.00000"]);
    h.destroy();
}

#[wasm_bindgen_test]
async fn a_crossed_book_is_never_shown() {
    let (el, h) = offline_widget("depth=5");
    // A newer bid above the snapshot's best asks: those asks are hidden.
    feed(&h, &[FULL, &depth(11400000, "bid", 5000000, 1366231600000000)]);
    h.renderer.render();
    settle().await;
    let bid = attrs(&el, "[data-level][data-side=bid]", "data-price")[0].clone();
    let ask = attrs(&el, "[data-level][data-side=ask]", "data-price")[0].clone();
    assert_eq!((bid.as_str(), ask.as_str()), ("114.00000", "115.00000"));
    h.destroy();
}

#[wasm_bindgen_test]
async fn configuration_errors_are_shown_as_text_and_nothing_connects() {
    let (el, h) = offline_widget("feed=http://127.0.0.1:1/%3Cimg%20src%3Dx%3E&theme=neon");
    settle().await;
    let root = el.query_selector("[data-goxbook]").unwrap().unwrap();
    assert_eq!(root.get_attribute("data-status").as_deref(), Some("offline"));
    let msg = el.query_selector("[data-message]").unwrap().unwrap();
    let text = msg.text_content().unwrap();
    assert!(text.contains("configuration error: feed:"), "{text}");
    assert!(text.contains("<img src=x>"), "{text}");
    assert!(text.contains("theme"), "{text}");
    assert!(el.query_selector("img").unwrap().is_none(), "server and user strings are text only");
    h.destroy();
}

#[wasm_bindgen_test]
async fn locale_formats_for_people_and_keeps_exact_hooks() {
    let (el, h) = offline_widget("locale=de-DE&depth=1");
    feed(&h, &[FULL, TICKER]);
    h.renderer.render();
    settle().await;
    let last = el.query_selector("[data-field=last]").unwrap().unwrap();
    assert_eq!(last.get_attribute("data-value").as_deref(), Some("112.74000"));
    let shown = last.query_selector(".gx-value").unwrap().unwrap().text_content().unwrap();
    assert_eq!(shown, "112,74000");
    let vol = el.query_selector("[data-field=vol] .gx-value").unwrap().unwrap().text_content().unwrap();
    assert_eq!(vol, "20.007,9500");
    h.destroy();
}

#[wasm_bindgen_test]
async fn many_messages_in_one_frame_draw_once() {
    let (el, h) = offline_widget("depth=15");
    h.renderer.frame(FULL);
    settle().await;
    let before = h.renderer.renders();
    for i in 0..200 {
        h.renderer.frame(&depth(11000000 + i * 100, "bid", 1000 + i, 1366231600000000 + i));
    }
    // Two animation frames later: one render for the 200 messages.
    settle().await;
    settle().await;
    assert_eq!(h.renderer.renders(), before + 1);
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-price")[0], "112.74000");
    assert_eq!(all(&el, "[data-level][data-side=bid]").len(), 15);
    h.destroy();
}
