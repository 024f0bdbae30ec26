// Feed server section (issue 7): the load benchmark of the feed (crates/feed/examples/load.rs),
// briefly: N websocket clients on loopback reading the simulator's stream, latency = receive
// time − the frame's stamp. 1 000 clients and the 100-client baseline, `runs` runs each,
// interleaved.
//
//   node tests/bench/feed.mjs --runs 3 --secs 10        (release build)
//   node tests/bench/feed.mjs --smoke                   (debug build, 20 clients, 1 s)
// Writes OUT/results/feed.json.
import { spawnSync } from 'node:child_process';
import { ROOT, loadavg, saveResult, arg, spread } from './lib.mjs';

const smoke = process.argv.includes('--smoke');
const runs = smoke ? 1 : Number(arg('runs', 3));
const secs = smoke ? 1 : Number(arg('secs', 10));
const configs = smoke ? [{ clients: 20, rate: 50 }] : [{ clients: 1000, rate: 50 }, { clients: 100, rate: 50 }];

function load(clients, rate) {
  const args = ['run', '-q', '--locked', '-p', 'goxbook-feed', '--example', 'load', ...(smoke ? [] : ['--release']), '--',
    '--clients', String(clients), '--rate', String(rate), '--secs', String(secs)];
  const r = spawnSync('cargo', args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`load failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop();
  const kv = Object.fromEntries(line.split(/\s+/).map((x) => x.split('=')).filter((x) => x.length === 2));
  const num = (k) => Number(kv[k]);
  return { clients, rate, secs: num('secs'), perClient: num('per_client_msg_s'), total: num('total_msg_s'),
    p50: num('p50_ms'), p90: num('p90_ms'), p99: num('p99_ms'), max: num('max_ms'), closed: num('closed'),
    rssStart: num('rss_mib_start'), rssMax: num('rss_mib_max'), rssEnd: num('rss_mib_end'), line };
}

const rows = configs.map((c) => ({ ...c, runs: [] }));
const loads = [];
for (let i = 0; i < runs; i++) {
  for (const row of rows) {
    const before = loadavg();
    const r = load(row.clients, row.rate);
    loads.push([before, loadavg()]);
    row.runs.push(r);
    console.log(`feed: ${row.clients} clients × ${row.rate} msg/s: delivered ${r.total.toFixed(0)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, closed ${r.closed}, RSS ${r.rssStart} → ${r.rssEnd} MiB (load ${before[0]})`);
  }
}
for (const row of rows) {
  for (const k of ['perClient', 'total', 'p50', 'p99', 'max', 'rssStart', 'rssEnd']) row[k] = spread(row.runs.map((r) => r[k]));
  row.closed = row.runs.reduce((n, r) => n + r.closed, 0);
}
saveResult('feed', { when: new Date().toISOString(), smoke, secs, loads, rows });
