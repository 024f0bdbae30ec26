// The browser half of the core benchmark (tests/bench/browser-core.mjs drives it): one page,
// the same streams, the same run, interleaved rounds of
//   (a) batch:   the core in wasm, `market.ingestLines(batch)` (`batch` lines per call);
//   (b) ingest:  the core fed one message at a time from JS, `market.ingest(line)` (the npm
//                API's cost: one crossing and one `Change` object per message);
//   (c) js:      the JavaScript baseline (baseline.mjs: JSON.parse + Map/sorted-array book);
//   (p) parse:   JSON.parse alone, for reference (what any JS decoder pays at least).
// Each stream's first line is an HTTP full depth applied (untimed) before every run. After
// the timed rounds the final books, tickers and tapes of (a), (b) and (c) must be equal.
// With `alt` (another build of the core, e.g. another profile), (A) and (B) are (a) and (b)
// on that build, in the same rounds: a before/after in one page.
import init, { Market } from '/pkg/core/goxbook_core.js';
import { JsMarket } from './baseline.mjs';

const log = (s) => { document.getElementById('log').textContent += `${s}\n`; };
const tick = () => new Promise((r) => setTimeout(r, 0));

function fmtTicks(v, decimals) {
  const neg = v < 0;
  const digits = String(Math.abs(v)).padStart(decimals + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

async function load(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const text = await res.text();
  const lines = text.split('\n').filter((l) => l.length > 0);
  const messages = lines.slice(1);
  return { bytes: messages.reduce((n, m) => n + m.length, 0), snapshot: lines[0], messages };
}

function kinds(messages) {
  const out = {};
  for (const m of messages) {
    const k = /"private":"([a-z_]+)"/.exec(m)?.[1] ?? /"op":"([a-z_.]+)"/.exec(m)?.[1] ?? 'other';
    out[k] = (out[k] || 0) + 1;
  }
  return out;
}

function coreMarket(snapshot, M = Market) {
  const m = new M({ defaultCurrency: 'USD', tapeCapacity: 1000 });
  m.ingest(snapshot);
  return m;
}

let AltMarket = null;

const runs = {
  a(s, M = Market) {
    const m = coreMarket(s.snapshot, M);
    let applied = 0;
    let rejected = 0;
    const t0 = performance.now();
    for (const chunk of s.batches) {
      const r = m.ingestLines(chunk);
      applied += r.applied;
      rejected += r.rejected;
    }
    const ms = performance.now() - t0;
    return { ms, state: m, applied, rejected };
  },
  b(s, M = Market) {
    const m = coreMarket(s.snapshot, M);
    let stale = 0;
    const t0 = performance.now();
    for (const line of s.messages) {
      if (m.ingest(line).stale) stale++;
    }
    const ms = performance.now() - t0;
    return { ms, state: m, stale };
  },
  c(s) {
    const j = new JsMarket('USD', 1000);
    j.ingest(s.snapshot);
    const t0 = performance.now();
    for (const line of s.messages) j.ingest(line);
    const ms = performance.now() - t0;
    return { ms, state: j, rejected: j.rejected };
  },
  A: (s) => runs.a(s, AltMarket),
  B: (s) => runs.b(s, AltMarket),
  p(s) {
    let sink = 0;
    const t0 = performance.now();
    for (const line of s.messages) sink += JSON.parse(line).op.length;
    const ms = performance.now() - t0;
    return { ms, state: null, sink };
  },
};

function coreView(m) {
  const book = m.book('USD');
  const t = m.ticker('USD');
  return {
    bids: book.bids.map((l) => `${l.price} ${l.amount}`),
    asks: book.asks.map((l) => `${l.price} ${l.amount}`),
    ticker: t && { last: t.last, buy: t.buy, sell: t.sell, high: t.high, low: t.low, vol: t.vol, vwap: t.vwap, avg: t.avg },
    tids: m.trades('USD', 1000).map((x) => x.tid),
  };
}

function jsView(j) {
  const lv = (side) => side.levels().map(([p, a]) => `${fmtTicks(p, 5)} ${fmtTicks(a, 8)}`);
  const t = j.ticker;
  const f = (v, d) => (v == null ? null : fmtTicks(Number(v), d));
  return {
    bids: lv(j.bids),
    asks: lv(j.asks),
    ticker: t && { last: f(t.last, 5), buy: f(t.buy, 5), sell: f(t.sell, 5), high: f(t.high, 5), low: f(t.low, 5),
      vol: f(t.vol, 8), vwap: f(t.vwap, 5), avg: f(t.avg, 5) },
    tids: j.tape.map((x) => String(x.tid)).reverse(),
  };
}

function diff(x, y) {
  for (const k of ['bids', 'asks', 'tids']) {
    if (x[k].length !== y[k].length) return `${k}: ${x[k].length} vs ${y[k].length} entries`;
    for (let i = 0; i < x[k].length; i++) if (x[k][i] !== y[k][i]) return `${k}[${i}]: ${x[k][i]} vs ${y[k][i]}`;
  }
  if (JSON.stringify(x.ticker) !== JSON.stringify(y.ticker)) return `ticker: ${JSON.stringify(x.ticker)} vs ${JSON.stringify(y.ticker)}`;
  return null;
}

/**
 * config: { streams: [{ name, url }], rounds, batch, warmup }
 * Returns per stream: messages, bytes, kinds, per-round times (ms) of a, b, c, p, and the check.
 */
window.goxbookBench = async (config) => {
  const { rounds = 5, batch = 1000, warmup = 1, alt = null } = config;
  const order = config.order || (alt ? ['a', 'b', 'A', 'B', 'c', 'p'] : ['a', 'b', 'c', 'p']);
  if (alt && !AltMarket) {
    const mod = await import(alt);
    await mod.default();
    AltMarket = mod.Market;
  }
  const out = [];
  for (const spec of config.streams) {
    const s = await load(spec.url);
    s.batches = [];
    for (let i = 0; i < s.messages.length; i += batch) s.batches.push(s.messages.slice(i, i + batch).join('\n'));
    const result = { name: spec.name, messages: s.messages.length, bytes: s.bytes, kinds: kinds(s.messages), batch, rounds: [] };
    log(`${spec.name}: ${s.messages.length} messages`);
    for (let w = 0; w < warmup; w++) {
      for (const k of order) {
        const r = runs[k](s);
        r.state?.free?.();
        await tick();
      }
    }
    const last = {};
    for (let round = 0; round < rounds; round++) {
      const row = {};
      // Rotate the order every round so that none always runs first (GC, tiering, heat).
      for (let i = 0; i < order.length; i++) {
        const k = order[(i + round) % order.length];
        const r = runs[k](s);
        row[k] = r.ms;
        if (k === 'a' || k === 'A') { row.applied = r.applied; row.rejected = (row.rejected || 0) + r.rejected; }
        if (k === 'b') row.stale = r.stale;
        if (k === 'c') row.jsRejected = r.rejected;
        if (last[k]?.free) last[k].free();
        last[k] = r.state;
        await tick();
      }
      result.rounds.push(row);
      log(`  round ${round + 1}: ${order.map((k) => `${k} ${row[k].toFixed(1)} ms`).join(', ')}`);
    }
    if (last.a && last.b && last.c) {
      const va = coreView(last.a);
      const vb = coreView(last.b);
      const vc = jsView(last.c);
      result.check = {
        levels: { bids: va.bids.length, asks: va.asks.length },
        trades: va.tids.length,
        ticker: va.ticker !== null,
        batchVsIngest: diff(va, vb),
        coreVsJs: diff(va, vc),
      };
      if (last.A) {
        result.check.altVsCore = diff(coreView(last.A), va);
        last.A.free();
        last.B.free();
      }
    }
    last.a?.free();
    last.b?.free();
    out.push(result);
  }
  return out;
};

await init();
window.goxbookReady = true;
log('ready');
