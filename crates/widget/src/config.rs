//! The widget's settings, read from a query string (the standalone page) or from an
//! embedder, and checked: a bad value is a visible configuration error naming the parameter,
//! never a request to some other URL scheme.

use goxbook_core::{money::decimal_to_ticks, Currency, Quoted, RateSource};

use crate::panels::{parse_panels, Panel, DEFAULT_PANELS};

/// Where the page was loaded from: what same-origin defaults resolve against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// "http:" or "https:" (as `location.protocol` says it).
    pub protocol: String,
    /// "host:port".
    pub host: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// How the book is laid out: asks above bids, or bids and asks side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Stacked,
    SideBySide,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Stacked => "stacked",
            Layout::SideBySide => "side",
        }
    }
}

/// Which HTTP depth snapshot a (re)sync fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotKind {
    /// `fulldepth`: the whole book.
    Full,
    /// `depth/fetch`: ±10 % around the price (lighter; the rest comes from the stream).
    Window,
}

/// Everything the widget is told.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The websocket URL, absolute ws: or wss:, with `?Currency=` (every subscribed currency) added.
    pub feed: String,
    /// The HTTP API v1 base, ending in '/': absolute http:/https: or a same-origin path.
    pub api: String,
    /// The currency shown first.
    pub currency: Currency,
    /// Every currency subscribed on the one connection (`currency` among them): the widget
    /// switches between them without reconnecting.
    pub currencies: Vec<Currency>,
    /// The panels shown, in order.
    pub panels: Vec<Panel>,
    /// The VWAP read-out covers the last this many BTC traded (amount ticks).
    pub vwap_amount: i64,
    /// Where the forex grid's prices come from.
    pub rate_source: RateSource,
    /// A forex-grid input older than this (s) is stale (greyed).
    pub forex_stale_secs: f64,
    /// Levels shown per side.
    pub depth: usize,
    pub theme: Theme,
    /// A BCP 47 tag for Intl.NumberFormat; None = the browser's.
    pub locale: Option<String>,
    pub layout: Layout,
    pub snapshot: SnapshotKind,
    /// Silence after which the feed is stale and reconnected (s).
    pub stale_secs: f64,
    /// A message after a silence this long (s) starts a fresh snapshot: whatever was sent
    /// during the silence may be lost; 0 = never.
    pub resync_secs: f64,
    /// The HTTP snapshot is fetched again this often while live (s); 0 = never.
    pub refresh_secs: f64,
    /// Subscriptions are sent again this often (s); 0 = never.
    pub resubscribe_secs: f64,
    /// The cap of the reconnect backoff (s).
    pub backoff_max_secs: f64,
    /// The first reconnect delay (s), doubled on every failure up to the cap.
    pub backoff_base_secs: f64,
    /// The widget's height, a CSS length ("400px", "30em", "60vh"); the book and the trades
    /// scroll inside it. None: as tall as its content.
    pub height: Option<String>,
}

/// A parameter that could not be used: shown in the widget, and the widget does not connect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub param: &'static str,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

pub const DEFAULT_DEPTH: usize = 15;
pub const MAX_DEPTH: usize = 200;
/// Currencies one widget may subscribe.
pub const MAX_CURRENCIES: usize = 20;

impl Config {
    /// The defaults for a page served from `origin`: same-origin /mtgox and /api/1/, USD.
    pub fn defaults(origin: &Origin) -> Config {
        let ws = if origin.protocol == "https:" { "wss:" } else { "ws:" };
        Config {
            feed: with_currency(&format!("{ws}//{}/mtgox", origin.host), &[Currency::USD]),
            api: "/api/1/".to_string(),
            currency: Currency::USD,
            currencies: vec![Currency::USD],
            panels: DEFAULT_PANELS.to_vec(),
            vwap_amount: 10 * 100_000_000,
            rate_source: RateSource::Last,
            forex_stale_secs: 60.0,
            depth: DEFAULT_DEPTH,
            theme: Theme::Auto,
            locale: None,
            layout: Layout::Stacked,
            snapshot: SnapshotKind::Full,
            stale_secs: 30.0,
            resync_secs: 5.0,
            refresh_secs: 120.0,
            resubscribe_secs: 60.0,
            backoff_max_secs: 30.0,
            backoff_base_secs: 0.5,
            height: None,
        }
    }

    /// Reads `key=value` pairs (a query string, with or without its '?'), percent-decoded.
    /// Unknown keys are ignored; every bad value is reported and the default kept.
    pub fn from_query(query: &str, origin: &Origin) -> (Config, Vec<ConfigError>) {
        let pairs = query
            .trim_start_matches('?')
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect::<Vec<_>>();
        Config::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), origin)
    }

    /// Like [`Config::from_query`], from pairs already decoded (an element's attributes).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        origin: &Origin,
    ) -> (Config, Vec<ConfigError>) {
        let mut c = Config::defaults(origin);
        let mut errors = Vec::new();
        let mut feed: Option<String> = None;
        let mut currency_given = false;
        let mut currencies: Option<Vec<Currency>> = None;
        let mut err = |param: &'static str, message: String| errors.push(ConfigError { param, message });
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "feed" => match resolve_feed(v, origin) {
                    Ok(u) => feed = Some(u),
                    Err(m) => err("feed", m),
                },
                "api" => match resolve_api(v) {
                    Ok(u) => c.api = u,
                    Err(m) => err("api", m),
                },
                "currency" => match Currency::new(v) {
                    Some(cur) if cur != Currency::BTC => {
                        c.currency = cur;
                        currency_given = true;
                    }
                    _ => err("currency", bad(v, "is not a currency code")),
                },
                "currencies" => match parse_currencies(v) {
                    Ok(list) => currencies = Some(list),
                    Err(m) => err("currencies", m),
                },
                "panels" => match parse_panels(v) {
                    Ok(p) => c.panels = p,
                    Err(m) => err("panels", m),
                },
                "vwap-amount" => match decimal_to_ticks(v, 8) {
                    Ok(t) if t > 0 && t <= 21_000_000 * 100_000_000 && !v.contains(['e', 'E']) => c.vwap_amount = t,
                    _ => err("vwap-amount", bad(v, "is not an amount of BTC above 0")),
                },
                "forex" => match v {
                    "last" | "" => c.rate_source = RateSource::Last,
                    "mid" => c.rate_source = RateSource::Mid,
                    _ => err("forex", bad(v, "is not last or mid")),
                },
                "forex-stale" => secs(v, 1.0, &mut c.forex_stale_secs, "forex-stale", &mut err),
                "depth" => match v.parse::<usize>() {
                    Ok(n) if (1..=MAX_DEPTH).contains(&n) => c.depth = n,
                    _ => err("depth", format!("{} is not a number of levels from 1 to {MAX_DEPTH}", Quoted(v))),
                },
                "theme" => match v {
                    "light" => c.theme = Theme::Light,
                    "dark" => c.theme = Theme::Dark,
                    "auto" | "" => c.theme = Theme::Auto,
                    _ => err("theme", bad(v, "is not light, dark or auto")),
                },
                "locale" => {
                    if v.is_empty() {
                        c.locale = None;
                    } else if v.len() <= 35 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                        c.locale = Some(v.to_string());
                    } else {
                        err("locale", bad(v, "is not a language tag"));
                    }
                }
                "layout" => match v {
                    "stacked" | "" => c.layout = Layout::Stacked,
                    "side" | "side-by-side" => c.layout = Layout::SideBySide,
                    _ => err("layout", bad(v, "is not stacked or side")),
                },
                "snapshot" => match v {
                    "full" | "" => c.snapshot = SnapshotKind::Full,
                    "window" => c.snapshot = SnapshotKind::Window,
                    _ => err("snapshot", bad(v, "is not full or window")),
                },
                "stale" => secs(v, 1.0, &mut c.stale_secs, "stale", &mut err),
                "resync" => secs(v, 0.0, &mut c.resync_secs, "resync", &mut err),
                "refresh" => secs(v, 0.0, &mut c.refresh_secs, "refresh", &mut err),
                "resubscribe" => secs(v, 0.0, &mut c.resubscribe_secs, "resubscribe", &mut err),
                "backoff" => secs(v, 0.1, &mut c.backoff_max_secs, "backoff", &mut err),
                "height" => match parse_height(v) {
                    Ok(h) => c.height = h,
                    Err(m) => err("height", m),
                },
                _ => {}
            }
        }
        if let Some(list) = currencies {
            if !currency_given {
                c.currency = list[0];
            }
            c.currencies = list;
        } else {
            c.currencies.clear();
        }
        if !c.currencies.contains(&c.currency) {
            c.currencies.insert(0, c.currency);
        }
        c.feed = with_currency(&feed.unwrap_or_else(|| Config::defaults(origin).feed), &c.currencies);
        c.backoff_base_secs = c.backoff_base_secs.min(c.backoff_max_secs);
        (c, errors)
    }

    /// The HTTP URL of an API v1 endpoint of the configured currency ("ticker", "fulldepth" …).
    pub fn endpoint(&self, path: &str) -> String {
        self.endpoint_for(self.currency, path)
    }

    /// The HTTP URL of an API v1 endpoint of `currency`.
    pub fn endpoint_for(&self, currency: Currency, path: &str) -> String {
        format!("{}BTC{}/{}", self.api, currency, path)
    }

    /// The currency-info URL (teaches the scale of a currency the core does not know).
    pub fn currency_info(&self) -> String {
        self.currency_info_for(self.currency)
    }

    /// The currency-info URL of `currency`.
    pub fn currency_info_for(&self, currency: Currency) -> String {
        format!("{}generic/currency?currency={}", self.api, currency)
    }

    /// Whether `panel` is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }
}

fn secs(v: &str, min: f64, out: &mut f64, name: &'static str, err: &mut impl FnMut(&'static str, String)) {
    match crate::num::parse(v) {
        Some(s) if s.is_finite() && s >= min && s <= 86_400.0 => *out = s,
        _ => err(name, format!("{} is not a number of seconds from {} to 86400", Quoted(v), crate::num::short(min))),
    }
}

/// Units a height may be given in (a bare number is px).
const HEIGHT_UNITS: [&str; 7] = ["px", "em", "rem", "vh", "svh", "lvh", "dvh"];

/// A height: a positive number, in px or one of [`HEIGHT_UNITS`], as a CSS length; "" is
/// none. Checked digit by digit, so nothing but a length ever reaches the style.
fn parse_height(v: &str) -> Result<Option<String>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    let digits = v.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    let (number, unit) = v.split_at(digits);
    let unit = unit.to_ascii_lowercase();
    let number_ok = number.bytes().filter(|b| *b == b'.').count() <= 1
        && number.bytes().any(|b| (b'1'..=b'9').contains(&b))
        && !number.ends_with('.')
        && number.len() <= 8;
    if !number_ok || !(unit.is_empty() || HEIGHT_UNITS.contains(&unit.as_str())) {
        return Err(bad(v, "is not a height above 0 (a number of px, or with px, em, rem, vh, svh, lvh or dvh)"));
    }
    Ok(Some(format!("{number}{}", if unit.is_empty() { "px" } else { &unit })))
}

fn resolve_feed(v: &str, origin: &Origin) -> Result<String, String> {
    match host_after(v, ["ws://", "wss://"]) {
        Some(true) => Ok(v.to_string()),
        Some(false) => Err(bad(v, "has no host")),
        None if v.starts_with('/') && !v.starts_with("//") => {
            let ws = if origin.protocol == "https:" { "wss:" } else { "ws:" };
            Ok(format!("{ws}//{}{v}", origin.host))
        }
        None => Err(bad(v, "is not a ws: or wss: URL (nor a same-origin path)")),
    }
}

fn resolve_api(v: &str) -> Result<String, String> {
    let ok = host_after(v, ["http://", "https://"]).unwrap_or_else(|| v.starts_with('/') && !v.starts_with("//"));
    if !ok || v.contains('?') {
        return Err(bad(v, "is not an http: or https: URL (nor a same-origin path)"));
    }
    Ok(if v.ends_with('/') { v.to_string() } else { format!("{v}/") })
}

/// Whether `v`, which starts with one of `schemes` (in any case), names a host after it
/// (something before the first '/' or '?'); None when it starts with none of them. Bytes
/// compared in place: no lowercase copy, no substring search.
fn host_after(v: &str, schemes: [&str; 2]) -> Option<bool> {
    let b = v.as_bytes();
    schemes
        .iter()
        .find(|s| b.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s.as_bytes())))
        .map(|s| !matches!(b.get(s.len()), None | Some(b'/' | b'?')))
}

/// A comma list of currency codes: each once, in the order given, BTC excluded.
fn parse_currencies(v: &str) -> Result<Vec<Currency>, String> {
    let mut out: Vec<Currency> = Vec::new();
    for code in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match Currency::new(code) {
            Some(c) if c != Currency::BTC => {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            _ => return Err(bad(code, "is not a currency code")),
        }
    }
    if out.is_empty() {
        return Err(bad(v, "names no currency"));
    }
    if out.len() > MAX_CURRENCIES {
        return Err(format!("{} currencies: at most {MAX_CURRENCIES}", out.len()));
    }
    Ok(out)
}

/// "`v` (quoted as `{:?}` does, without linking str's Debug) `why`": one formatting for every
/// bad value.
fn bad(v: &str, why: &str) -> String {
    format!("{} {why}", Quoted(v))
}

/// `url` with `Currency=CUR,CUR2` in its query (replacing one already there).
pub(crate) fn with_currency(url: &str, currencies: &[Currency]) -> String {
    let (mut out, sep) = without_currency(url);
    out.push(sep);
    out.push_str("Currency=");
    for (i, c) in currencies.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(c.as_str());
    }
    out
}

/// The feed URL without its `Currency=` parameter: widgets on the same key share a connection.
pub fn feed_key(feed: &str) -> String {
    without_currency(feed).0
}

/// `url` without its `Currency=` parameter, and the separator a parameter added to it takes.
fn without_currency(url: &str) -> (String, char) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out = base.to_string();
    let mut sep = '?';
    for kv in query.split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("Currency=")) {
        out.push(sep);
        out.push_str(kv);
        sep = '&';
    }
    (out, sep)
}

/// Decodes %XX escapes and '+' (as a space) of a query-string component.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin { protocol: "http:".into(), host: "127.0.0.1:8080".into() }
    }

    #[test]
    fn defaults_are_same_origin() {
        let (c, e) = Config::from_query("", &origin());
        assert!(e.is_empty());
        assert_eq!(c.feed, "ws://127.0.0.1:8080/mtgox?Currency=USD");
        assert_eq!(c.api, "/api/1/");
        assert_eq!(c.depth, 15);
        assert_eq!(c.endpoint("fulldepth"), "/api/1/BTCUSD/fulldepth");
        let https = Origin { protocol: "https:".into(), host: "example.org".into() };
        assert_eq!(Config::defaults(&https).feed, "wss://example.org/mtgox?Currency=USD");
    }

    #[test]
    fn reads_every_parameter() {
        let q = "?feed=ws%3A%2F%2F127.0.0.1%3A9000%2Fmtgox&api=http://127.0.0.1:9000/api/1&currency=jpy&depth=20\
                 &theme=dark&locale=de-DE&layout=side&snapshot=window&stale=5&resync=2&refresh=0&resubscribe=10&backoff=4";
        let (c, e) = Config::from_query(q, &origin());
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(c.feed, "ws://127.0.0.1:9000/mtgox?Currency=JPY");
        assert_eq!(c.api, "http://127.0.0.1:9000/api/1/");
        assert_eq!(c.currency.as_str(), "JPY");
        assert_eq!(
            (c.depth, c.theme, c.layout, c.snapshot),
            (20, Theme::Dark, Layout::SideBySide, SnapshotKind::Window)
        );
        assert_eq!(c.locale.as_deref(), Some("de-DE"));
        assert_eq!((c.stale_secs, c.refresh_secs, c.resubscribe_secs, c.backoff_max_secs), (5.0, 0.0, 10.0, 4.0));
        assert_eq!(c.resync_secs, 2.0);
        assert_eq!(c.currency_info(), "http://127.0.0.1:9000/api/1/generic/currency?currency=JPY");
    }

    #[test]
    fn currency_goes_into_the_feed_url() {
        let (c, _) = Config::from_query("currency=EUR", &origin());
        assert_eq!(c.feed, "ws://127.0.0.1:8080/mtgox?Currency=EUR");
        let (c, _) = Config::from_query("feed=/mtgox?Currency=USD&currency=GBP", &origin());
        assert_eq!(c.feed, "ws://127.0.0.1:8080/mtgox?Currency=GBP");
    }

    #[test]
    fn other_schemes_are_configuration_errors() {
        for bad in ["http://127.0.0.1/mtgox", "javascript:alert(1)", "//evil/mtgox", "ftp://x", "ws://", "mtgox"] {
            let (c, e) = Config::from_query(&format!("feed={bad}"), &origin());
            assert_eq!(e.len(), 1, "{bad}");
            assert_eq!(e[0].param, "feed");
            assert!(c.feed.starts_with("ws://127.0.0.1:8080/"));
        }
        for bad in ["ws:///mtgox", "WSS://?x=1", "wss:"] {
            let (_, e) = Config::from_query(&format!("feed={bad}"), &origin());
            assert_eq!(e[0].param, "feed", "{bad}");
        }
        for good in ["WSS://Feed.example/m", "Ws://h?x=1", "wss://h"] {
            let (c, e) = Config::from_query(&format!("feed={good}"), &origin());
            assert!(e.is_empty() && c.feed.starts_with(good), "{good}");
        }
        for (good, api) in [("HTTPS://h/api/1", "HTTPS://h/api/1/"), ("http://h", "http://h/"), ("/api/", "/api/")] {
            let (c, e) = Config::from_query(&format!("api={good}"), &origin());
            assert!(e.is_empty(), "{good}");
            assert_eq!(c.api, api);
        }
        for bad in ["ws://x/api", "data:text/plain,x", "//x/api", "api/1", "https:///api", "http://", "http://h/?x"] {
            let (_, e) = Config::from_query(&format!("api={bad}"), &origin());
            assert_eq!(e[0].param, "api", "{bad}");
        }
        let (_, e) = Config::from_query("depth=0&theme=pink&currency=US%24&stale=0&locale=%3Cb%3E", &origin());
        let params: Vec<_> = e.iter().map(|e| e.param).collect();
        assert_eq!(params, ["depth", "theme", "currency", "stale", "locale"]);
    }

    #[test]
    fn currencies_and_panels() {
        let (c, e) = Config::from_query("currencies=usd,EUR,%20jpy,EUR", &origin());
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(c.currency, Currency::USD);
        let list: Vec<&str> = c.currencies.iter().map(|c| c.as_str()).collect();
        assert_eq!(list, ["USD", "EUR", "JPY"]);
        assert_eq!(c.feed, "ws://127.0.0.1:8080/mtgox?Currency=USD,EUR,JPY");
        assert_eq!(c.endpoint_for(Currency::new("JPY").unwrap(), "fulldepth"), "/api/1/BTCJPY/fulldepth");
        // The shown currency is always subscribed; given first or not.
        let (c, _) = Config::from_query("currency=GBP&currencies=EUR,JPY", &origin());
        assert_eq!((c.currency.as_str(), c.feed.as_str()), ("GBP", "ws://127.0.0.1:8080/mtgox?Currency=GBP,EUR,JPY"));
        let (c, _) = Config::from_query("currencies=EUR,JPY&currency=JPY", &origin());
        assert_eq!((c.currency.as_str(), c.feed.as_str()), ("JPY", "ws://127.0.0.1:8080/mtgox?Currency=EUR,JPY"));
        assert_eq!(c.panels, DEFAULT_PANELS);
        let (c, e) =
            Config::from_query("panels=calculator,forex,book&vwap-amount=2.5&forex=mid&forex-stale=5", &origin());
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(c.panels, [Panel::Calculator, Panel::Forex, Panel::Book]);
        assert!(c.shows(Panel::Forex) && !c.shows(Panel::Ticker));
        assert_eq!((c.vwap_amount, c.rate_source, c.forex_stale_secs), (250_000_000, RateSource::Mid, 5.0));
        let (c, e) = Config::from_query(
            "panels=book,chart&currencies=USD,BTC&vwap-amount=-1&forex=avg&forex-stale=0",
            &origin(),
        );
        let params: Vec<_> = e.iter().map(|e| e.param).collect();
        assert_eq!(params, ["panels", "currencies", "vwap-amount", "forex", "forex-stale"]);
        assert!(e[0].to_string().starts_with("panels: \"chart\" is not a panel"), "{}", e[0]);
        assert_eq!(c.panels, DEFAULT_PANELS);
        assert_eq!(c.feed, "ws://127.0.0.1:8080/mtgox?Currency=USD");
    }

    #[test]
    fn heights() {
        let h = |v: &str| Config::from_pairs([("height", v)], &origin());
        for (given, css) in
            [("400", "400px"), ("400px", "400px"), ("30.5em", "30.5em"), ("60VH", "60vh"), (".5rem", ".5rem")]
        {
            let (c, e) = h(given);
            assert!(e.is_empty(), "{given}: {e:?}");
            assert_eq!(c.height.as_deref(), Some(css), "{given}");
        }
        assert_eq!(h("").0.height, None);
        assert_eq!(Config::from_query("", &origin()).0.height, None);
        for bad in [
            "0",
            "0px",
            "-5px",
            "10%",
            "1e3px",
            "100 px",
            "5.px",
            "1.2.3em",
            "calc(1px)",
            "px",
            "10px;color:red",
            "123456789",
        ] {
            let (c, e) = h(bad);
            assert_eq!(e.len(), 1, "{bad}");
            assert_eq!(e[0].param, "height");
            assert!(e[0].message.contains("is not a height"), "{}", e[0]);
            assert_eq!(c.height, None, "{bad}");
        }
    }

    #[test]
    fn the_feed_key_is_the_url_without_its_currencies() {
        assert_eq!(feed_key("ws://h:1/mtgox?Currency=USD"), "ws://h:1/mtgox");
        assert_eq!(feed_key("ws://h:1/mtgox?Currency=USD,EUR&x=1"), "ws://h:1/mtgox?x=1");
        assert_eq!(feed_key("wss://h/m"), "wss://h/m");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c%2Fd%zz%4"), "a b c/d%zz%4");
    }
}
