// The core alone (the npm package's core-only build, in Node) fed a long capture: the wasm
// linear memory and the book's size every 1/8 of the way. Separates the core's memory from
// the widget's when the widget's wasm memory grows under load.
//
//   GOXBOOK_BIN=target/release/goxbook node tests/bench/capture.mjs --rate 5000 --secs 40 --out target/bench/data/sim-long.jsonl
//   node tests/bench/core-memory.mjs [--pkg target/bench/pkg] [--capture target/bench/data/sim-long.jsonl]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT, ROOT, arg } from './lib.mjs';

const pkg = resolve(ROOT, arg('pkg', join(OUT, 'pkg')));
const capture = resolve(ROOT, arg('capture', join(OUT, 'data', 'sim-long.jsonl')));
const { default: init, Market } = await import(pathToFileURL(join(pkg, 'core', 'goxbook_core.js')).href);
const wasm = await init({ module_or_path: readFileSync(join(pkg, 'core', 'goxbook_core_bg.wasm')) });
const lines = readFileSync(capture, 'utf8').split('\n').filter(Boolean);
const market = new Market({ defaultCurrency: 'USD' });
market.ingest(lines[0]);
const mib = () => (wasm.memory.buffer.byteLength / 2 ** 20).toFixed(2);
console.log(`after the snapshot: wasm memory ${mib()} MiB`);
const step = Math.max(1, Math.floor((lines.length - 1) / 8));
for (let i = 1; i < lines.length; i++) {
  market.ingest(lines[i]);
  if (i % step === 0 || i === lines.length - 1) {
    const b = market.book('USD');
    console.log(`${i} messages: wasm memory ${mib()} MiB, ${b.bids.length + b.asks.length} levels, ${market.trades('USD', 1e6).length} trades on the tape`);
  }
}
