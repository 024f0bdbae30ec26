// The widget under load (issue 7): the trunk-built standalone page served by `goxbook serve
// --sim --rate R --currencies USD --static PAGE` (same origin: the page's default feed and
// API), in headless Chromium (tests/widget/harness.mjs's launch code), with
// tests/bench/widget-probe.js injected before the page's scripts. Per rate, `runs` runs of
// `secs` seconds after the widget is live and `warmup` seconds have passed, each in a fresh
// browser and a fresh server; then one soak of `soak` seconds sampling the JS heap (CDP
// Runtime.getHeapUsage), the wasm memory and the DOM nodes every `sample` seconds, with a
// forced GC at its start and end. Also, with `--deep FILE`, the page on a replayed capture
// whose full depth has 10 000 levels: heap, wasm memory and DOM after it is live.
//
//   GOXBOOK_BIN=target/release/goxbook node tests/bench/widget-load.mjs --page target/bench/page \
//     --rates 100,1000,10000,50000 --runs 3 --secs 30 --warmup 5 --soak 300 --deep target/bench/data/deep.jsonl
// Writes OUT/results/widget.json.
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { startFeed, openBrowser, waitStatus, sleep } from '../widget/harness.mjs';
import { ROOT, spread, loadavg, saveResult, arg, serveDirs } from './lib.mjs';

const PAGE = resolve(ROOT, arg('page', 'target/bench/page'));
const rates = arg('rates', '100,1000,10000,50000').split(',').filter(Boolean).map(Number);
const runs = Number(arg('runs', 3));
const secs = Number(arg('secs', 30));
const warmup = Number(arg('warmup', 5));
const soak = Number(arg('soak', 300));
const soakRates = arg('soak-rates', arg('rates', '100,1000,10000,50000')).split(',').filter(Boolean).map(Number);
const sampleEvery = Number(arg('sample', 5));
const deep = arg('deep', null);
const probe = join(ROOT, 'tests', 'bench', 'widget-probe.js');
// `--reduced-motion`: prefers-reduced-motion: reduce (the widget then draws no flashes), for comparison.
const reducedMotion = process.argv.includes('--reduced-motion');
// `--query Q`: the standalone page's query string (e.g. panels=ticker), for A/B runs of the
// widget's options; `--no-bare`: skip the bare-page baseline runs.
const query = arg('query', '');
const withBare = !process.argv.includes('--no-bare');
if (!existsSync(join(PAGE, 'index.html'))) throw new Error(`${PAGE}/index.html is missing: trunk build --release --dist ${PAGE}`);

const mib = (b) => b / 2 ** 20;

// The baseline page (ws.html: the same websocket, no widget) is served from tests/bench/.
const bare = await serveDirs({ '/': join(ROOT, 'tests', 'bench') });

/**
 * A fresh server and browser; the page (`widget`: the standalone page; `bare`: ws.html) live
 * and its trades list watched.
 */
async function open(feedArgs, kind = 'widget', { watch = kind === 'bare' || !/panels=/.test(query) || /panels=[^&]*(trades|all)/.test(query) } = {}) {
  const feed = await startFeed([...feedArgs, '--static', PAGE]);
  const browser = await openBrowser();
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.addInitScript({ path: probe });
  if (reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(kind === 'bare' ? `${bare.url}ws.html?feed=${encodeURIComponent(feed.ws)}` : `http://${feed.addr}/${query ? `?${query}` : ''}`);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const close = async () => { await browser.close(); await feed.stop(); };
  try {
    await waitStatus(page, 'live', 60_000);
    if (watch) await page.waitForFunction(() => window.__gxProbe.watchTrades(), null, { timeout: 60_000, polling: 100 });
  } catch (e) {
    // The page could not follow the stream at all (e.g. closed as too slow before it was live).
    const root = await page.$eval('[data-goxbook]', (el) => ({ status: el.dataset.status, close: el.dataset.close || null }))
      .catch(() => ({}));
    await close();
    throw Object.assign(new Error(`${kind} page never live: ${JSON.stringify(root)}`), { failed: root });
  }
  return { feed, browser, page, cdp, close };
}

async function metrics(cdp) {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

async function heap(s, gc) {
  if (gc) await s.cdp.send('HeapProfiler.collectGarbage');
  const h = await s.cdp.send('Runtime.getHeapUsage');
  const dom = await s.cdp.send('Memory.getDOMCounters');
  const wasm = await s.page.evaluate(() => window.__gxProbe.memories.reduce((n, m) => n + m.buffer.byteLength, 0));
  return { jsUsed: h.usedSize, jsTotal: h.totalSize, wasm, nodes: dom.nodes, listeners: dom.jsEventListeners };
}

/** One measured run at `rate`: latency, frames, main-thread time; heap samples when `soakSecs`. */
async function run(rate, seconds, { sampled = false, kind = 'widget' } = {}) {
  let s;
  try {
    s = await open(['--sim', '--rate', String(rate), '--currencies', 'USD', '--seed', '1'], kind);
  } catch (e) {
    if (!e.failed) throw e;
    return failedRun(kind, rate, e.message);
  }
  try {
    await sleep(warmup * 1000);
    await s.page.evaluate(() => { window.__gxProbe.reset(); window.__gxProbe.watchTrades(); });
    const m0 = await metrics(s.cdp);
    const load0 = loadavg();
    const samples = [];
    let first = null;
    if (sampled) first = await heap(s, true);
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      await sleep(Math.min(sampleEvery * 1000, seconds * 1000 - (Date.now() - t0)));
      if (sampled) samples.push({ t: (Date.now() - t0) / 1000, ...(await heap(s, false)) });
    }
    const summary = await s.page.evaluate(() => window.__gxProbe.summary());
    const m1 = await metrics(s.cdp);
    const last = sampled ? await heap(s, true) : await heap(s, false);
    const status = await s.page.$eval('[data-goxbook]', (e) => ({ status: e.dataset.status, syncs: e.dataset.syncs, close: e.dataset.close }));
    const wall = summary.secs;
    const busy = (k) => (m1[k] - m0[k]) / wall;
    return {
      kind, rate, secs: wall, load: [load0, loadavg()], status, errors: s.page.errors,
      received: summary.messages / wall,
      trades: summary.trades, resolved: summary.resolved, pending: summary.pending, overflowed: summary.overflowed,
      e2e: summary.e2e, page: summary.page, frames: summary.frames, loaf: summary.loaf, clockSkewMs: summary.clockSkewMs,
      mainThread: { task: busy('TaskDuration'), script: busy('ScriptDuration'), layout: busy('LayoutDuration'),
        style: busy('RecalcStyleDuration') },
      heap: { first, last, samples },
    };
  } finally {
    await s.close();
  }
}

/** A run whose page never followed the stream: nothing measured, 0 received. */
function failedRun(kind, rate, why) {
  const none = { p50: null, p99: null, max: null };
  return {
    kind, rate, secs: 0, failed: why, load: [loadavg(), loadavg()], status: { status: 'never live', syncs: '0' }, errors: [],
    received: 0, trades: 0, resolved: 0, pending: 0, overflowed: 0, e2e: none, page: none,
    frames: { count: 0, p50: null, p99: null, max: null, over25: null, dropped: null }, loaf: { count: null, max: null },
    clockSkewMs: null, mainThread: { task: null, script: null, layout: null, style: null }, heap: null,
  };
}

/** The widget with a 10 000-level book: a replayed capture (gen.mjs replay). */
async function deepBook(file) {
  const out = {};
  for (const [name, args] of [['sim', ['--sim', '--rate', '1000', '--currencies', 'USD', '--seed', '1']],
    ['deep', ['--replay', resolve(ROOT, file), '--loop']]]) {
    // The replay has depth messages only: no trades list to watch.
    const s = await open(args, 'widget', { watch: false });
    try {
      await sleep(warmup * 1000);
      const levels = await (await fetch(`${s.feed.api}BTCUSD/fulldepth`)).json();
      const h = await heap(s, true);
      out[name] = { levels: levels.return.asks.length + levels.return.bids.length, ...h };
    } finally {
      await s.close();
    }
  }
  return out;
}

const result = { when: new Date().toISOString(), config: { rates, runs, secs, warmup, soak, soakRates, sampleEvery, reducedMotion, query }, rates: [] };
const summarize = (rows) => ({
  e2eP50: spread(rows.map((r) => r.e2e.p50)), e2eP99: spread(rows.map((r) => r.e2e.p99)),
  pageP50: spread(rows.map((r) => r.page.p50)), pageP99: spread(rows.map((r) => r.page.p99)),
  framesOver: spread(rows.map((r) => (r.secs ? (r.frames.over25 / r.secs) * 60 : null))), // per minute
  dropped: spread(rows.map((r) => r.frames.dropped)),
  frameMax: spread(rows.map((r) => r.frames.max)),
  loaf: spread(rows.map((r) => r.loaf.count)), loafMax: spread(rows.map((r) => r.loaf.max)),
  mainThread: spread(rows.map((r) => r.mainThread.task)),
  received: spread(rows.map((r) => r.received)),
  resyncs: spread(rows.map((r) => (r.failed ? null : Number(r.status.syncs) - 1))),
  failed: rows.filter((r) => r.failed).length,
});
const line = (r) => r.failed ? `FAILED: ${r.failed}` : `received ${r.received.toFixed(0)}/s, trades ${r.resolved}, e2e p50 ${r.e2e.p50?.toFixed(1)} p99 ${r.e2e.p99?.toFixed(1)} ms, page p99 ${r.page.p99?.toFixed(1)} ms, frames p99 ${r.frames.p99?.toFixed(1)} max ${r.frames.max.toFixed(1)} ms, >25 ms ${r.frames.over25}, dropped ${r.frames.dropped}, LoAF ${r.loaf.count} (max ${r.loaf.max.toFixed(0)} ms), main thread ${(100 * r.mainThread.task).toFixed(0)} %, syncs ${r.status.syncs}, load ${r.load[1][0]}${r.errors.length ? `, errors: ${r.errors.join('; ')}` : ''}`;

for (const rate of rates) {
  const rows = [];
  const bareRows = [];
  for (let i = 0; i < runs; i++) {
    if (withBare) {
      const b = await run(rate, secs, { kind: 'bare' });
      bareRows.push(b);
      console.log(`rate ${rate}: run ${i + 1}: bare page: ${line(b)}`);
    }
    const r = await run(rate, secs);
    rows.push(r);
    console.log(`rate ${rate}: run ${i + 1}: widget:    ${line(r)}`);
  }
  const entry = { rate, runs: rows, bareRuns: bareRows, ...summarize(rows), bare: withBare ? summarize(bareRows) : null };
  if (soak > 0 && soakRates.includes(rate)) {
    const r = await run(rate, soak, { sampled: true });
    if (r.failed) {
      entry.soak = r;
      console.log(`rate ${rate}: soak: ${line(r)}`);
      result.rates.push(entry);
      saveResult(arg('name', 'widget'), result);
      continue;
    }
    const a = r.heap.first;
    const b = r.heap.last;
    entry.soak = r;
    entry.heapChange = (b.jsUsed - a.jsUsed) / a.jsUsed;
    entry.wasmChange = (b.wasm - a.wasm) / a.wasm;
    console.log(`rate ${rate}: soak ${soak} s: JS heap after GC ${mib(a.jsUsed).toFixed(2)} → ${mib(b.jsUsed).toFixed(2)} MiB (${(100 * entry.heapChange).toFixed(1)} %), wasm ${mib(a.wasm).toFixed(1)} → ${mib(b.wasm).toFixed(1)} MiB, nodes ${a.nodes} → ${b.nodes}; ${line(r)}`);
  }
  result.rates.push(entry);
  saveResult(arg('name', 'widget'), result); // after every rate: a later failure keeps what was measured
}
if (deep) {
  result.deep = await deepBook(deep);
  for (const [k, v] of Object.entries(result.deep)) {
    console.log(`book ${k}: ${v.levels} levels served; JS heap ${mib(v.jsUsed).toFixed(2)} MiB, wasm memory ${mib(v.wasm).toFixed(1)} MiB, ${v.nodes} DOM nodes`);
  }
}
saveResult(arg('name', 'widget'), result);
await bare.close();
