//! The options object of `mount(el, options)` and `update(options)`: each value read with
//! serde-wasm-bindgen into a [`Value`], the names checked against the configuration table
//! ([`KNOWN`]), and an update merged over the options already given ([`Options::merge`]),
//! so that `update({ currency: "USD" })` changes the currency only. The merged options become
//! the widget's [`Config`](crate::config::Config) through the same checks as a query string
//! or attributes ([`Config::from_pairs`](crate::config::Config::from_pairs)).
//!
//! Everything but the reading of a JS value ([`read`], wasm32 only) is plain Rust, tested here.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use crate::config::ConfigError;

/// Every option, as the configuration table (and attributes) spell it.
pub const KNOWN: [&str; 19] = [
    "feed",
    "api",
    "currency",
    "currencies",
    "panels",
    "theme",
    "depth",
    "locale",
    "layout",
    "snapshot",
    "stale",
    "resync",
    "refresh",
    "resubscribe",
    "backoff",
    "vwap-amount",
    "forex",
    "forex-stale",
    "height",
];

/// One option's value as the page gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` or `undefined`: the option goes back to its default.
    Unset,
    /// Text as given; a number as JavaScript writes it; a list joined with commas.
    Text(String),
    /// Something no option can be (an object, a function, a nested list): what it is.
    Invalid(String),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor { in_list: false })
    }
}

/// Reads any value; never fails on a type (a wrong type is [`Value::Invalid`], so that one bad
/// option does not lose the others). `in_list`: an element of a list (no nested lists).
struct ValueVisitor {
    in_list: bool,
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, a number or a list of text")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Unset)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Unset)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Text(if v { "true" } else { "false" }.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Text(number_text(v)))
    }

    // Every other kind a deserializer may report is taken here too, so that no default of
    // `Visitor` (an `invalid_type` error printing the value, float formatting with it) is linked.
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<Value, A::Error> {
        Ok(Value::Invalid("an enum".into()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Value, E> {
        Ok(Value::Invalid("bytes".into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.in_list {
            // Drain it: the outer list goes on.
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(Value::Invalid("a nested list".into()));
        }
        let mut parts = Vec::new();
        let mut bad = None;
        while let Some(v) = seq.next_element_seed(Element)? {
            match v {
                Value::Text(t) => parts.push(t),
                Value::Unset => bad = bad.or(Some("a list with null in it".to_string())),
                Value::Invalid(what) => bad = bad.or(Some(format!("a list with {what} in it"))),
            }
        }
        Ok(bad.map_or_else(|| Value::Text(parts.join(",")), Value::Invalid))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(Value::Invalid("an object".into()))
    }
}

/// A list's element: as a value, but no list.
struct Element;

impl<'de> de::DeserializeSeed<'de> for Element {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor { in_list: true })
    }
}

/// A number as JavaScript writes it ("2.5", "1e-7"): the browser's own conversion, so the
/// wasm carries no float formatting code (num.rs).
#[cfg(target_arch = "wasm32")]
fn number_text(v: f64) -> String {
    js_sys::Number::from(v).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn number_text(v: f64) -> String {
    v.to_string()
}

/// How the page named the options, for the warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// `data-currency` on a `[data-goxbook]` element.
    Data,
    /// `currency` on `<goxbook-widget>`.
    Attribute,
    /// `{ currency }` given to `mount` or `update`.
    Option,
}

impl Naming {
    pub fn parse(s: Option<&str>) -> Naming {
        match s {
            Some("data") => Naming::Data,
            Some("attribute") => Naming::Attribute,
            _ => Naming::Option,
        }
    }

    /// `param` (a [`KNOWN`] name, or any name in the table's spelling) as the page wrote it.
    pub fn name(self, param: &str) -> String {
        match self {
            Naming::Data => format!("data-{param}"),
            Naming::Attribute => param.to_string(),
            Naming::Option => format!("options.{}", camel(param)),
        }
    }
}

/// "vwap-amount" → "vwapAmount".
pub fn camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut up = false;
    for c in s.chars() {
        if c == '-' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// "vwapAmount" → "vwap-amount"; "vwap-amount" stays.
pub fn kebab(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The [`KNOWN`] option a key names: "vwapAmount" and "vwap-amount" both name "vwap-amount".
pub fn known(key: &str) -> Option<&'static str> {
    let k = kebab(key);
    KNOWN.iter().copied().find(|n| *n == k)
}

/// The edit distance (insertions, deletions, substitutions and swaps of two neighbours, each
/// 1) between `a` and `b`, ignoring case.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Three rows of the table: two back (for swaps), one back, this one.
    let mut back2: Vec<usize> = vec![0; b.len() + 1];
    let mut back: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (back[j] + 1).min(row[j - 1] + 1).min(back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(back2[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut back2, &mut back);
        std::mem::swap(&mut back, &mut row);
    }
    back[b.len()]
}

/// The known option closest to an unknown key (the first of the table on a tie).
pub fn closest(key: &str) -> &'static str {
    let k = kebab(key);
    KNOWN.iter().copied().min_by_key(|n| distance(&k, n)).unwrap_or(KNOWN[0])
}

/// The warning for an unknown key, naming it and the closest known option as the page
/// writes options.
pub fn unknown_warning(key: &str, naming: Naming) -> String {
    let shown = match naming {
        Naming::Data => format!("data-{key}"),
        Naming::Attribute => key.to_string(),
        Naming::Option => format!("options.{key}"),
    };
    format!("goxbook: {shown} is not an option (did you mean {}?)", naming.name(closest(key)))
}

/// The options given so far: each known option's last value, or none (its default).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    values: [Option<String>; KNOWN.len()],
    /// Options given with a value no option can take: an error until they are given again.
    invalid: [Option<String>; KNOWN.len()],
}

impl Options {
    /// Applies `given` over what is there: a known option given a value takes it, one given
    /// `null`/`undefined` goes back to its default, and one not given keeps its value. Returns
    /// the keys that name no option, in the order given.
    pub fn merge(&mut self, given: Vec<(String, Value)>) -> Vec<String> {
        let mut unknown = Vec::new();
        for (key, value) in given {
            let Some(i) = known(&key).and_then(|k| KNOWN.iter().position(|n| *n == k)) else {
                unknown.push(key);
                continue;
            };
            let (v, bad) = match value {
                Value::Unset => (None, None),
                Value::Text(t) => (Some(t), None),
                Value::Invalid(what) => (None, Some(what)),
            };
            self.values[i] = v;
            self.invalid[i] = bad;
        }
        unknown
    }

    /// The options set, as `(name, value)` pairs for `Config::from_pairs`, and one error per
    /// option given a value of the wrong kind.
    pub fn pairs(&self) -> (Vec<(&'static str, &str)>, Vec<ConfigError>) {
        let pairs = KNOWN.iter().zip(&self.values).filter_map(|(n, v)| Some((*n, v.as_deref()?))).collect();
        let errors = KNOWN
            .iter()
            .zip(&self.invalid)
            .filter_map(|(n, bad)| {
                let what = bad.as_ref()?;
                Some(ConfigError { param: n, message: format!("{what} is not text, a number or a list of text") })
            })
            .collect();
        (pairs, errors)
    }

    /// The value of a known option, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        KNOWN.iter().position(|n| *n == name).and_then(|i| self.values[i].as_deref())
    }
}

/// The options object's entries, each value read with serde-wasm-bindgen. `null` and
/// `undefined` are no options; anything but an object is an error.
#[cfg(target_arch = "wasm32")]
pub fn read(options: &wasm_bindgen::JsValue) -> Result<Vec<(String, Value)>, ConfigError> {
    use wasm_bindgen::JsCast;
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    let Some(obj) = options.dyn_ref::<js_sys::Object>().filter(|_| !js_sys::Array::is_array(options)) else {
        return Err(ConfigError { param: "options", message: "not an object".into() });
    };
    // One value at a time: a value serde-wasm-bindgen cannot read at all (a function, a
    // symbol) is an error of that option only.
    Ok(js_sys::Object::entries(obj)
        .iter()
        .map(|entry| {
            let entry: js_sys::Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let value = entry.get(1);
            let value = serde_wasm_bindgen::from_value::<Value>(value.clone()).unwrap_or_else(|_| {
                Value::Invalid(if value.is_function() { "a function".into() } else { "a value of another kind".into() })
            });
            (key, value)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn given(list: &[(&str, Value)]) -> Vec<(String, Value)> {
        list.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn values_are_read_whatever_their_kind() {
        let read = |json: &str| serde_json::from_str::<std::collections::BTreeMap<String, Value>>(json).unwrap();
        let m = read(
            r#"{"currency":"EUR","depth":10,"stale":2.5,"panels":["ticker","book"],"theme":null,
                "locale":{"x":1},"currencies":["USD",["EUR"]],"on":true,"big":18446744073709551615,"neg":-3,
                "list":["a",1,0.5],"nulls":["a",null]}"#,
        );
        assert_eq!(m["currency"], text("EUR"));
        assert_eq!(m["depth"], text("10"));
        assert_eq!(m["stale"], text("2.5"));
        assert_eq!(m["panels"], text("ticker,book"));
        assert_eq!(m["theme"], Value::Unset);
        assert_eq!(m["locale"], Value::Invalid("an object".into()));
        assert_eq!(m["currencies"], Value::Invalid("a list with a nested list in it".into()));
        assert_eq!(m["on"], text("true"));
        assert_eq!(m["big"], text("18446744073709551615"));
        assert_eq!(m["neg"], text("-3"));
        assert_eq!(m["list"], text("a,1,0.5"));
        assert_eq!(m["nulls"], Value::Invalid("a list with null in it".into()));
    }

    #[test]
    fn every_kind_a_deserializer_reports_is_read() {
        use serde::de::value::Error;
        use serde::de::IntoDeserializer;
        let read = |d: serde::de::value::U128Deserializer<Error>| Value::deserialize(d).unwrap();
        assert_eq!(read(u128::MAX.into_deserializer()), text("340282366920938463463374607431768211455"));
        assert_eq!(Value::deserialize(IntoDeserializer::<Error>::into_deserializer(-7i128)).unwrap(), text("-7"));
        assert_eq!(Value::deserialize(IntoDeserializer::<Error>::into_deserializer(1.5f32)).unwrap(), text("1.5"));
        assert_eq!(Value::deserialize(IntoDeserializer::<Error>::into_deserializer('x')).unwrap(), text("x"));
        // Some(…) and a newtype are their content; an enum is no option's value.
        let v = || ValueVisitor { in_list: false };
        assert_eq!(v().visit_some(IntoDeserializer::<Error>::into_deserializer(2u8)).unwrap(), text("2"));
        assert_eq!(v().visit_newtype_struct(IntoDeserializer::<Error>::into_deserializer("x")).unwrap(), text("x"));
        let e = serde::de::value::StrDeserializer::<Error>::new("Variant");
        assert_eq!(v().visit_enum(e).unwrap(), Value::Invalid("an enum".into()));
    }

    #[test]
    fn names_in_either_spelling() {
        assert_eq!(camel("vwap-amount"), "vwapAmount");
        assert_eq!(kebab("forexStale"), "forex-stale");
        assert_eq!(known("vwapAmount"), Some("vwap-amount"));
        assert_eq!(known("vwap-amount"), Some("vwap-amount"));
        assert_eq!(known("height"), Some("height"));
        assert_eq!(known("Currency"), None);
        assert_eq!(Naming::Option.name("forex-stale"), "options.forexStale");
        assert_eq!(Naming::Data.name("forex-stale"), "data-forex-stale");
        assert_eq!(Naming::Attribute.name("forex-stale"), "forex-stale");
        assert_eq!(Naming::parse(Some("data")), Naming::Data);
        assert_eq!(Naming::parse(None), Naming::Option);
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("", "ab"), 2);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("depht", "depth"), 1, "a swap of neighbours is one edit");
        assert_eq!(distance("curency", "currency"), 1);
        assert_eq!(distance("THEME", "theme"), 0);
        assert_eq!(distance("flaw", "lawn"), 2);
        // Symmetric.
        for (a, b) in [("feed", "fede"), ("panel", "panels"), ("x", "resubscribe")] {
            assert_eq!(distance(a, b), distance(b, a), "{a} {b}");
        }
    }

    #[test]
    fn the_closest_known_option() {
        assert_eq!(closest("curency"), "currency");
        assert_eq!(closest("currencys"), "currency");
        assert_eq!(closest("currencis"), "currencies");
        assert_eq!(closest("depht"), "depth");
        assert_eq!(closest("vwapAmout"), "vwap-amount");
        assert_eq!(closest("forex_stale"), "forex-stale");
        assert_eq!(closest("panel"), "panels");
        assert_eq!(closest("hieght"), "height");
        assert_eq!(closest("thme"), "theme");
        assert_eq!(
            unknown_warning("vwapAmout", Naming::Option),
            "goxbook: options.vwapAmout is not an option (did you mean options.vwapAmount?)"
        );
        assert_eq!(
            unknown_warning("curency", Naming::Data),
            "goxbook: data-curency is not an option (did you mean data-currency?)"
        );
    }

    #[test]
    fn update_merges_over_what_was_given() {
        let mut o = Options::default();
        let unknown = o.merge(given(&[
            ("feed", text("wss://x/mtgox")),
            ("theme", text("dark")),
            ("currency", text("EUR")),
            ("vwapAmount", text("2")),
            ("curency", text("JPY")),
        ]));
        assert_eq!(unknown, ["curency"]);
        assert_eq!(o.merge(given(&[("currency", text("USD"))])), Vec::<String>::new());
        let (pairs, errors) = o.pairs();
        assert!(errors.is_empty());
        assert_eq!(
            pairs,
            [("feed", "wss://x/mtgox"), ("currency", "USD"), ("theme", "dark"), ("vwap-amount", "2")],
            "the feed and the theme stay"
        );
        // null / undefined: back to the default; the rest stays.
        o.merge(given(&[("theme", Value::Unset), ("vwap-amount", text("3"))]));
        assert_eq!(o.pairs().0, [("feed", "wss://x/mtgox"), ("currency", "USD"), ("vwap-amount", "3")]);
        assert_eq!(o.get("vwap-amount"), Some("3"));
        assert_eq!(o.get("theme"), None);
        // An empty update changes nothing.
        let before = o.clone();
        o.merge(Vec::new());
        assert_eq!(o, before);
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_an_error_until_replaced() {
        let mut o = Options::default();
        o.merge(given(&[("depth", text("5")), ("panels", Value::Invalid("an object".into()))]));
        let (pairs, errors) = o.pairs();
        assert_eq!(pairs, [("depth", "5")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].param, "panels");
        assert_eq!(errors[0].to_string(), "panels: an object is not text, a number or a list of text");
        // Another option changed: the error stays.
        o.merge(given(&[("depth", text("6"))]));
        assert_eq!(o.pairs().1.len(), 1);
        // The option given again: gone.
        o.merge(given(&[("panels", text("book"))]));
        let (pairs, errors) = o.pairs();
        assert!(errors.is_empty());
        assert_eq!(pairs, [("panels", "book"), ("depth", "6")]);
    }
}
