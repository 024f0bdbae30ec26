// The JavaScript baseline of the browser benchmark: what a competent JS client of the MtGox
// stream would write without goxbook. JSON.parse per message, then:
//   - depth: the level is set to `total_volume_int` (removed at 0) in a Map per side (price
//     ticks → amount ticks, both JS numbers: exact, all MtGox integers are < 2^53) plus a
//     sorted array of prices per side, kept with the touch at the END of the array so that
//     the usual insertions and removals near the touch move few elements (binary search +
//     splice);
//   - ticker: the 2013 value objects' `value_int` kept as exact strings, newest `now` wins;
//   - trade: a tape of the last 1 000 trades ordered and deduplicated by tid;
//   - HTTP full depth (v1 `return` / v2 `data`): both sides replaced.
// Only the currency `currency` is kept (the core keeps every currency; the streams of the
// benchmark have only USD). It is checked against the core: same final book, same ticker.

const TICKER_FIELDS = ['last', 'buy', 'sell', 'high', 'low', 'vol', 'vwap', 'avg'];

/** One side: `prices` sorted so that the best price is last. */
class Side {
  constructor(ask) {
    this.ask = ask;
    this.amounts = new Map();
    this.prices = [];
  }
  /** Index of the first price that is worse-or-equal… i.e. the insertion point in the order. */
  find(price) {
    // asks: prices descending (best = lowest last); bids: ascending (best = highest last).
    const a = this.prices;
    let lo = 0;
    let hi = a.length;
    if (this.ask) {
      while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] > price) lo = mid + 1; else hi = mid; }
    } else {
      while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < price) lo = mid + 1; else hi = mid; }
    }
    return lo;
  }
  set(price, total) {
    if (total === 0) {
      if (this.amounts.delete(price)) this.prices.splice(this.find(price), 1);
    } else {
      if (!this.amounts.has(price)) this.prices.splice(this.find(price), 0, price);
      this.amounts.set(price, total);
    }
  }
  replace(entries) {
    this.amounts = new Map();
    for (const e of entries) {
      const amount = Number(e.amount_int);
      if (amount > 0) this.amounts.set(Number(e.price_int), amount);
    }
    this.prices = [...this.amounts.keys()].sort(this.ask ? (x, y) => y - x : (x, y) => x - y);
  }
  /** Best first: [[price, amount]]. */
  levels() {
    const out = [];
    for (let i = this.prices.length - 1; i >= 0; i--) out.push([this.prices[i], this.amounts.get(this.prices[i])]);
    return out;
  }
}

export class JsMarket {
  constructor(currency = 'USD', tapeCapacity = 1000) {
    this.currency = currency;
    this.asks = new Side(true);
    this.bids = new Side(false);
    this.ticker = null;
    this.tickerNow = -1;
    this.tape = [];
    this.tapeCapacity = tapeCapacity;
    this.rejected = 0;
  }

  ingest(text) {
    let m;
    try {
      m = JSON.parse(text);
    } catch {
      this.rejected++;
      return;
    }
    if (m.op === 'private') {
      switch (m.private) {
        case 'depth': {
          const d = m.depth;
          if (d.currency !== this.currency) return;
          const side = d.type_str === 'ask' ? this.asks : this.bids;
          side.set(Number(d.price_int), Number(d.total_volume_int));
          return;
        }
        case 'ticker': {
          const t = m.ticker;
          const cur = t.last && t.last.currency;
          if (cur && cur !== this.currency) return;
          const now = Number(t.now);
          if (now < this.tickerNow) return;
          this.tickerNow = now;
          const out = {};
          for (const f of TICKER_FIELDS) out[f] = t[f] ? t[f].value_int : null;
          this.ticker = out;
          return;
        }
        case 'trade': {
          const t = m.trade;
          if (t.price_currency !== this.currency) return;
          this.addTrade({ tid: Number(t.tid), price: Number(t.price_int), amount: Number(t.amount_int), type: t.trade_type });
          return;
        }
        default:
          return;
      }
    }
    const body = m.return || m.data;
    if (m.result === 'success' && body && Array.isArray(body.asks) && Array.isArray(body.bids)) {
      this.asks.replace(body.asks);
      this.bids.replace(body.bids);
    }
  }

  addTrade(t) {
    const tape = this.tape;
    const n = tape.length;
    if (n === 0 || tape[n - 1].tid < t.tid) {
      tape.push(t);
    } else {
      let lo = 0;
      let hi = n;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (tape[mid].tid < t.tid) lo = mid + 1; else hi = mid; }
      if (lo < n && tape[lo].tid === t.tid) return;
      tape.splice(lo, 0, t);
    }
    if (tape.length > this.tapeCapacity) tape.shift();
  }
}
