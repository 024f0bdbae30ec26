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
        r#"{"result":"success","return":"something else"}"#,
        "[]",
    ] {
        Market::default().ingest(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}

#[test]
fn json_that_can_be_no_payload_is_rejected_with_its_position() {
    for (text, at) in [
        ("42", 0),
        ("  \"depth\"", 2),
        ("true", 0),
        ("\nnull", 1),
        ("-1.5e3", 0),
        (r#"[{"tid":"1","price_int":"1","amount_int":"1"}, 7]"#, 47),
        (r#"["1000002","1000003"]"#, 1),
        ("[[1,2]]", 1),
        ("[null]", 1),
    ] {
        let mut m = Market::default();
        let e = m.ingest(text).unwrap_err();
        assert_eq!(e.kind(), "json", "{text}: {e}");
        assert_eq!(e.position().unwrap().offset, at, "{text}: {e}");
        assert_eq!(decode(text).unwrap_err(), e, "{text}");
        assert!(m == Market::default(), "{text}");
    }
    // Broken JSON stays a syntax error, not "no payload".
    assert!(!decode("tru").unwrap_err().to_string().contains("not a payload"));
    assert!(decode("42").unwrap_err().to_string().contains("not a payload"), "says why");
}

#[test]
fn hand_written_decoder_agrees_with_serde_on_corner_cases() {
    use goxbook_core::wire::{decode_annotated, decode_reference};
    let deep = format!(r#"{{"op":"remark","x":{}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let cases = [
        // serde's derived structs also read arrays, positionally
        r#"{"op":"private","private":"depth","depth":["1","2","bid"]}"#.to_string(),
        r#"{"op":"private","private":"ticker","ticker":[]}"#.to_string(),
        r#"{"op":"private","private":"depth","depth":["1","2","bid","1","1","1","BTC","USD","1","1","extra"]}"#
            .to_string(),
        r#"{"op":"private","private":"trade","trade":[null,"1","7"]}"#.to_string(),
        // escapes: pairs, lone surrogates, escaped keys and numbers
        r#"{"op":"remark","message":"a\ud83d\ude00b\n"}"#.to_string(),
        r#"{"op":"remark","message":"\udc00"}"#.to_string(),
        r#"{"op":"remark","message":"\ud83dx"}"#.to_string(),
        r#"{"op":"remark","ignored":"\udc00\ud800"}"#.to_string(),
        r#"{"op":"result","id":"\u00e9","result":[1,{"a":"\ud800"}]}"#.to_string(),
        r#"{"\u006fp":"subscribe","channel":"x"}"#.to_string(),
        r#"{"op":"private","private":"depth","depth":{"price_int":"1\u0030","type_str":"bid"}}"#.to_string(),
        // numbers and literals
        r#"{"result":"success","return":[1,"2",18446744073709551615]}"#.to_string(),
        r#"{"result":"success","return":[1,-2]}"#.to_string(),
        r#"{"result":"success","return":[18446744073709551616]}"#.to_string(),
        r#"{"asks":[[1,2,3]],"bids":[[1]]}"#.to_string(),
        r#"{"asks":[["1",null]]}"#.to_string(),
        r#"{"op":"x","success":nul}"#.to_string(),
        r#"{"op":"x"} x"#.to_string(),
        "  ".to_string(),
        "-01".to_string(),
        // lag: an object in the stream, anything else in a bare body
        r#"{"op":"private","private":"lag","lag":[1]}"#.to_string(),
        r#"{"lag":"x","lag_secs":1}"#.to_string(),
        deep,
    ];
    for text in &cases {
        let (ours, reference) = (decode_annotated(text), decode_reference(text));
        match (&ours, &reference) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind(), "{text}"),
            _ => panic!("{}: {ours:?} vs {reference:?}", &text[..text.len().min(200)]),
        }
    }
}

/// A market with a book, a ticker and a tape in USD, for checking that rejections change nothing.
fn loaded() -> Market {
    let mut m = Market::default();
    for text in [
        r#"{"op":"private","private":"depth","depth":{"price_int":"1400000","type_str":"bid","total_volume_int":"100000000","currency":"USD","now":"5"}}"#,
        r#"{"op":"private","private":"trade","trade":{"tid":"7","amount_int":"1","price_int":"1400000","price_currency":"USD","trade_type":"bid","primary":"Y"}}"#,
        r#"{"op":"private","private":"ticker","ticker":{"buy":{"value_int":"1400000","currency":"USD"},"now":"6"}}"#,
    ] {
        m.ingest(text).unwrap();
    }
    m
}

#[test]
fn a_corrupted_field_rejects_the_whole_payload_even_when_another_would_do() {
    const DEPTH: &str = r#"{"op":"private","private":"depth","depth":{"price":"14.5","price_int":"1450000","type_str":"ask","type":1,"volume":"1","volume_int":"100000000","total_volume_int":"100000000","currency":"USD","now":"10"}}"#;
    const TRADE: &str = r#"{"op":"private","private":"trade","trade":{"type":"trade","date":1,"tid":"8","amount":"0.1","amount_int":"10000000","price":"14.5","price_int":"1450000","price_currency":"USD","trade_type":"ask","primary":"Y"}}"#;
    const TICKER: &str = r#"{"op":"private","private":"ticker","ticker":{"buy":{"value":"14.1","value_int":"1410000","currency":"USD"},"vol":{"value":"5","value_int":"500000000","currency":"BTC"},"now":"11"}}"#;
    const SNAPSHOT: &str = r#"{"result":"success","return":{"asks":[{"price":"15","price_int":"1500000","amount":"1","amount_int":"100000000","stamp":"3"}],"bids":[],"now":"12"}}"#;
    const LAG: &str = r#"{"op":"private","private":"lag","lag":{"qid":"q","stamp":"13","age":"100"}}"#;
    // Each intact payload applies.
    for text in [DEPTH, TRADE, TICKER, SNAPSHOT, LAG] {
        loaded().ingest(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    // (payload, the text to corrupt, its replacement, the error kind)
    let cases = [
        (DEPTH, r#""volume_int":"100000000""#, r#""volume_int":"abc""#, "number"),
        (DEPTH, r#""volume_int":"100000000""#, r#""volume_int":"99999999999999999999""#, "number"),
        (DEPTH, r#""volume":"1""#, r#""volume":"1x""#, "number"),
        (DEPTH, r#""price":"14.5""#, r#""price":"fourteen""#, "number"),
        (DEPTH, r#""type":1"#, r#""type":3"#, "invalid"),
        (DEPTH, r#""now":"10""#, r#""now":"10.5""#, "number"),
        (DEPTH, r#""private":"depth""#, r#""private":"depth","stamp":"x""#, "number"),
        (DEPTH, r#""private":"depth""#, r#""private":"depth","_t":"1e400""#, "number"),
        (TRADE, r#""amount":"0.1""#, r#""amount":"0.1.2""#, "number"),
        (TRADE, r#""price":"14.5""#, r#""price":"-""#, "number"),
        (TRADE, r#""trade_type":"ask""#, r#""trade_type":"sideways""#, "invalid"),
        (TRADE, r#""primary":"Y""#, r#""primary":"maybe""#, "invalid"),
        (TICKER, r#""value":"14.1""#, r#""value":"abc""#, "number"),
        (TICKER, r#""value":"5""#, r#""value":"5e999999""#, "number"),
        (SNAPSHOT, r#""amount":"1""#, r#""amount":"one""#, "number"),
        (SNAPSHOT, r#""now":"12""#, r#""now":"twelve""#, "number"),
        (LAG, r#""stamp":"13""#, r#""stamp":"x13""#, "number"),
    ];
    for (payload, good, bad, kind) in cases {
        assert!(payload.contains(good), "{good}");
        let text = payload.replacen(good, bad, 1);
        let mut m = loaded();
        let e = m.ingest(&text).unwrap_err();
        assert_eq!(e.kind(), kind, "{text}: {e}");
        // Located at the corrupted value's text.
        let value = bad.rsplit(':').next().unwrap().trim_matches('"');
        let at = text.find(bad).unwrap() + bad.rfind(value).unwrap();
        assert_eq!(e.position().map(|p| p.offset), Some(at), "{text}: {e}");
        assert!(m == loaded(), "a rejected payload changed the market: {text}");
    }
}
