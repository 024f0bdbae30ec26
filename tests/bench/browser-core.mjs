// Browser benchmark of the core (issue 7): headless Chromium (Debian's, through playwright-core
// and tests/widget/harness.mjs's launch code), one page (core.html + core.mjs), the same
// streams and the same run for (a) the wasm core fed batches, (b) the wasm core fed one
// message at a time from JS, (c) the JavaScript baseline, (p) JSON.parse alone.
//
//   node tests/bench/browser-core.mjs --streams depth,sim --rounds 7 --batch 1000
// Reads OUT/pkg/core (the npm package's core-only build) and OUT/data/<stream>.jsonl; writes
// OUT/results/browser-core.json.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { openBrowser } from '../widget/harness.mjs';
import { OUT, ROOT, serveDirs, spread, median, loadavg, saveResult, arg } from './lib.mjs';

const streams = arg('streams', 'depth,sim').split(',');
const rounds = Number(arg('rounds', 7));
const batch = Number(arg('batch', 1000));
const warmup = Number(arg('warmup', 1));
// Another build of the core (e.g. another profile) to compare: a folder holding core/.
const pkg = arg('pkg', join(OUT, 'pkg'));
const resultName = arg('name', 'browser-core');
// `--alt DIR`: a second build (DIR/core/…) measured as (A) ingestLines and (B) ingest in the same rounds.
const alt = arg('alt', null);

for (const s of streams) {
  if (!existsSync(join(OUT, 'data', `${s}.jsonl`))) throw new Error(`missing ${OUT}/data/${s}.jsonl`);
}
if (!existsSync(join(pkg, 'core', 'goxbook_core_bg.wasm'))) throw new Error(`missing ${pkg}/core: run tests/bench/run`);

const stat = await serveDirs({ '/': join(ROOT, 'tests', 'bench'), '/pkg/': pkg, '/data/': join(OUT, 'data'),
  ...(alt ? { '/alt/': alt } : {}) });
const browser = await openBrowser();
const load = { before: loadavg() };
let raw;
try {
  const page = await browser.page(`${stat.url}core.html`);
  page.on('console', (m) => { if (m.type() === 'error') console.error(`page: ${m.text()}`); });
  await page.waitForFunction(() => window.goxbookReady === true, null, { timeout: 60_000 });
  raw = await page.evaluate(
    (cfg) => window.goxbookBench(cfg),
    { streams: streams.map((name) => ({ name, url: `/data/${name}.jsonl` })), rounds, batch, warmup, alt: alt && '/alt/core/goxbook_core.js' },
  );
  if (page.errors.length) throw new Error(`page errors: ${page.errors.join('; ')}`);
} finally {
  await browser.close();
  await stat.close();
}
load.after = loadavg();

const results = raw.map((r) => {
  const rate = (k) => r.rounds.map((row) => r.messages / (row[k] / 1000));
  const ratio = (x, y) => r.rounds.map((row) => row[y] / row[x]);
  const out = {
    name: r.name,
    messages: r.messages,
    bytes: r.bytes,
    kinds: r.kinds,
    batch: r.batch,
    rounds: r.rounds.length,
    rates: { a: spread(rate('a')), b: spread(rate('b')), c: spread(rate('c')), p: spread(rate('p')),
      ...(alt ? { A: spread(rate('A')), B: spread(rate('B')) } : {}) },
    // Per-round ratios of throughput (time of y ÷ time of x, the same round).
    ratios: { aOverC: spread(ratio('a', 'c')), bOverC: spread(ratio('b', 'c')), aOverB: spread(ratio('a', 'b')),
      pOverC: spread(ratio('p', 'c')),
      ...(alt ? { AOverA: spread(ratio('A', 'a')), BOverB: spread(ratio('B', 'b')), AOverC: spread(ratio('A', 'c')) } : {}) },
    applied: r.rounds[0].applied,
    rejected: r.rounds[0].rejected,
    stale: r.rounds[0].stale,
    check: r.check,
  };
  out.ok = !r.check.batchVsIngest && !r.check.coreVsJs && !r.check.altVsCore && r.rounds.every((row) => row.rejected === 0);
  return out;
});
saveResult(resultName, { when: new Date().toISOString(), load, config: { rounds, batch, warmup, alt: alt && '/alt/core/goxbook_core.js' }, results });

const k = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);
for (const r of results) {
  console.log(`${r.name}: ${r.messages} messages ${JSON.stringify(r.kinds)}`);
  for (const [key, label] of [['a', '(a) wasm ingestLines'], ['b', '(b) wasm ingest ×N'], ['A', '(A) alt ingestLines'], ['B', '(B) alt ingest ×N'], ['c', '(c) JS baseline'], ['p', '(p) JSON.parse only']]) {
    const s = r.rates[key];
    if (!s) continue;
    console.log(`  ${label.padEnd(22)} ${k(s.median)}msg/s  (${k(s.min)}–${k(s.max)})`);
  }
  if (alt) console.log(`  A/a ${median(r.ratios.AOverA.runs).toFixed(2)}×  B/b ${median(r.ratios.BOverB.runs).toFixed(2)}×  A/c ${median(r.ratios.AOverC.runs).toFixed(2)}×`);
  console.log(`  a/c ${median(r.ratios.aOverC.runs).toFixed(2)}×  b/c ${median(r.ratios.bOverC.runs).toFixed(2)}×  check: ${r.ok ? 'books, tickers and tapes equal' : JSON.stringify(r.check)}`);
}
if (results.some((r) => !r.ok)) {
  console.error('browser-core: the core and the baseline disagree (or lines were rejected)');
  process.exit(1);
}
