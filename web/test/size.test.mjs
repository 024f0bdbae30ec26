// The size budget of issue 5, on what web/build measured (gzip -9, after wasm-opt): the core
// alone (goxbook/core: wasm + glue) ≤ 60 KB; the whole widget (wasm + glue + goxbook.js) ≤ 150 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const sizes = JSON.parse(readFileSync(new URL('../dist/sizes.json', import.meta.url), 'utf8'));

test('the core alone is at most 60 KB gzip', () => {
  assert.ok(sizes.coreGzip <= 60 * 1024, `${sizes.coreGzip} B`);
});

test('the whole widget is at most 150 KB gzip', () => {
  assert.ok(sizes.widgetGzip <= 150 * 1024, `${sizes.widgetGzip} B`);
});
