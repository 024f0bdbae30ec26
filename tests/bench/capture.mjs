// Records the simulator's stream for the browser benchmark: `goxbook serve --sim --rate R
// --currencies USD` on a loopback port of its own, `goxbook record` for S seconds, then keeps
// the capture's full depth (line 1) and every frame after it, minus the depth messages that
// the snapshot already contains (`now` ≤ the snapshot's newest stamp: stale to the core, and
// a JS client applying totals blindly would go wrong on them). `_t` and `_currency` are
// removed: the lines are the wire frames.
//
//   GOXBOOK_BIN=target/release/goxbook node tests/bench/capture.mjs --rate 20000 --secs 3 --out target/bench/data/sim.jsonl
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { startFeed, GOXBOOK } from '../widget/harness.mjs';
import { arg } from './lib.mjs';

const rate = Number(arg('rate', 20000));
const secs = Number(arg('secs', 3));
const seed = Number(arg('seed', 7));
const out = arg('out');
if (!out) throw new Error('--out FILE is required');

const feed = await startFeed(['--sim', '--rate', String(rate), '--currencies', 'USD', '--seed', String(seed)]);
const raw = `${out}.raw`;
try {
  await new Promise((resolve, reject) => {
    const p = spawn(GOXBOOK, ['record', `${feed.ws}?Currency=USD`, '--duration', String(secs), '--out', raw], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`goxbook record exited with ${code}`))));
  });
} finally {
  await feed.stop();
}

const lines = readFileSync(raw, 'utf8').split('\n').filter(Boolean);
rmSync(raw);
const strip = (l) => l.replace(/,"_currency":"[A-Z]+"/, '').replace(/,"_t":\d+\}$/, '}');
const snapshot = strip(lines[0]);
if (!snapshot.startsWith('{"result":"success"')) throw new Error('the capture does not start with a full depth');
let newest = 0n;
for (const m of snapshot.matchAll(/"stamp":"(\d+)"/g)) if (BigInt(m[1]) > newest) newest = BigInt(m[1]);
const kept = [snapshot];
let dropped = 0;
for (const l of lines.slice(1)) {
  const now = /"private":"depth".*?"now":"(\d+)"/.exec(l);
  if (now && BigInt(now[1]) <= newest) { dropped++; continue; }
  kept.push(strip(l));
}
writeFileSync(out, `${kept.join('\n')}\n`);
console.error(`capture: ${kept.length - 1} frames after the snapshot (${dropped} depth messages older than it dropped) → ${out}`);
