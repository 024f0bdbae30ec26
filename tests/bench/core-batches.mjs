// Node A/B of core-only builds on a stream (no browser): each build ingests the whole stream in
// batches of 1 000 (`ingestLines`), 15 passes interleaved, best pass reported (the least
// disturbed by other load on the machine).
//   node tests/bench/core-batches.mjs STREAM.jsonl DIR…   (each DIR holds core/goxbook_core.js)
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [stream, ...dirs] = process.argv.slice(2);
if (!stream || !dirs.length) throw new Error('usage: node tests/bench/core-batches.mjs STREAM.jsonl DIR…');
async function load(dir) {
  const core = resolve(dir, 'core');
  const m = await import(`${core}/goxbook_core.js`);
  await m.default({ module_or_path: await readFile(`${core}/goxbook_core_bg.wasm`) });
  return m;
}
const mods = await Promise.all(dirs.map(load));
const lines = readFileSync(stream, 'utf8').split('\n').filter(Boolean);
const batches = [];
for (let i = 0; i < lines.length; i += 1000) batches.push(lines.slice(i, i + 1000).join('\n'));
const best = mods.map(() => Infinity);
for (let pass = 0; pass < 15; pass++) {
  mods.forEach((m, k) => {
    const market = new m.Market();
    const t0 = performance.now();
    for (const b of batches) market.ingestLines(b);
    best[k] = Math.min(best[k], performance.now() - t0);
    market.free();
  });
}
dirs.forEach((d, k) => console.log(`${d}: ${(lines.length / best[k]).toFixed(0)} k msg/s (best of 15)`));
