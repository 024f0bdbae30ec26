//! Errors say what and where: kind and position in the original input.

use goxbook_core::{decode, Error, Market};

fn offset_of(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap()
}

#[test]
fn syntax_error_has_line_and_column() {
    let text = "{\"op\":\"private\",\n \"private\":\"depth\",\n \"depth\":{\"price_int\" \"1\"}}";
    let e = decode(text).unwrap_err();
    assert_eq!(e.kind(), "json");
    let at = e.position().unwrap();
    // Column and offset point at the unexpected `"1"`.
    assert_eq!((at.line, at.column), (3, 23));
    assert_eq!(at.offset, offset_of(text, "\"1\""));
}

#[test]
fn error_inside_a_v1_body_points_into_the_whole_input() {
    // The body is parsed out of the envelope; its error must still be positioned in the input.
    let text = r#"{"result":"success","return":{"asks":[{"price_int":"1","amount_int":"1"}, 7],"bids":[]}}"#;
    let e = decode(text).unwrap_err();
    assert_eq!(e.kind(), "json");
    let at = e.position().unwrap();
    assert!(at.offset >= offset_of(text, ", 7]") && at.offset <= offset_of(text, "7]") + 1, "{e} at {at:?}");
}

#[test]
fn bad_number_is_located_at_its_text() {
    let text = r#"{"op":"private","private":"depth","depth":{"price_int":"14x3","type_str":"bid","total_volume_int":"1","currency":"USD"}}"#;
    let mut m = Market::default();
    let e = m.ingest(text).unwrap_err();
    assert_eq!(e.kind(), "number");
    assert!(matches!(&e, Error::Number { field: "price_int", .. }));
    assert_eq!(e.position().unwrap().offset, offset_of(text, "14x3"));
    assert!(e.to_string().contains("price_int") && e.to_string().contains("14x3"), "{e}");
}

#[test]
fn unknown_currency_is_named_and_located() {
    let text = r#"{"op":"private","private":"depth","depth":{"price_int":"1","type_str":"bid","total_volume_int":"1","currency":"QQQ"}}"#;
    let e = Market::default().ingest(text).unwrap_err();
    assert_eq!(e.kind(), "unknown_currency", "{e:?}");
    assert_eq!(e.position().unwrap().offset, offset_of(text, "QQQ"));
}

#[test]
fn missing_field_is_named() {
    let e = Market::default()
        .ingest(
            r#"{"op":"private","private":"trade","trade":{"price_int":"1","amount_int":"1","price_currency":"USD"}}"#,
        )
        .unwrap_err();
    assert_eq!(e.kind(), "missing");
    assert!(e.to_string().contains("tid"), "{e}");
}

#[test]
fn unknown_things_are_not_errors() {
    for text in [
        r#"{"op":"futures.subscribe","x":1}"#,
        r#"{"op":"private","private":"futures","futures":{"a":1}}"#,
        r#"{"result":"success","return":{"something":"else"}}"#,
        r#"{"op":"private","private":"depth","depth":{"price_int":"1","type_str":"bid","total_volume_int":"1","currency":"USD","new_field":[1,{"a":null}]}}"#,
        "[]",
        "null",
        "42",
    ] {
        Market::default().ingest(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}
