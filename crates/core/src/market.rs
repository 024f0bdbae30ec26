//! Market state: per currency a book, a ticker and a tape, fed one payload at a time.
//!
//! Applying a payload first converts everything it carries to ticks (which is where bad
//! numbers and unknown currencies are found) and only then touches the state, so a payload
//! that fails leaves the market exactly as it was.

use crate::book::{Applied, Book, Side, SnapshotLevel, Update};
use crate::error::Error;
use crate::money::{Currency, Scales};
use crate::tape::{Tape, TradeRecord, TradeType, DEFAULT_TAPE_CAPACITY};
use crate::wire::{
    decode_into, empty_decoded, Decoded, Depth, DepthEntry, DepthSnapshot, HttpBody, Money, Num, Payload,
    PrivateMessage, Ticker, Trade,
};

/// A ticker in ticks: prices at the currency's scale, `vol` at the item's (1e-8).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerState {
    /// µs; None for 2011-era tickers.
    pub now: Option<i64>,
    pub high: Option<i64>,
    pub low: Option<i64>,
    pub avg: Option<i64>,
    pub vwap: Option<i64>,
    pub vol: Option<i64>,
    pub last: Option<i64>,
    pub last_local: Option<i64>,
    pub last_all: Option<i64>,
    /// The last trade in any currency, in its own currency.
    pub last_orig: Option<(Currency, i64)>,
    /// Best bid.
    pub buy: Option<i64>,
    /// Best ask.
    pub sell: Option<i64>,
}

impl TickerState {
    /// The one "last price" every surface shows (JS API, CLI, widget): the last trade in this
    /// currency (`last_local`, 2012 on); else `last` (the only one 2011 tickers and API v0
    /// send); else `last_all` (the last trade in any currency, converted — not a trade of this
    /// market, so only a last resort). In 2012–2013 `last` equals `last_all`, which is why
    /// `last_local` comes first.
    pub fn last_price(&self) -> Option<i64> {
        self.last_local.or(self.last).or(self.last_all)
    }
}

/// Everything known about one currency's market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyState {
    pub currency: Currency,
    /// Decimals of the currency's price ticks.
    pub decimals: u32,
    pub book: Book,
    pub ticker: Option<TickerState>,
    pub tape: Tape,
}

/// What one payload changed, so that a display redraws only that.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// The currency whose state changed (None for payloads about no one currency).
    pub currency: Option<Currency>,
    pub book: bool,
    pub ticker: bool,
    pub tape: bool,
    /// A currency's scale was learned.
    pub scales: bool,
    pub lag: bool,
    /// The payload (or part of it) was older than the state and ignored.
    pub stale: bool,
}

impl Change {
    /// Whether any visible state changed.
    pub fn any(&self) -> bool {
        self.book || self.ticker || self.tape || self.scales || self.lag
    }
}

/// Settings of a [`Market`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketOptions {
    /// Trades kept per currency.
    pub tape_capacity: usize,
    /// The currency of payloads that name none (2011 tickers, HTTP depth bodies).
    pub default_currency: Currency,
}

impl Default for MarketOptions {
    fn default() -> Self {
        MarketOptions { tape_capacity: DEFAULT_TAPE_CAPACITY, default_currency: Currency::USD }
    }
}

/// The whole market: scales and per-currency state.
#[derive(Clone, Debug, Default)]
pub struct Market {
    scales: Scales,
    states: Vec<CurrencyState>,
    options: MarketOptions,
    /// The matching engine's last reported lag, µs.
    pub lag: Option<i64>,
    /// The last currency resolved and its decimals: most payloads repeat it. Not state.
    hot: Option<(Currency, u32)>,
}

impl PartialEq for Market {
    fn eq(&self, o: &Self) -> bool {
        (&self.scales, &self.states, &self.options, self.lag) == (&o.scales, &o.states, &o.options, o.lag)
    }
}

impl Eq for Market {}

impl Market {
    pub fn new(options: MarketOptions) -> Self {
        Market { options, ..Default::default() }
    }

    pub fn options(&self) -> &MarketOptions {
        &self.options
    }

    pub fn scales(&self) -> &Scales {
        &self.scales
    }

    /// A currency's state, if anything has been applied to it.
    pub fn get(&self, currency: Currency) -> Option<&CurrencyState> {
        self.states.iter().find(|s| s.currency == currency)
    }

    /// Every currency with state.
    pub fn currencies(&self) -> impl Iterator<Item = &CurrencyState> + '_ {
        self.states.iter()
    }

    /// Decodes and applies one payload of any kind.
    pub fn ingest(&mut self, text: &str) -> Result<Change, Error> {
        // Decoded in place and applied where it lies (the payload is large: no moves).
        let mut decoded = empty_decoded();
        decode_into(text, &mut decoded)?;
        self.apply(text, &decoded)
    }

    /// Applies a decoded payload; `input` is the text it was decoded from (to locate errors).
    ///
    /// Strict: a payload in which any number the core knows cannot be decoded — even one that
    /// another field makes unnecessary — is rejected whole, and changes nothing.
    pub fn apply(&mut self, input: &str, d: &Decoded<'_>) -> Result<Change, Error> {
        let hint = d.currency_hint.as_deref();
        check_ints(input, [(&d.capture_ms, "_t")])?;
        match &d.payload {
            Payload::Private(p) => {
                let name = p.channel_name.as_deref();
                check_ints(input, [(&p.stamp, "stamp")])?;
                match &p.message {
                    PrivateMessage::Depth(m) => self.apply_depth(input, m, name, hint),
                    PrivateMessage::Ticker(t) => self.apply_ticker(input, t, name, hint),
                    PrivateMessage::Trade(t) => self.apply_trades(input, std::slice::from_ref(t), hint),
                    PrivateMessage::Lag(l) => {
                        check_ints(input, [(&l.stamp, "stamp")])?;
                        self.apply_lag(input, l.age.as_ref())
                    }
                    PrivateMessage::Account { .. } | PrivateMessage::Unknown { .. } => Ok(Change::default()),
                }
            }
            Payload::Http { body, .. } => match body {
                HttpBody::Ticker(t) => self.apply_ticker(input, t, None, hint),
                HttpBody::Depth(s) => self.apply_snapshot(input, s, hint),
                HttpBody::Trades(t) => self.apply_trades(input, t, hint),
                HttpBody::Currency(c) => {
                    let code =
                        c.currency.as_deref().ok_or(Error::Missing { kind: "currency info", field: "currency" })?;
                    let cur = parse_currency(input, code, "currency")?;
                    let n = c.decimals.as_ref().ok_or(Error::Missing { kind: "currency info", field: "decimals" })?;
                    let decimals = n.int_value("decimals").map_err(|e| e.locate(input, n.text()))?;
                    let decimals = u32::try_from(decimals).map_err(|_| {
                        Error::Invalid { field: "decimals", text: n.text().to_string(), at: None }
                            .locate(input, n.text())
                    })?;
                    let changed = self.scales.learn(cur, decimals).map_err(|e| e.locate(input, n.text()))?;
                    self.hot = None;
                    if changed {
                        // Ticks at the old scale mean nothing at the new one.
                        self.states.retain(|s| s.currency != cur);
                    }
                    Ok(Change { currency: Some(cur), scales: changed, ..Default::default() })
                }
                HttpBody::CancelledTrades(tids) => {
                    let mut ids = Vec::with_capacity(tids.len());
                    for t in tids {
                        ids.push(int(input, t, "tid")?);
                    }
                    let tids = ids;
                    let mut change = Change::default();
                    for s in &mut self.states {
                        for &tid in &tids {
                            if s.tape.remove(tid) {
                                change.tape = true;
                                change.currency = Some(s.currency);
                            }
                        }
                    }
                    Ok(change)
                }
                HttpBody::Lag(l) => self.apply_lag(input, l.lag.as_ref()),
                HttpBody::Error { .. } | HttpBody::Unknown => Ok(Change::default()),
            },
            Payload::Subscribe { .. }
            | Payload::Unsubscribe { .. }
            | Payload::SubscribeRequest { .. }
            | Payload::Remark { .. }
            | Payload::CallResult { .. }
            | Payload::Unknown { .. } => Ok(Change::default()),
        }
    }

    fn state_mut(&mut self, currency: Currency, decimals: u32) -> &mut CurrencyState {
        self.hot = Some((currency, decimals));
        let i = match self.states.iter().position(|s| s.currency == currency) {
            Some(i) => i,
            None => {
                self.states.push(CurrencyState {
                    currency,
                    decimals,
                    book: Book::new(),
                    ticker: None,
                    tape: Tape::new(self.options.tape_capacity),
                });
                self.states.len() - 1
            }
        };
        &mut self.states[i]
    }

    /// The currency a payload is about: its own field, else its channel name, else the
    /// capture's hint, else the default.
    fn resolve(
        &self,
        input: &str,
        own: Option<&str>,
        channel_name: Option<&str>,
        hint: Option<&str>,
    ) -> Result<(Currency, u32), Error> {
        // In order, and only as far as needed (most payloads name their currency).
        let (code, field) = if let Some(c) = own {
            (c, "currency")
        } else if let Some(c) = channel_name.and_then(channel_currency) {
            (c, "channel_name")
        } else if let Some(c) = hint {
            (c, "_currency")
        } else {
            let c = self.options.default_currency;
            return Ok((c, self.scales.require(c, "currency")?));
        };
        if let Some((c, d)) = self.hot {
            if c.as_str() == code {
                return Ok((c, d));
            }
        }
        let cur = parse_currency(input, code, field)?;
        let decimals = self.scales.require(cur, field).map_err(|e| e.locate(input, code))?;
        Ok((cur, decimals))
    }

    /// The decimals of an item's amounts (BTC: 8).
    fn item_decimals(&self, item: Option<&str>) -> u32 {
        if matches!(item, None | Some("BTC")) {
            return 8;
        }
        item.and_then(Currency::new).and_then(|c| self.scales.decimals(c)).unwrap_or(8)
    }

    fn apply_depth(
        &mut self,
        input: &str,
        m: &Depth<'_>,
        name: Option<&str>,
        hint: Option<&str>,
    ) -> Result<Change, Error> {
        let (cur, dec) = self.resolve(input, m.currency.as_deref(), name, hint)?;
        let amount_dec = self.item_decimals(m.item.as_deref());
        // Strict: every number converts, used or not; each is converted once.
        let opt_int = |n: &Option<Num<'_>>, field| n.as_ref().map(|n| int(input, n, field)).transpose();
        let total = opt_int(&m.total_volume_int, "total_volume_int")?;
        let delta = opt_int(&m.volume_int, "volume_int")?;
        let volume = match &m.volume {
            Some(n) => Some(n.ticks(amount_dec, "volume").map_err(|e| e.locate(input, n.text()))?),
            None => None,
        };
        let now = opt_int(&m.now, "now")?;
        let price = price_of(input, m.price_int.as_ref(), m.price.as_ref(), dec, "depth")?;
        let type_num = match m.type_num.as_ref().map(|n| n.text()) {
            None => None,
            Some("1") => Some(Side::Ask),
            Some("2") => Some(Side::Bid),
            Some(other) => return Err(invalid("type", input, other)),
        };
        let side = match (m.type_str.as_deref(), type_num) {
            (Some("ask"), _) => Side::Ask,
            (Some("bid"), _) => Side::Bid,
            (Some(other), _) => return Err(invalid("type_str", input, other)),
            (None, Some(side)) => side,
            (None, None) => return Err(Error::Missing { kind: "depth message", field: "type_str" }),
        };
        let update = match (total, delta.or(volume)) {
            (Some(total), _) if total < 0 => {
                let text = m.total_volume_int.as_ref().map_or("", |n| n.text());
                return Err(invalid("total_volume_int", input, text));
            }
            (Some(total), _) => Update::Total(total),
            (None, Some(delta)) => Update::Delta(delta),
            (None, None) => return Err(Error::Missing { kind: "depth message", field: "volume_int" }),
        };
        let state = self.state_mut(cur, dec);
        let applied = state.book.apply(side, price, update, now);
        Ok(Change {
            currency: Some(cur),
            book: applied == Applied::Changed,
            stale: applied == Applied::Stale,
            ..Default::default()
        })
    }

    fn apply_ticker(
        &mut self,
        input: &str,
        t: &Ticker<'_>,
        name: Option<&str>,
        hint: Option<&str>,
    ) -> Result<Change, Error> {
        let (cur, dec) = self.resolve(input, t.currency(), name, hint)?;
        let price = |m: &Option<Money<'_>>, field: &'static str| -> Result<Option<i64>, Error> {
            let Some(m) = m else { return Ok(None) };
            let d = match m.currency() {
                Some(code) => self
                    .scales
                    .require(parse_currency(input, code, field)?, field)
                    .map_err(|e| e.locate(input, code))?,
                None => dec,
            };
            money(input, m, d, field).map(Some)
        };
        let vol_dec = self.item_decimals(t.vol.as_ref().and_then(|v| v.currency()).or(t.item.as_deref()));
        let last_orig = match &t.last_orig {
            None => None,
            Some(m) => {
                let c = match m.currency() {
                    Some(code) => parse_currency(input, code, "last_orig")?,
                    None => cur,
                };
                Some((c, price(&t.last_orig, "last_orig")?.unwrap_or_default()))
            }
        };
        let new = TickerState {
            now: t.now.as_ref().map(|n| int(input, n, "now")).transpose()?,
            high: price(&t.high, "high")?,
            low: price(&t.low, "low")?,
            avg: price(&t.avg, "avg")?,
            vwap: price(&t.vwap, "vwap")?,
            vol: t.vol.as_ref().map(|m| money(input, m, vol_dec, "vol")).transpose()?,
            last: price(&t.last, "last")?,
            last_local: price(&t.last_local, "last_local")?,
            last_all: price(&t.last_all, "last_all")?,
            last_orig,
            buy: price(&t.buy, "buy")?,
            sell: price(&t.sell, "sell")?,
        };
        let state = self.state_mut(cur, dec);
        if let (Some(old), Some(now)) = (state.ticker.as_ref().and_then(|o| o.now), new.now) {
            if now < old {
                return Ok(Change { currency: Some(cur), stale: true, ..Default::default() });
            }
        }
        let book = state.book.uncross(new.buy, new.sell, new.now);
        let ticker = state.ticker.as_ref() != Some(&new);
        state.ticker = Some(new);
        Ok(Change { currency: Some(cur), book, ticker, ..Default::default() })
    }

    fn apply_trades(&mut self, input: &str, trades: &[Trade<'_>], hint: Option<&str>) -> Result<Change, Error> {
        // Convert them all first: one bad trade rejects the payload and changes nothing.
        let mut converted = Vec::with_capacity(trades.len());
        for t in trades {
            if t.kind.as_deref().is_some_and(|k| k != "trade") {
                continue;
            }
            let (cur, dec) = self.resolve(input, t.price_currency.as_deref(), None, hint)?;
            let amount_dec = self.item_decimals(t.item.as_deref());
            let tid_num = t.tid.as_ref().ok_or(Error::Missing { kind: "trade", field: "tid" })?;
            let tid = int(input, tid_num, "tid")?;
            check_ints(input, [(&t.amount_int, "amount_int")])?;
            check_decimals(input, [(&t.amount, "amount", amount_dec)])?;
            let price = price_of(input, t.price_int.as_ref(), t.price.as_ref(), dec, "trade")?;
            let amount = match (&t.amount_int, &t.amount) {
                (Some(n), _) => int(input, n, "amount_int")?,
                (None, Some(n)) => n.ticks(amount_dec, "amount").map_err(|e| e.locate(input, n.text()))?,
                (None, None) => return Err(Error::Missing { kind: "trade", field: "amount_int" }),
            };
            let date = match &t.date {
                Some(n) => int(input, n, "date")?,
                None => tid / 1_000_000,
            };
            let primary = match t.primary.as_deref() {
                Some("Y") => Some(true),
                Some("N") => Some(false),
                None => None,
                Some(other) => return Err(invalid("primary", input, other)),
            };
            let trade_type = match TradeType::parse(t.trade_type.as_deref()) {
                TradeType::Unknown if t.trade_type.is_some() => {
                    return Err(invalid("trade_type", input, t.trade_type.as_deref().unwrap_or_default()))
                }
                known => known,
            };
            converted.push((cur, dec, TradeRecord { tid, date, price, amount, trade_type, primary }));
        }
        let mut change = Change::default();
        for (cur, dec, record) in converted {
            let state = self.state_mut(cur, dec);
            if state.tape.insert(record) {
                change.tape = true;
                change.currency.get_or_insert(cur);
            }
        }
        Ok(change)
    }

    fn apply_snapshot(&mut self, input: &str, s: &DepthSnapshot<'_>, hint: Option<&str>) -> Result<Change, Error> {
        let (cur, dec) = self.resolve(input, s.currency.as_deref(), None, hint)?;
        let entries = |list: &[DepthEntry<'_>]| -> Result<Vec<SnapshotLevel>, Error> {
            let mut out = Vec::with_capacity(list.len());
            for e in list {
                check_ints(input, [(&e.amount_int, "amount_int")])?;
                check_decimals(input, [(&e.amount, "amount", 8)])?;
                let price = price_of(input, e.price_int.as_ref(), e.price.as_ref(), dec, "depth entry")?;
                let amount = match (&e.amount_int, &e.amount) {
                    (Some(n), _) => int(input, n, "amount_int")?,
                    (None, Some(n)) => n.ticks(8, "amount").map_err(|err| err.locate(input, n.text()))?,
                    (None, None) => return Err(Error::Missing { kind: "depth entry", field: "amount_int" }),
                };
                let time = e.stamp.as_ref().map(|n| int(input, n, "stamp")).transpose()?;
                out.push(SnapshotLevel { price, amount, time });
            }
            Ok(out)
        };
        check_ints(input, [(&s.now, "now")])?;
        let asks = entries(&s.asks)?;
        let bids = entries(&s.bids)?;
        let bound = |m: &Option<Money<'_>>, field: &'static str| -> Result<Option<i64>, Error> {
            m.as_ref().map(|m| money(input, m, dec, field)).transpose()
        };
        let window = if s.is_windowed() {
            let lo = bound(&s.filter_min_price, "filter_min_price")?.unwrap_or(i64::MIN);
            let hi = bound(&s.filter_max_price, "filter_max_price")?.unwrap_or(i64::MAX);
            Some((lo, hi))
        } else {
            None
        };
        let state = self.state_mut(cur, dec);
        state.book.apply_snapshot(window, &asks, &bids);
        Ok(Change { currency: Some(cur), book: true, ..Default::default() })
    }

    fn apply_lag(&mut self, input: &str, age: Option<&Num<'_>>) -> Result<Change, Error> {
        let Some(n) = age else { return Ok(Change::default()) };
        self.lag = Some(int(input, n, "lag")?);
        Ok(Change { lag: true, ..Default::default() })
    }
}

fn int(input: &str, n: &Num<'_>, field: &'static str) -> Result<i64, Error> {
    n.int_value(field).map_err(|e| e.locate(input, n.text()))
}

fn price_of(
    input: &str,
    int_field: Option<&Num<'_>>,
    text: Option<&Num<'_>>,
    dec: u32,
    kind: &'static str,
) -> Result<i64, Error> {
    let (p, n) = match (int_field, text) {
        (Some(n), other) => {
            // Strict: the decimal price must be a number too, though `price_int` decides.
            if let Some(t) = other {
                t.ticks(dec, "price").map_err(|e| e.locate(input, t.text()))?;
            }
            (int(input, n, "price_int")?, n)
        }
        (None, Some(n)) => (n.ticks(dec, "price").map_err(|e| e.locate(input, n.text()))?, n),
        (None, None) => return Err(Error::Missing { kind, field: "price_int" }),
    };
    if p <= 0 {
        return Err(Error::Invalid { field: "price", text: n.text().to_string(), at: None }.locate(input, n.text()));
    }
    Ok(p)
}

/// Strict: each of these integer fields, when present, must be one.
fn check_ints<const N: usize>(input: &str, fields: [(&Option<Num<'_>>, &'static str); N]) -> Result<(), Error> {
    for (n, field) in fields {
        if let Some(n) = n {
            int(input, n, field)?;
        }
    }
    Ok(())
}

/// Strict: each of these decimal fields, when present, must convert at its scale.
fn check_decimals<const N: usize>(
    input: &str,
    fields: [(&Option<Num<'_>>, &'static str, u32); N],
) -> Result<(), Error> {
    for (n, field, decimals) in fields {
        if let Some(n) = n {
            n.ticks(decimals, field).map_err(|e| e.locate(input, n.text()))?;
        }
    }
    Ok(())
}

/// A money field's ticks; strict: a value object's `value` must convert too, though
/// `value_int` decides.
fn money(input: &str, m: &Money<'_>, decimals: u32, field: &'static str) -> Result<i64, Error> {
    m.check(decimals, field).map_err(|(e, text)| e.locate(input, text))?;
    m.ticks(decimals, field).map_err(|e| e.locate(input, m.text()))
}

fn invalid(field: &'static str, input: &str, text: &str) -> Error {
    Error::Invalid { field, text: text.to_string(), at: None }.locate(input, text)
}

fn parse_currency(input: &str, code: &str, field: &'static str) -> Result<Currency, Error> {
    Currency::new(code)
        .ok_or_else(|| Error::UnknownCurrency { field, code: code.to_string(), at: None }.locate(input, code))
}

/// "depth.BTCUSD" / "ticker.BTCEUR" → "USD" / "EUR".
fn channel_currency(name: &str) -> Option<&str> {
    let pair = name.split_once('.')?.1;
    let rest = pair.strip_prefix("BTC")?;
    (rest.len() >= 2).then_some(rest)
}
