//! The JS boundary in headless Chromium (wasm-bindgen-test): options objects read with
//! serde-wasm-bindgen, merged, and turned into the configuration; the events' details as a
//! page's listener receives them. Run by tests/widget/run.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use goxbook_core::{Currency, TradeRecord, TradeType};
use goxbook_widget::events::{self, Status, StatusChange, TickerChange, TradeEvent};
use goxbook_widget::options::{read, Options, Value};
use goxbook_widget::{Config, Origin};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, Event};

wasm_bindgen_test_configure!(run_in_browser);

fn js(src: &str) -> JsValue {
    js_sys::eval(&format!("({src})")).expect("valid JS")
}

fn origin() -> Origin {
    Origin { protocol: "http:".into(), host: "127.0.0.1:1".into() }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

#[wasm_bindgen_test]
fn every_kind_of_value_is_read() {
    let given = read(&js(
        r#"{ currency: "EUR", depth: 7, stale: 2.5, vwapAmount: 0.125, panels: ["ticker", "book"], theme: null,
             locale: undefined, currencies: "USD,EUR", refresh: 10n, layout: { side: true }, api: () => 1,
             forex: Symbol("x"), snapshot: true, backoff: 1e-7, resync: NaN }"#,
    ))
    .unwrap();
    let get = |k: &str| given.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("currency"), text("EUR"));
    assert_eq!(get("depth"), text("7"));
    assert_eq!(get("stale"), text("2.5"));
    assert_eq!(get("vwapAmount"), text("0.125"));
    assert_eq!(get("panels"), text("ticker,book"));
    assert_eq!(get("theme"), Value::Unset);
    assert_eq!(get("locale"), Value::Unset, "undefined is no value either");
    assert_eq!(get("refresh"), text("10"), "a BigInt");
    assert_eq!(get("layout"), Value::Invalid("an object".into()));
    assert_eq!(get("api"), Value::Invalid("a function".into()));
    assert_eq!(get("forex"), Value::Invalid("a value of another kind".into()));
    assert_eq!(get("snapshot"), text("true"));
    assert_eq!(get("backoff"), text("1e-7"), "JavaScript's own number text");
    assert_eq!(get("resync"), text("NaN"));
    assert_eq!(given.len(), 15);
}

#[wasm_bindgen_test]
fn only_an_object_is_options() {
    assert!(read(&JsValue::NULL).unwrap().is_empty());
    assert!(read(&JsValue::UNDEFINED).unwrap().is_empty());
    for bad in [r#""currency=USD""#, "42", r#"["USD"]"#] {
        let e = read(&js(bad)).unwrap_err();
        assert_eq!((e.param, e.message.as_str()), ("options", "not an object"), "{bad}");
    }
}

#[wasm_bindgen_test]
fn options_become_the_configuration_and_updates_merge() {
    let mut o = Options::default();
    let unknown = o.merge(
        read(&js(r#"{ feed: "wss://feed.example/mtgox", theme: "dark", currency: "EUR", depth: 5, height: 320, curency: "x" }"#))
            .unwrap(),
    );
    assert_eq!(unknown, ["curency"]);
    let config = |o: &Options| {
        let (pairs, errors) = o.pairs();
        assert!(errors.is_empty(), "{errors:?}");
        let (c, errors) = Config::from_pairs(pairs, &origin());
        assert!(errors.is_empty(), "{errors:?}");
        c
    };
    let c = config(&o);
    assert_eq!(c.feed, "wss://feed.example/mtgox?Currency=EUR");
    assert_eq!((c.currency.as_str(), c.depth, c.theme.as_str()), ("EUR", 5, "dark"));
    assert_eq!(c.height.as_deref(), Some("320px"));
    // update({ currency: "USD" }): the rest stays (not the page's own /mtgox, not the default theme).
    o.merge(read(&js(r#"{ currency: "USD" }"#)).unwrap());
    let c = config(&o);
    assert_eq!(c.feed, "wss://feed.example/mtgox?Currency=USD");
    assert_eq!((c.currency.as_str(), c.depth, c.theme.as_str()), ("USD", 5, "dark"));
    // null puts one back to its default.
    o.merge(read(&js(r#"{ theme: null, height: null }"#)).unwrap());
    let c = config(&o);
    assert_eq!((c.theme.as_str(), c.height.as_deref(), c.depth), ("auto", None, 5));
}

fn trade() -> TradeRecord {
    TradeRecord {
        tid: 1366231520000001,
        date: 1366231520,
        price: 11274000,
        amount: 14000000,
        trade_type: TradeType::Ask,
        primary: Some(true),
    }
}

#[wasm_bindgen_test]
async fn events_bubble_out_of_shadow_roots_with_their_details() {
    let doc = web_sys::window().unwrap().document().unwrap();
    // A host inside another component's shadow root: composed events reach the document.
    let outer = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&outer).unwrap();
    let shadow = outer.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).unwrap();
    let host = doc.create_element("div").unwrap();
    shadow.append_child(&host).unwrap();

    // (type, detail as JSON, bubbles, composed) of each event heard.
    type Heard = Vec<(String, String, bool, bool)>;
    let heard: Rc<RefCell<Heard>> = Rc::default();
    let h = Rc::clone(&heard);
    let listener = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        let e: CustomEvent = e.unchecked_into();
        let detail = js_sys::JSON::stringify(&e.detail()).unwrap().as_string().unwrap();
        h.borrow_mut().push((e.type_(), detail, e.bubbles(), e.composed()));
    });
    for name in ["goxbook:status", "goxbook:ticker", "goxbook:trade"] {
        doc.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
    }

    let usd = Currency::new("USD").unwrap();
    events::status(&host, &StatusChange { status: Status::Offline, message: Some("refused".into()), currency: usd });
    let mut fields: [Option<String>; 9] = Default::default();
    fields[0] = Some("112.74000".into());
    fields[6] = Some("20007.95000000".into());
    events::ticker(&host, &TickerChange::new(usd, fields));
    events::trade(&host, &TradeEvent::new(usd, 5, &trade()));
    assert!(heard.borrow().is_empty(), "dispatched from a microtask, not inside the widget's update");
    gloo_timers::future::TimeoutFuture::new(10).await;

    let heard = heard.borrow();
    assert_eq!(heard.len(), 3);
    assert!(heard.iter().all(|(_, _, bubbles, composed)| *bubbles && *composed));
    assert_eq!(heard[0].0, "goxbook:status");
    assert_eq!(heard[0].1, r#"{"status":"offline","message":"refused","currency":"USD"}"#);
    assert_eq!(heard[1].0, "goxbook:ticker");
    assert_eq!(
        heard[1].1,
        r#"{"currency":"USD","last":"112.74000","buy":null,"sell":null,"spread":null,"high":null,"low":null,"vol":"20007.95000000","vwap":null,"avg":null}"#
    );
    assert_eq!(heard[2].0, "goxbook:trade");
    assert_eq!(
        heard[2].1,
        r#"{"currency":"USD","tid":"1366231520000001","date":1366231520,"price":"112.74000","amount":"0.14000000","type":"sell"}"#
    );
    for name in ["goxbook:status", "goxbook:ticker", "goxbook:trade"] {
        doc.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
    }
    outer.remove();
}
