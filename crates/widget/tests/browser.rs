//! The components in headless Chromium (wasm-bindgen-test): the stable DOM hooks, exact
//! values, keyed rows that survive updates, grouping, and configuration errors shown as text.
//! Run by tests/widget/run (`cargo test -p goxbook-widget --target wasm32-unknown-unknown`, with and
//! without `--features analytics`: the analytics panels' tests need that build).
#![cfg(target_arch = "wasm32")]
// The analytics helpers below serve the analytics build's tests only.
#![cfg_attr(not(feature = "analytics"), allow(unused_imports, dead_code))]

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
    // A row's flash restarts at most once per flash (0.8 s): let the first ones end.
    gloo_timers::future::TimeoutFuture::new(850).await;

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
    // The changed row is highlighted anew; the others' flashes are over.
    assert!(after[2].class_name().contains("gx-flash-0"), "{}", after[2].class_name());
    assert!(!after[1].class_name().contains("gx-flash"), "{}", after[1].class_name());
    assert!(after[0].class_name().contains("gx-flash-1"), "{}", after[0].class_name());
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

// ---- Analytics panels: every number shown is compared with the core's own answer on the
// same book (the widget's market), never with a number written here.

use goxbook_core::{format_ticks, money::decimal_to_ticks, Currency, RateSource, Side};

fn bubbling(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(name, &init).unwrap()
}

fn type_into(el: &HtmlElement, sel: &str, value: &str) {
    let i: web_sys::HtmlInputElement = el.query_selector(sel).unwrap().unwrap().dyn_into().unwrap();
    i.set_value(value);
    i.dispatch_event(&bubbling("input")).unwrap();
}

fn choose(el: &HtmlElement, sel: &str, value: &str) {
    let s: web_sys::HtmlSelectElement = el.query_selector(sel).unwrap().unwrap().dyn_into().unwrap();
    s.set_value(value);
    s.dispatch_event(&bubbling("change")).unwrap();
}

fn value_of(el: &HtmlElement, sel: &str) -> Option<String> {
    el.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}")).get_attribute("data-value")
}

fn is_hidden(el: &HtmlElement, sel: &str) -> bool {
    el.query_selector(sel).unwrap().unwrap().has_attribute("hidden")
}

/// The number of points of an SVG path (`M x,y` then ` L x,y` for each further point).
fn path_points(el: &HtmlElement, sel: &str) -> usize {
    let p = el.query_selector(sel).unwrap().unwrap();
    let d = p.get_attribute("d").unwrap_or_default();
    let n = d.matches(['M', 'L']).count();
    assert_eq!(p.get_attribute("data-points"), Some(n.to_string()), "{sel}: data-points and d agree");
    n
}

async fn draw(h: &WidgetHandle) {
    h.renderer.render();
    settle().await;
}

const JPY_FULL: &str = r#"{"result":"success","return":{
    "asks":[{"price_int":"12000000","amount_int":"100000000","stamp":"1366231500000000"},{"price_int":"12012345","amount_int":"123456789","stamp":"1366231500000000"}],
    "bids":[{"price_int":"11990000","amount_int":"50000000","stamp":"1366231500000000"},{"price_int":"11900001","amount_int":"300000000","stamp":"1366231500000000"}]}}"#;

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn calculator_shows_the_cores_market_impact() {
    let (el, h) = offline_widget("panels=calculator");
    feed(&h, &[FULL]);
    let calc = |k: &str| value_of(&el, &format!("[data-calc={k}]"));
    let check = |side: Side, amount: i64| {
        let sync = h.renderer.sync.borrow();
        let usd = sync.market.get(Currency::USD).unwrap();
        let i = usd.book.impact(side, amount);
        assert!(i.complete());
        assert_eq!(calc("filled"), Some(format_ticks(i.filled, 8)));
        assert_eq!(calc("cost"), i.cost_decimal(usd.decimals).map(|v| v.to_string()));
        assert_eq!(calc("average"), i.average_price(usd.decimals).map(|v| v.to_string()));
        assert_eq!(calc("worst"), i.worst_price.map(|p| format_ticks(p, usd.decimals)));
        assert_eq!(calc("slippage"), usd.mid().and_then(|m| i.slippage_pct(m, usd.decimals)).map(|v| v.to_string()));
        assert_eq!(calc("levels"), Some(i.levels.len().to_string()));
        i.levels.len()
    };
    type_into(&el, "[data-control=calc-amount]", "1.5");
    draw(&h).await;
    assert_eq!(check(Side::Ask, 150_000_000), 3, "1.5 BTC takes three ask levels");
    assert!(is_hidden(&el, "[data-calc=short]") && is_hidden(&el, "[data-calc=error]"));

    choose(&el, "[data-control=calc-side]", "sell");
    draw(&h).await;
    check(Side::Bid, 150_000_000);

    // Live: the book moves, the numbers follow without any input.
    feed(&h, &[&depth(11280000, "bid", 200000000, 1366231600000000)]);
    draw(&h).await;
    assert_eq!(check(Side::Bid, 150_000_000), 1, "the new level fills it alone");

    // More than the book holds: says so instead of a number.
    type_into(&el, "[data-control=calc-amount]", "1000");
    draw(&h).await;
    assert!(!is_hidden(&el, "[data-calc=short]"));
    let short = el.query_selector("[data-calc=short]").unwrap().unwrap().text_content().unwrap();
    assert!(short.contains("Not enough"), "{short}");
    assert_eq!(calc("cost"), None);
    assert_eq!(calc("average"), None);

    // In the currency: raise 200 USD by selling.
    choose(&el, "[data-control=calc-unit]", "money");
    type_into(&el, "[data-control=calc-amount]", "200");
    draw(&h).await;
    {
        let sync = h.renderer.sync.borrow();
        let usd = sync.market.get(Currency::USD).unwrap();
        let (i, reached) = usd.book.impact_for_value(Side::Bid, 20_000_000);
        assert!(reached);
        assert_eq!(calc("filled"), Some(format_ticks(i.filled, 8)));
        assert_eq!(calc("cost"), i.cost_decimal(usd.decimals).map(|v| v.to_string()));
        assert_eq!(calc("average"), i.average_price(usd.decimals).map(|v| v.to_string()));
        assert_eq!(calc("levels"), Some(i.levels.len().to_string()));
    }

    // A typo is said, as text, next to the field.
    type_into(&el, "[data-control=calc-amount]", "12x");
    draw(&h).await;
    assert!(!is_hidden(&el, "[data-calc=error]"));
    let input = el.query_selector("[data-control=calc-amount]").unwrap().unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    h.destroy();
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn calculator_at_the_jpy_scale_and_on_an_empty_book() {
    let (el, h) = offline_widget("currency=JPY&panels=calculator,depth-chart,execution-chart");
    draw(&h).await;
    assert!(!is_hidden(&el, "[data-panel=depth-chart] .gx-empty"), "no book yet");
    feed(&h, &[JPY_FULL]);
    type_into(&el, "[data-control=calc-amount]", "2");
    draw(&h).await;
    {
        let sync = h.renderer.sync.borrow();
        let jpy = sync.market.get(Currency::new("JPY").unwrap()).unwrap();
        assert_eq!(jpy.decimals, 3);
        let i = jpy.book.impact(Side::Ask, 200_000_000);
        let calc = |k: &str| value_of(&el, &format!("[data-calc={k}]"));
        assert_eq!(calc("average"), i.average_price(3).map(|v| v.to_string()));
        assert_eq!(calc("worst"), Some("12012.345".to_string()));
        assert_eq!(calc("cost"), i.cost_decimal(3).map(|v| v.to_string()));
        assert_eq!(calc("slippage"), jpy.mid().and_then(|m| i.slippage_pct(m, 3)).map(|v| v.to_string()));
    }
    // The whole book taken away: an empty book holds nothing.
    feed(&h, &[r#"{"result":"success","return":{"asks":[],"bids":[]}}"#]);
    draw(&h).await;
    assert!(!is_hidden(&el, "[data-calc=short]"));
    assert_eq!(value_of(&el, "[data-calc=cost]"), None);
    assert!(!is_hidden(&el, "[data-panel=depth-chart] .gx-empty"));
    assert!(!is_hidden(&el, "[data-panel=execution-chart] .gx-empty"));
    h.destroy();
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn depth_chart_has_one_point_per_level_in_range() {
    let (el, h) = offline_widget("panels=depth-chart");
    feed(&h, &[FULL]);
    draw(&h).await;
    let check = |el: &HtmlElement| {
        let sync = h.renderer.sync.borrow();
        let usd = sync.market.get(Currency::USD).unwrap();
        let ticks = |axis: &str| decimal_to_ticks(&value_of(el, &format!("[data-axis={axis}]")).unwrap(), 5).unwrap();
        let (lo, hi) = (ticks("lo"), ticks("hi"));
        assert!(lo < ticks("mid") && ticks("mid") < hi);
        let bids = usd.book.depth_curve(Side::Bid, lo, hi);
        let asks = usd.book.depth_curve(Side::Ask, lo, hi);
        assert_eq!(path_points(el, "[data-curve=bid]"), bids.len());
        assert_eq!(path_points(el, "[data-curve=ask]"), asks.len());
        let max = bids.iter().chain(&asks).map(|r| r.cumulative).max().unwrap();
        assert_eq!(value_of(el, "[data-axis=max]"), Some(format_ticks(max, 8)));
        (bids, asks)
    };
    // ± 2 %: the bid at 110.00 is out of range.
    let (bids, asks) = check(&el);
    assert_eq!((bids.len(), asks.len()), (2, 3));

    // The keyboard reads out levels: End the highest in range, then one to the left.
    let svg = el.query_selector("[data-panel=depth-chart] svg").unwrap().unwrap();
    let key = |k: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        svg.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
            .unwrap();
    };
    key("End");
    key("ArrowLeft");
    settle().await;
    let readout = el.query_selector("[data-hover]").unwrap().unwrap();
    let hovered = |name: &str| readout.get_attribute(name).unwrap_or_default();
    let level = asks.iter().find(|r| format_ticks(r.price, 5) == hovered("data-price")).expect("an ask level");
    assert_eq!(hovered("data-side"), "ask");
    assert_eq!(hovered("data-amount"), format_ticks(level.cumulative, 8));
    assert_eq!(level.price, asks[asks.len() - 2].price, "the last level in range, then the one before");

    // Zoomed out to ± 25 %: every level.
    choose(&el, "[data-control=depth-range]", "2500");
    draw(&h).await;
    let (bids, asks) = check(&el);
    assert_eq!((bids.len(), asks.len()), (3, 3));
    h.destroy();
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn execution_chart_follows_the_cores_curve() {
    let (el, h) = offline_widget("panels=execution-chart");
    feed(&h, &[FULL]);
    draw(&h).await;
    // 100 BTC (the default) is more than either side: the curves stop at what there is.
    assert_eq!(path_points(&el, "[data-curve=buy]"), 3);
    assert_eq!(path_points(&el, "[data-curve=sell]"), 3);
    assert_eq!(all(&el, ".gx-notes li").len(), 2);

    choose(&el, "[data-control=exec-max]", "1");
    draw(&h).await;
    let sync = h.renderer.sync.borrow();
    let usd = sync.market.get(Currency::USD).unwrap();
    for (side, curve) in [(Side::Ask, "buy"), (Side::Bid, "sell")] {
        let levels = usd.book.impact(side, 100_000_000).levels.len();
        assert_eq!(path_points(&el, &format!("[data-curve={curve}]")), levels, "{curve}: one point per level");
    }
    assert!(all(&el, ".gx-notes li").is_empty());
    let rows = all(&el, "[data-exec-size]");
    assert_eq!(rows.len(), 6);
    for row in rows {
        let size = decimal_to_ticks(&row.get_attribute("data-exec-size").unwrap(), 8).unwrap();
        for (side, curve) in [(Side::Ask, "buy"), (Side::Bid, "sell")] {
            let p = usd.book.execution_curve(side, &[size])[0];
            let want = (p.filled == size).then(|| p.average_price(5).unwrap().to_string());
            let cell = row.query_selector(&format!("[data-exec={curve}]")).unwrap().unwrap();
            assert_eq!(cell.get_attribute("data-value"), want, "{curve} {size}");
        }
    }
    drop(sync);
    h.destroy();
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn vwap_of_the_last_n_btc() {
    let (el, h) = offline_widget("panels=ticker,vwap&vwap-amount=0.2");
    let trades = [trade(1366231520000001, 11274000, "bid"), trade(1366231521000002, 11316000, "ask")];
    feed(&h, &[FULL, TICKER, &trades[0], &trades[1]]);
    draw(&h).await;
    let sync = h.renderer.sync.borrow();
    let (vwap, covered) = sync.market.get(Currency::USD).unwrap().vwap_last(20_000_000).unwrap();
    assert_eq!(value_of(&el, "[data-vwap]"), Some(vwap.to_string()));
    assert_eq!(
        el.query_selector("[data-vwap]").unwrap().unwrap().get_attribute("data-vwap").as_deref(),
        Some("0.20000000")
    );
    assert_eq!(covered.to_string(), "0.20000000");
    assert!(el.query_selector("[data-covered]").unwrap().is_none(), "covered in full");
    drop(sync);
    assert!(el.query_selector("[data-level]").unwrap().is_none(), "no book panel");
    h.destroy();
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn forex_grid_and_switching_keep_every_currency() {
    let (el, h) = offline_widget("currencies=USD,EUR,JPY,GBP&panels=ticker,book,trades,forex&forex-stale=60&depth=3");
    let now = (js_sys::Date::now() * 1000.0) as i64;
    let t = |tid: i64, price: i64, cur: &str| trade(tid, price, "bid").replace("\"USD\"", &format!("\"{cur}\""));
    let eur_book =
        [depth(8800000, "bid", 100000000, now - 3_000_000), depth(8900000, "ask", 200000000, now - 3_000_000)]
            .map(|d| d.replace("USD", "EUR"));
    let lines = [
        FULL.to_string(),
        eur_book[0].clone(),
        eur_book[1].clone(),
        t(now - 1_000_000, 11274000, "USD"),
        t(now - 2_000_000, 8850000, "EUR"),
        t(now - 600_000_000, 11000000, "JPY"), // ten minutes old: stale
    ];
    feed(&h, &lines.iter().map(String::as_str).collect::<Vec<_>>());
    draw(&h).await;

    let cross = h.renderer.sync.borrow().market.cross_rates(RateSource::Last, now, 60_000_000);
    let cells = all(&el, "[data-rate], td[data-base]");
    assert_eq!(cells.len(), 9, "USD, EUR and JPY have traded; GBP has not");
    for c in cells {
        let cur = |a: &str| Currency::new(&c.get_attribute(a).unwrap()).unwrap();
        let (base, quote) = (cur("data-base"), cur("data-quote"));
        assert_eq!(c.get_attribute("data-rate"), cross.rate(quote, base).map(|r| r.to_string()), "1 {base} in {quote}");
        let stale = cross.is_stale(quote, base);
        assert_eq!(c.get_attribute("data-stale").as_deref(), Some(if stale { "true" } else { "false" }));
        assert_eq!(c.class_name().contains("gx-stale"), stale);
    }
    for i in &cross.inputs {
        let code = i.currency.as_str();
        assert_eq!(value_of(&el, &format!("[data-input={code}]")), Some(i.price.to_string()));
        let age: i64 = value_of(&el, &format!("[data-age={code}]")).unwrap().parse().unwrap();
        assert!((age - (now - i.time.unwrap()) / 1_000_000).abs() <= 1, "{code} age {age}");
    }
    assert_eq!(attrs(&el, "[data-age]", "data-stale"), ["false", "false", "true"]);

    // Switch to EUR by its button in the grid: its book and trades, no reconnect.
    let usd_trades = attrs(&el, "[data-trade]", "data-tid");
    assert_eq!(usd_trades, [(now - 1_000_000).to_string()]);
    let button: HtmlElement =
        el.query_selector("[data-panel=forex] [data-switch=EUR]").unwrap().unwrap().dyn_into().unwrap();
    button.click();
    settle().await;
    settle().await;
    let root = el.query_selector("[data-goxbook]").unwrap().unwrap();
    assert_eq!(root.get_attribute("data-currency").as_deref(), Some("EUR"));
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-price"), ["88.00000"]);
    assert_eq!(attrs(&el, "[data-level][data-side=ask]", "data-price"), ["89.00000"]);
    assert_eq!(attrs(&el, "[data-trade]", "data-tid"), [(now - 2_000_000).to_string()]);
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("true"));

    // And back through the market select: USD's history is still there.
    choose(&el, "[data-control=currency]", "USD");
    settle().await;
    settle().await;
    assert_eq!(root.get_attribute("data-currency").as_deref(), Some("USD"));
    assert_eq!(attrs(&el, "[data-trade]", "data-tid"), usd_trades);
    assert_eq!(attrs(&el, "[data-level][data-side=bid]", "data-price"), ["112.74000", "112.50000", "110.00000"]);
    h.destroy();
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn panels_are_chosen_and_unknown_ones_are_configuration_errors() {
    let (el, h) = offline_widget("");
    let panels = attrs(&el, "[data-panel]", "data-panel");
    assert!(panels.is_empty(), "the default set has no analytics panel: {panels:?}");
    assert!(el.query_selector("[data-field=last]").unwrap().is_some());
    h.destroy();
    let (el, h) = offline_widget("panels=forex,calculator,depth-chart,execution-chart,vwap");
    assert_eq!(
        attrs(&el, "[data-panel]", "data-panel"),
        ["vwap", "forex", "calculator", "depth-chart", "execution-chart"]
    );
    assert!(el.query_selector("[data-field]").unwrap().is_none());
    h.destroy();
    let (el, h) = offline_widget("panels=book,charts");
    settle().await;
    let text = el.query_selector("[data-message]").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("configuration error: panels: \"charts\" is not a panel"), "{text}");
    h.destroy();
}

#[cfg(not(feature = "analytics"))]
#[wasm_bindgen_test]
async fn the_default_build_refuses_analytics_panels_in_words() {
    let (el, h) = offline_widget("panels=book,calculator");
    settle().await;
    let root = el.query_selector("[data-goxbook]").unwrap().unwrap();
    assert_eq!(root.get_attribute("data-status").as_deref(), Some("offline"));
    let text = el.query_selector("[data-message]").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("panels: \"calculator\" is in the analytics build only"), "{text}");
    assert!(el.query_selector("[data-panel]").unwrap().is_none());
    h.destroy();
}

#[wasm_bindgen_test]
async fn book_and_trades_are_tables_that_say_each_side_in_words() {
    let (el, h) = offline_widget("depth=2");
    let trades = [trade(1366231520000001, 11274000, "bid"), trade(1366231521000002, 11316000, "ask")];
    feed(&h, &[FULL, &trades[0], &trades[1]]);
    draw(&h).await;
    let tables = attrs(&el, "[role=table]", "aria-label");
    assert_eq!(tables.len(), 3, "asks, bids, trades: {tables:?}");
    assert!(tables[0].starts_with("Asks") && tables[1].starts_with("Bids"), "{tables:?}");
    for row in all(&el, "[data-level], [data-trade]") {
        assert_eq!(row.get_attribute("role").as_deref(), Some("row"));
        let cells = row.query_selector_all("[role=cell]").unwrap().length();
        assert_eq!(cells, 3);
    }
    let said = |sel: &str| -> Vec<String> {
        all(&el, sel).iter().map(|r| r.query_selector(".gx-sr").unwrap().unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(said("[data-level][data-side=ask]"), ["ask ", "ask "]);
    assert_eq!(said("[data-level][data-side=bid]"), ["bid ", "bid "]);
    let t = said("[data-trade]");
    assert!(t[0].starts_with("sell") && t[1].starts_with("buy"), "{t:?}");
    h.destroy();
}

// ---- GoxbookWidget, the public component, in a Leptos app of the test's own.

use goxbook_widget::{GoxbookWidget, Status, StatusChange, TickerChange};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

async fn until(what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..200 {
        if ok() {
            return;
        }
        settle().await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn goxbook_widget_props_apply_live_and_callbacks_tell_the_status() {
    let el = container();
    let currency = RwSignal::new("USD".to_string());
    let seen: Arc<Mutex<Vec<StatusChange>>> = Arc::default();
    let tickers: Arc<Mutex<Vec<TickerChange>>> = Arc::default();
    let (s, t) = (Arc::clone(&seen), Arc::clone(&tickers));
    // Port 1 refuses: the widget goes offline with the feed's URL in its message.
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <GoxbookWidget
                feed="ws://127.0.0.1:1/mtgox"
                api="http://127.0.0.1:1/api/1/"
                currency=currency
                depth=3u32
                theme="dark"
                backoff=30.0
                on_status=move |c: StatusChange| s.lock().unwrap().push(c)
                on_ticker=move |c: TickerChange| t.lock().unwrap().push(c)
            />
        }
    });
    let root = || el.query_selector("[data-goxbook]").unwrap();
    until("the widget", || root().is_some()).await;
    let r = root().unwrap();
    assert_eq!(r.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(r.get_attribute("data-depth").as_deref(), Some("3"));
    assert_eq!(goxbook_widget::hub::connections(), 1);
    until("offline", || root().unwrap().get_attribute("data-status").as_deref() == Some("offline")).await;
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.first().map(|c| c.status), Some(Status::Connecting), "{seen:?}");
        let last = seen.last().unwrap();
        assert_eq!(last.status, Status::Offline);
        assert!(last.message.as_deref().unwrap_or_default().contains("ws://127.0.0.1:1/mtgox"), "{last:?}");
    }
    assert!(tickers.lock().unwrap().is_empty(), "no ticker without a feed");

    // A reactive prop: the widget follows it, on the same connection.
    currency.set("EUR".into());
    until("EUR", || root().and_then(|r| r.get_attribute("data-currency")).as_deref() == Some("EUR")).await;
    settle().await;
    assert_eq!(goxbook_widget::hub::connections(), 1, "the same feed keeps its one connection");
    assert_eq!(el.query_selector_all("[data-goxbook]").unwrap().length(), 1, "the old widget is gone");

    // A bad prop is a configuration error in words; nothing connects.
    currency.set("US$".into());
    until("the error", || {
        el.query_selector("[data-message]")
            .unwrap()
            .and_then(|m| m.text_content())
            .unwrap_or_default()
            .contains("currency")
    })
    .await;
    settle().await;
    assert_eq!(goxbook_widget::hub::connections(), 0, "a widget with a configuration error does not connect");

    // Unmounted: nothing left of it.
    // (Its currency was USD all along: the default, the bad value being refused.)
    currency.set("USD".into());
    until("a connection again", || goxbook_widget::hub::connections() == 1).await;
    assert!(!el.query_selector("[data-message]").unwrap().unwrap().text_content().unwrap().contains("configuration"));
    drop(handle);
    settle().await;
    assert!(root().is_none());
    assert_eq!(goxbook_widget::hub::connections(), 0, "the last widget out closes the socket");
}

#[wasm_bindgen_test]
async fn goxbook_widget_height_is_a_live_prop() {
    let el = container();
    let height = RwSignal::new(Some("240px".to_string()));
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <GoxbookWidget feed="ws://127.0.0.1:1/mtgox" api="http://127.0.0.1:1/api/1/" backoff=30.0 height=height/> }
    });
    let root = || el.query_selector("[data-goxbook]").unwrap().map(|r| r.dyn_into::<HtmlElement>().unwrap());
    until("the widget", || root().is_some()).await;
    let r = root().unwrap();
    assert_eq!(r.get_attribute("data-height").as_deref(), Some(""));
    assert_eq!(r.style().get_property_value("--gx-height").unwrap(), "240px");
    // A bare number is px; none: the content's height.
    height.set(Some("90".into()));
    until("90px", || root().map(|r| r.style().get_property_value("--gx-height").unwrap()).as_deref() == Some("90px"))
        .await;
    height.set(None);
    until("no height", || root().is_some_and(|r| !r.has_attribute("data-height"))).await;
    assert_eq!(root().unwrap().style().get_property_value("--gx-height").unwrap(), "");
    // A bad one is a configuration error naming the option.
    height.set(Some("10%".into()));
    until("the error", || {
        el.query_selector("[data-message]")
            .unwrap()
            .and_then(|m| m.text_content())
            .is_some_and(|t| t.contains("height") && t.contains("10%"))
    })
    .await;
    drop(handle);
}
