// Native section (issue 7): runs the core's criterion benchmark (crates/core/benches/
// decode_apply.rs) `runs` times, each into a criterion folder of its own, and collects every
// benchmark's point estimate (criterion's "time": the slope for linearly sampled benchmarks,
// else the mean) as throughput; then the book memory probe (crates/core/examples/book_memory.rs).
//
//   node tests/bench/native.mjs --runs 3 [--measurement 3] [--warmup 1]
//   node tests/bench/native.mjs --smoke       (GOXBOOK_BENCH_SMOKE=1: small streams, `cargo test
//                                              --bench`: every benchmark once, unoptimized)
// Writes OUT/results/native.json.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OUT, ROOT, loadavg, saveResult, arg, spread } from './lib.mjs';

const smoke = process.argv.includes('--smoke');
const runs = Number(arg('runs', 3));
const measurement = arg('measurement', '3');
const warmup = arg('warmup', '1');

function cargo(args, env = {}) {
  const r = spawnSync('cargo', args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(r.stdout || '');
    process.stderr.write(r.stderr || '');
    throw new Error(`cargo ${args.join(' ')} failed (${r.status})`);
  }
  return r.stdout;
}

/** Every `new/benchmark.json` under `dir`: { id: { ns, elements, perSecond } }. */
function collect(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (!statSync(p).isDirectory()) continue;
      if (name === 'new' && existsSync(join(p, 'benchmark.json'))) {
        const b = JSON.parse(readFileSync(join(p, 'benchmark.json'), 'utf8'));
        const e = JSON.parse(readFileSync(join(p, 'estimates.json'), 'utf8'));
        const ns = (e.slope || e.mean).point_estimate;
        const elements = b.throughput?.Elements ?? 1;
        out[b.full_id] = { ns, elements, perSecond: (elements * 1e9) / ns };
      } else if (name !== 'base' && name !== 'change' && name !== 'report') {
        walk(p);
      }
    }
  };
  walk(dir);
  return out;
}

function memory(release) {
  const args = ['run', '-q', '--locked', '-p', 'goxbook-core', '--example', 'book_memory', ...(release ? ['--release'] : [])];
  const text = cargo(args);
  const rows = [];
  for (const line of text.split('\n')) {
    const m = /^(.*?)\s+(\d+) live levels\s+(-?\d+) bytes in\s+(-?\d+) blocks\s+([\d.]+) bytes\/level/.exec(line);
    if (m) rows.push({ what: m[1].trim(), levels: Number(m[2]), bytes: Number(m[3]), blocks: Number(m[4]), perLevel: Number(m[5]) });
  }
  return { rows, text };
}

const result = { when: new Date().toISOString(), smoke, runs: [], load: [] };
if (smoke) {
  const home = join(OUT, 'criterion-smoke');
  rmSync(home, { recursive: true, force: true });
  const text = cargo(['test', '-q', '--locked', '-p', 'goxbook-core', '--bench', 'decode_apply'],
    { GOXBOOK_BENCH_SMOKE: '1', CRITERION_HOME: home });
  const tested = (text.match(/^Testing /gm) || []).length;
  if (tested < 20 || /FAILED|panicked/.test(text)) throw new Error(`criterion smoke: ${tested} benchmarks tested\n${text}`);
  result.tested = tested;
  console.log(`native: ${tested} criterion benchmarks ran once (GOXBOOK_BENCH_SMOKE=1, cargo test --bench)`);
} else {
  for (let i = 0; i < runs; i++) {
    const home = join(OUT, 'criterion', `run-${i + 1}`);
    rmSync(home, { recursive: true, force: true });
    const before = loadavg();
    cargo(['bench', '-q', '--locked', '-p', 'goxbook-core', '--bench', 'decode_apply', '--',
      '--warm-up-time', warmup, '--measurement-time', measurement, '--noplot'], { CRITERION_HOME: home });
    result.load.push([before, loadavg()]);
    result.runs.push(collect(home));
    const d = result.runs[i]['depth/decode_apply/goxbook'];
    console.log(`native run ${i + 1}: depth decode+apply ${(d.perSecond / 1e6).toFixed(2)} M msg/s (load ${before[0]} → ${loadavg()[0]})`);
  }
  const ids = Object.keys(result.runs[0]);
  result.summary = Object.fromEntries(ids.map((id) => [id, spread(result.runs.map((r) => r[id]?.perSecond).filter(Boolean))]));
}
result.memory = memory(!smoke);
for (const r of result.memory.rows) console.log(`memory: ${r.what}: ${r.perLevel} bytes/level (${r.levels} levels)`);
saveResult('native', result);
