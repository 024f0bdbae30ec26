// The size budget, on what web/build measured (gzip -9, after wasm-opt and minification): the
// core alone (goxbook/core: wasm + glue) ≤ 60 KB (issue 5); the whole widget (wasm + glue +
// goxbook.js) ≤ 170 KB, issue 12's figure for the default embed (its 150 KB of issue 5 is
// withdrawn there). Over budget fails the run (BENCHMARKS.md, "Embedding: sizes").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const sizes = JSON.parse(readFileSync(new URL('../dist/sizes.json', import.meta.url), 'utf8'));
const KB = 1024;

for (const [name, bytes, budget] of [
  ['the core alone (goxbook/core)', sizes.coreGzip, 60 * KB],
  ['the whole widget (goxbook.js, its glue and wasm)', sizes.widgetGzip, 170 * KB],
]) {
  test(`${name} is at most ${budget / KB} KB gzip (${bytes} B)`, () => {
    assert.ok(bytes <= budget, `over budget: ${bytes} B gzip > ${budget} B`);
  });
}
