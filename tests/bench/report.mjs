// Writes the generated parts of BENCHMARKS.md from OUT/results/*.json: the text between
// `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is replaced, everything else is kept. A
// section whose results are missing is left as it is.
//
//   node tests/bench/report.mjs --out BENCHMARKS.md         (in place)
//   node tests/bench/report.mjs --out target/bench-smoke/BENCHMARKS.md   (a copy; the smoke)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, readResult, median, arg } from './lib.mjs';

const outFile = resolve(ROOT, arg('out', 'BENCHMARKS.md'));
const source = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');

// --- formatting ---------------------------------------------------------------------------
const num = (x, d = 2) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(d));
function si(x) {
  if (x == null || Number.isNaN(x)) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e7 ? 1 : 2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e5 ? 0 : 1)} k`;
  return x.toFixed(0);
}
const perSec = (s) => `${si(s.median)}/s`;
const range = (s, f = si) => `${f(s.min)}–${f(s.max)}`;
const ms = (x) => (x == null || Number.isNaN(x) ? '—' : x >= 2000 ? '≥ 2 s' : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const mib = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const pct = (x) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
const yes = (ok) => (ok ? '**met**' : '**missed**');
const loadText = (pairs) => {
  const xs = pairs.flat().map((l) => l[0]);
  return `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
};

function machineLine(r) {
  const m = r.machine;
  return `${m.cpus} vCPUs (${m.cpu}), ${m.memGiB} GiB, ${m.kernel}, ${m.rustc}, Node ${m.node}, ${m.chromium}; ` +
    `commit ${m.commit}${m.dirty ? ' + uncommitted changes in the work tree (others\' work in progress)' : ''}; ${r.when.replace('T', ' ').slice(0, 16)} UTC`;
}

const sections = {};
const targets = [];

// --- native -------------------------------------------------------------------------------
const native = readResult('native');
if (native && !native.smoke) {
  const s = native.summary;
  const run = (id, i) => native.runs[i][id]?.perSecond;
  const ratioRuns = (a, b) => native.runs.map((_, i) => run(a, i) / run(b, i));
  const row = (what, op, a, b, unit = '', extra = '') => {
    const x = s[a];
    const y = b && s[b];
    const rr = y ? ratioRuns(a, b) : null;
    return `| ${what} | ${op} | **${si(x.median)}${unit}/s**${extra} | ${range(x)} | ${y ? `${si(y.median)}${unit}/s` : '—'} | ${y ? range(y) : '—'} | ${y ? `**${num(x.median / y.median)}×**` : '—'} | ${rr ? `${num(Math.min(...rr))}–${num(Math.max(...rr))}` : '—'} |`;
  };
  const fd = (id) => ` (${(1e3 / (s[id].median / 10000)).toFixed(1)} ms/body)`;
  const lines = [
    `**Machine:** ${machineLine(native)}. Load average during the runs: ${loadText(native.load)} (on 2 cores).`,
    '',
    '```sh',
    `# ${native.runs.length} runs of (each ≈ 2.5 min):`,
    'cargo bench -p goxbook-core --bench decode_apply -- --warm-up-time 1 --measurement-time 3 --noplot',
    '```',
    '',
    `Throughput per second (full depth: levels; impact and cross rates: queries). Median of ${native.runs.length} runs, the runs' min–max; ratio = median goxbook ÷ median baseline, and the per-run ratios.`,
    '',
    '| payload | operation | goxbook median | goxbook runs | baseline median | baseline runs | ratio | per-run ratio |',
    '|---|---|---|---|---|---|---|---|',
    row('depth message', 'decode', 'depth/decode/goxbook', 'depth/decode/baseline'),
    row('depth message', 'decode+apply', 'depth/decode_apply/goxbook', 'depth/decode_apply/baseline'),
    row('ticker', 'decode', 'ticker/decode/goxbook', 'ticker/decode/baseline'),
    row('ticker', 'decode+apply', 'ticker/decode_apply/goxbook', 'ticker/decode_apply/baseline'),
    row('trade', 'decode', 'trade/decode/goxbook', 'trade/decode/baseline'),
    row('trade', 'decode+apply', 'trade/decode_apply/goxbook', 'trade/decode_apply/baseline'),
    row('10 000-level full depth', 'decode', 'fulldepth_10k/decode/goxbook', 'fulldepth_10k/decode/baseline', ' levels', fd('fulldepth_10k/decode/goxbook')),
    row('10 000-level full depth', 'decode+apply', 'fulldepth_10k/decode_apply/goxbook', 'fulldepth_10k/decode_apply/baseline', ' levels', fd('fulldepth_10k/decode_apply/goxbook')),
    ...['1', '10', '100', '1000', '10000'].map((b) => row(`market impact, buy ${b} BTC`, '`Book::impact` on 10 000 levels', `impact_10k/goxbook/${b}BTC`, `impact_10k/baseline/${b}BTC`)),
    row('cross rates, 20 currencies', '`Market::cross_rates` (inputs)', 'cross_rates/inputs/goxbook', null),
    row('cross rates, 20 currencies', 'inputs + the 380 rates of the grid', 'cross_rates/grid/goxbook', 'cross_rates/grid/baseline'),
  ];
  const depth = s['depth/decode_apply/goxbook'];
  targets.push(['decode+apply ≥ 2 M depth messages/s on one core (native)', `${si(depth.median)}/s median (${range(depth)})`, yes(depth.median >= 2e6)]);
  sections.native = lines.join('\n');
}

// --- browser ------------------------------------------------------------------------------
const browser = readResult('browser-core');
if (browser) {
  const desc = { depth: 'generated 2013 depth messages (after a 10 000-level full depth)', sim: 'recorded `goxbook serve --sim` stream (USD)' };
  const cell = (x) => `**${si(x.median)}/s** (${range(x)})`;
  const ratio = (x) => `**${num(median(x.runs))}×** (${num(x.min)}–${num(x.max)})`;
  const lines = [
    `**Machine:** ${machineLine(browser)}. Load average: ${loadText([[browser.load.before, browser.load.after]])}.`,
    '',
    '```sh',
    'node tests/bench/gen.mjs depth 100000 target/bench/data/depth.jsonl',
    'node tests/bench/capture.mjs --rate 20000 --secs 5 --out target/bench/data/sim.jsonl',
    `node tests/bench/browser-core.mjs --rounds ${browser.config.rounds} --batch ${browser.config.batch}`,
    '```',
    '',
    `Messages per second; median of ${browser.config.rounds} interleaved rounds (the order rotates every round) after ${browser.config.warmup} warm-up round, the rounds' min–max. Ratios are per round (same round, same page), median and min–max.`,
    '',
    '| stream | messages | (a) core, `ingestLines` of ' + browser.config.batch + ' | (b) core, `ingest` ×N from JS | (c) JS baseline | (p) `JSON.parse` alone | (a) ÷ (c) | (b) ÷ (c) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of browser.results) {
    const mix = Object.entries(r.kinds).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${((100 * n) / r.messages).toFixed(0)} %`).join(', ');
    lines.push(`| ${desc[r.name] || r.name}: ${mix} | ${r.messages} (${(r.bytes / r.messages).toFixed(0)} B each on average) | ${cell(r.rates.a)} | ${cell(r.rates.b)} | ${cell(r.rates.c)} | ${cell(r.rates.p)} | ${ratio(r.ratios.aOverC)} | ${ratio(r.ratios.bOverC)} |`);
  }
  lines.push('');
  for (const r of browser.results) {
    lines.push(`- ${r.name}: ${r.ok ? 'checked after the rounds: (a), (b) and (c) end with the same book' : '**the check failed**:'} (${r.check.levels.bids} bids + ${r.check.levels.asks} asks), ticker and ${r.check.trades}-trade tape${r.ok ? '' : ` ${JSON.stringify(r.check)}`}; ${r.applied} lines applied, ${r.rejected} rejected, ${r.stale} stale.`);
    targets.push([`(a) the core in wasm, batches ≥ 1 M msg/s (${r.name})`, `${si(r.rates.a.median)}/s`, yes(r.rates.a.median >= 1e6)]);
    targets.push([`(b) one message at a time from JS ≥ 0.4 M msg/s (${r.name})`, `${si(r.rates.b.median)}/s`, yes(r.rates.b.median >= 4e5)]);
    targets.push([`(a) ≥ 4× (c) the JS baseline (${r.name})`, `${num(median(r.ratios.aOverC.runs))}× (b ÷ c ${num(median(r.ratios.bOverC.runs))}×)`, yes(median(r.ratios.aOverC.runs) >= 4)]);
  }
  sections.browser = lines.join('\n');
}

// --- widget -------------------------------------------------------------------------------
const widget = readResult('widget');
if (widget && widget.rates.length) {
  const c = widget.config;
  const med = (x, f) => (x.median == null ? '—' : `${f(x.median)} (${f(x.min)}–${f(x.max)})`);
  const lines = [
    `**Machine:** ${machineLine(widget)}. Load average during the runs: ${loadText(widget.rates.flatMap((r) => r.runs.map((x) => x.load)))}.`,
    '',
    '```sh',
    'trunk build --release --offline --dist target/bench/page',
    `node tests/bench/widget-load.mjs --page target/bench/page --rates ${c.rates.join(',')} --runs ${c.runs} --secs ${c.secs} --warmup ${c.warmup} --soak ${c.soak}`,
    '```',
    '',
    `Per rate, ${c.runs} runs of ${c.secs} s (each: a fresh \`goxbook serve --sim --rate R --currencies USD --static target/bench/page\` and a fresh headless Chromium; measured after the widget is live + ${c.warmup} s). Median of the runs (min–max). **Latency** is measured on every USD trade: server→DOM = the time the trades list in the DOM first reflects the trade (it is shown, or pushed out by newer trades in the same frame) − the frame's \`stamp\` (µs wall clock set by the simulator; same machine, same clock); page→DOM = the same end − the WebSocket \`message\` event in the page. **Frames**: requestAnimationFrame intervals; a frame whose work overran 16.7 ms shows as an interval > 25 ms (a missed vsync); dropped frames = the vsyncs missed. LoAF = \`long-animation-frame\` entries (≥ 50 ms). Main thread = CDP \`Performance.getMetrics\` TaskDuration ÷ wall time.`,
    '',
    '| rate (msg/s) | page | received/s | server→DOM p50 | server→DOM p99 | page→DOM p99 | frames > 25 ms (per min) | dropped frames | longest frame interval | LoAF ≥ 50 ms | main thread busy | resyncs |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rowOf = (rate, label, r) => `| ${si(rate)} | ${label} | ${med(r.received, si)} | ${med(r.e2eP50, ms)} | **${ms(r.e2eP99.median)}** (${ms(r.e2eP99.min)}–${ms(r.e2eP99.max)}) | ${med(r.pageP99, ms)} | ${med(r.framesOver, (x) => x.toFixed(1))} | ${med(r.dropped, (x) => x.toFixed(0))} | ${med(r.frameMax, ms)} | ${med(r.loaf, (x) => x.toFixed(0))} (max ${ms(r.loafMax.max)}) | ${med(r.mainThread, (x) => `${(100 * x).toFixed(0)} %`)} | ${r.resyncs ? med(r.resyncs, (x) => x.toFixed(0)) : '—'} |`;
  // Only where the bare page kept up with the offered rate (else there is nothing to compare).
  const ratioOf = (r, k) => (r[k]?.median && r.bare?.[k]?.median && r.bare.received.median >= 0.9 * r.rate
    ? `${num(r[k].median / r.bare[k].median, 1)}×` : '—');
  const label = (name, r, n) => (r.failed ? `${name} (${r.failed} of ${n} runs never live: closed as too slow)` : name);
  for (const r of widget.rates) {
    lines.push(rowOf(r.rate, label('widget', r, r.runs.length), r));
    if (r.bare) lines.push(rowOf(r.rate, label('bare page', r.bare, r.bareRuns.length), r.bare));
  }
  lines.push('', `Widget ÷ bare page, server→DOM p99 (same suite): ${widget.rates.map((r) => `${si(r.rate)}: ${ratioOf(r, 'e2eP99')}`).join(', ')}; main-thread busy: ${widget.rates.map((r) => `${si(r.rate)}: ${ratioOf(r, 'mainThread')}`).join(', ')}. A dash or a received rate below the offered one means the page fell behind; the server then closes it (\`too slow\`, close 1008) and the widget reconnects and resyncs.`);
  const soaks = widget.rates.filter((r) => r.soak && !r.soak.failed);
  if (soaks.length) {
    lines.push('', `**JS heap over ${c.soak} s** (one run per rate; CDP \`Runtime.getHeapUsage\` after a forced GC at the start and the end of the soak, and every ${c.sampleEvery} s without GC; the wasm linear memory is outside the JS heap and is reported beside it; it only grows):`, '',
      '| rate (msg/s) | JS heap after GC, start → end | change | JS heap samples (no GC) min–max | wasm memory at 0, ¼, ½, ¾, end | DOM nodes start → end | snapshots applied | server→DOM p99 over the soak | dropped frames |',
      '|---|---|---|---|---|---|---|---|---|');
    for (const r of soaks) {
      const h = r.soak.heap;
      const js = h.samples.map((x) => x.jsUsed);
      const at = (f) => h.samples[Math.min(h.samples.length - 1, Math.floor(f * h.samples.length))]?.wasm ?? h.last.wasm;
      const wasm = [h.first.wasm, at(0.25), at(0.5), at(0.75), h.last.wasm].map((b) => (b / 2 ** 20).toFixed(1)).join(', ');
      lines.push(`| ${si(r.rate)} | ${mib(h.first.jsUsed)} → ${mib(h.last.jsUsed)} | **${pct(r.heapChange)}** | ${mib(Math.min(...js))}–${mib(Math.max(...js))} | ${wasm} MiB | ${h.first.nodes} → ${h.last.nodes} | ${r.soak.status.syncs} | ${ms(r.soak.e2e.p99)} | ${r.soak.frames.dropped} |`);
    }
  }
  const at = (rate) => widget.rates.find((r) => r.rate === rate);
  if (at(1000)) {
    const r = at(1000);
    targets.push(['widget: p99 message→DOM ≤ 20 ms at 1 000 msg/s, from the message event in the page', `${ms(r.pageP99.median)} (p50 ${ms(r.pageP50.median)}; bare page ${ms(r.bare?.pageP99.median)})`, yes(r.pageP99.median <= 20)]);
    targets.push(['… and from the server\'s stamp (includes delivery and queueing behind the page\'s work)', `${ms(r.e2eP99.median)} (p50 ${ms(r.e2eP50.median)}; bare page ${ms(r.bare?.e2eP99.median)})`, yes(r.e2eP99.median <= 20)]);
  }
  if (at(10000)) {
    const r = at(10000);
    targets.push(['widget: no frame over 16.7 ms at 10 000 msg/s', `${num(r.framesOver.median, 1)} frames/min > 25 ms, ${r.dropped.median} dropped, LoAF ${r.loaf.median}, longest ${ms(r.frameMax.median)}`, yes(r.framesOver.max === 0 && r.loaf.max === 0)]);
  }
  if (soaks.length) {
    const worst = soaks.reduce((w, r) => (Math.abs(r.heapChange) > Math.abs(w.heapChange) ? r : w));
    targets.push([`widget: JS heap flat (±5 %) over ${c.soak} s`, soaks.map((r) => `${si(r.rate)}: ${pct(r.heapChange)}`).join(', '), yes(Math.abs(worst.heapChange) <= 0.05)]);
    const grew = soaks.reduce((w, r) => (r.wasmChange > w.wasmChange ? r : w));
    targets.push([`… and the wasm linear memory (the rest of the widget's heap) over ${c.soak} s`, soaks.map((r) => `${si(r.rate)}: ${pct(r.wasmChange)}`).join(', '), yes(grew.wasmChange <= 0.05)]);
  }
  sections.widget = lines.join('\n');
}

// --- memory -------------------------------------------------------------------------------
const deep = readResult('widget-deep')?.deep ?? widget?.deep;
if ((native && native.memory?.rows.length && !native.smoke) || deep) {
  const lines = [];
  if (native?.memory && !native.smoke) {
    lines.push('```sh', 'cargo run --release -p goxbook-core --example book_memory', '```', '',
      'Allocator net bytes held ÷ live levels (bytes requested from the allocator; counted by a `#[global_allocator]`):', '',
      '| state | live levels | bytes | bytes/level |', '|---|---|---|---|');
    for (const r of native.memory.rows) lines.push(`| ${r.what} | ${r.levels} | ${r.bytes} | ${r.what.startsWith('goxbook') ? `**${r.perLevel}**` : r.perLevel} |`);
    const core = native.memory.rows.filter((r) => r.what.startsWith('goxbook'));
    const worst = Math.max(...core.map((r) => r.perLevel));
    const base = native.memory.rows.filter((r) => r.what.startsWith('baseline'));
    targets.push(['book memory ≤ 32 bytes per level', `${Math.min(...core.map((r) => r.perLevel))}–${worst} (BTreeMap baseline ${Math.min(...base.map((r) => r.perLevel))}–${Math.max(...base.map((r) => r.perLevel))})`, yes(worst <= 32)]);
  }
  if (deep) {
    const d = deep;
    lines.push('', 'The widget\'s whole heap (the standalone page, after it is live and a forced GC; JS heap = CDP `Runtime.getHeapUsage`, wasm = the linear memory of the page\'s wasm, where the core keeps the book):', '',
      '```sh', 'node tests/bench/gen.mjs replay 3000 target/bench/data/deep.jsonl 10   # a 10 000-level full depth, then depth messages at 10/s', '# part of widget-load.mjs: goxbook serve --replay target/bench/data/deep.jsonl --loop, and the simulator for comparison', '```', '',
      '| served book | levels in the served full depth (when measured) | JS heap used | wasm linear memory | total | DOM nodes |', '|---|---|---|---|---|---|');
    for (const [k, v] of [['simulator (`--sim --rate 1000`)', d.sim], ['replay with a 10 000-level full depth', d.deep]]) {
      if (v) lines.push(`| ${k} | ${v.levels} | ${mib(v.jsUsed)} | ${mib(v.wasm)} | **${mib(v.jsUsed + v.wasm)}** | ${v.nodes} |`);
    }
  }
  sections.memory = lines.join('\n');
}

// --- sizes --------------------------------------------------------------------------------
const sizes = readResult('sizes');
if (sizes) {
  const lines = [
    `**Built:** ${machineLine(sizes)}.`, '',
    '```sh', 'node tests/bench/sizes.mjs   # after tests/bench/run has built target/bench/pkg (as web/build does) and target/bench/page (trunk --release)', '```', '',
    '| file | raw | gzip -9 | brotli |', '|---|---|---|---|',
    ...sizes.rows.map((r) => `| ${r.name} (\`${r.files.map((f) => f.replace(/^.*\//, '')).join('`, `')}\`) | ${kb(r.raw)} | **${kb(r.gzip)}** | ${kb(r.brotli)} |`),
    '',
    `Totals (what a page downloads): core only ${kb(sizes.totals.core.gzip)} gzip / ${kb(sizes.totals.core.brotli)} brotli (web/build's budget: ≤ 61.4 KB gzip: ${sizes.totals.core.gzip <= 61440 ? 'within' : `**over by ${kb(sizes.totals.core.gzip - 61440)}**`}); ` +
      `widget from the npm package ${kb(sizes.totals.widget.gzip)} gzip / ${kb(sizes.totals.widget.brotli)} brotli (budget ≤ 153.6 KB gzip: ${sizes.totals.widget.gzip <= 153600 ? 'within' : `**over by ${kb(sizes.totals.widget.gzip - 153600)}**`}); ` +
      `standalone page ${kb(sizes.totals.page.gzip)} gzip / ${kb(sizes.totals.page.brotli)} brotli.`,
  ];
  sections.sizes = lines.join('\n');
}

// --- feed ---------------------------------------------------------------------------------
const feed = readResult('feed');
if (feed && !feed.smoke) {
  const [big, small] = feed.rows;
  const med = (x, f) => `${f(x.median)} (${f(x.min)}–${f(x.max)})`;
  const lines = [
    `**Machine:** ${machineLine(feed)}. Load average: ${loadText(feed.loads)}.`, '',
    '```sh', 'cargo build --release -p goxbook-feed --example load',
    ...feed.rows.map((r) => `./target/release/examples/load --clients ${r.clients} --rate ${r.rate} --secs ${feed.secs}   # ×${r.runs.length}, interleaved`), '```', '',
    `Median of the runs (min–max); ${feed.secs} s measured after 3 s of warm-up; ratio = against the 100-client baseline of the same run.`, '',
    '| clients × msg/s | delivered/s | p50 | p99 | max | closed | RSS start → end (MiB) | p99 ratio |', '|---|---|---|---|---|---|---|---|',
    ...feed.rows.map((r) => `| ${r.clients} × ${r.rate} | ${med(r.total, si)} | ${med(r.p50, ms)} | **${ms(r.p99.median)}** (${ms(r.p99.min)}–${ms(r.p99.max)}) | ${ms(r.max.median)} | ${r.closed} | ${num(r.rssStart.median, 1)} → ${num(r.rssEnd.median, 1)} | ${small ? `${num(r.p99.median / small.p99.median)}×` : '—'} |`),
  ];
  if (big) targets.push(['feed: 1 000 clients × 50 msg/s, p99 ≤ 50 ms (issue 3)', `${ms(big.p99.median)}`, yes(big.p99.median <= 50 && big.closed === 0)]);
  sections.feed = lines.join('\n');
}

// --- targets ------------------------------------------------------------------------------
if (targets.length) {
  sections.targets = ['| target | result (median) | |', '|---|---|---|', ...targets.map((t) => `| ${t.join(' | ')} |`)].join('\n');
}

// --- splice -------------------------------------------------------------------------------
let text = source;
const written = [];
for (const [name, body] of Object.entries(sections)) {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) {
    console.error(`report: BENCHMARKS.md has no ${open} … ${close}; section skipped`);
    continue;
  }
  text = `${text.slice(0, a + open.length)}\n<!-- generated by tests/bench/run: edits here are overwritten -->\n${body}\n${text.slice(b)}`;
  written.push(name);
}
writeFileSync(outFile, text);
console.log(`report: ${written.length ? written.join(', ') : 'no section'} → ${outFile}`);
for (const t of targets) console.log(`  ${t[0]}: ${t[1]} → ${t[2].replace(/\*/g, '')}`);
