// Bundle sizes (issue 7): raw, gzip -9 (the gzip program, as web/build measures) and brotli
// (node's zlib.brotliCompressSync, quality 11) of what a page downloads:
//   - core only: the npm package's goxbook/core (wasm + wasm-bindgen glue), built by
//     tests/bench/run exactly as web/build builds it (profile.wasm, wasm-bindgen --target web,
//     wasm-opt -Oz) into OUT/pkg/core;
//   - the widget of the npm package (OUT/pkg/widget, same steps) and the script tag
//     (web/dist/goxbook/goxbook.js, when web/build has been run);
//   - the standalone page (trunk build --release, data-wasm-opt="z"): wasm + glue JS.
// Writes OUT/results/sizes.json.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync } from 'node:zlib';
import { OUT, ROOT, saveResult, arg } from './lib.mjs';

const PAGE = resolve(ROOT, arg('page', join(OUT, 'page')));

function measure(files) {
  const data = Buffer.concat(files.map((f) => readFileSync(f)));
  const gzip = files.reduce((n, f) => n + execFileSync('gzip', ['-9c', f], { maxBuffer: 1 << 28 }).length, 0);
  const brotli = files.reduce((n, f) => n + brotliCompressSync(readFileSync(f)).length, 0);
  return { files: files.map((f) => f.replace(`${ROOT}/`, '')), raw: data.length, gzip, brotli };
}

const rows = [];
const add = (name, kind, files) => {
  if (files.length && files.every((f) => existsSync(f))) rows.push({ name, kind, ...measure(files) });
};
add('core only: wasm', 'wasm', [join(OUT, 'pkg/core/goxbook_core_bg.wasm')]);
add('core only: glue JS', 'js', [join(OUT, 'pkg/core/goxbook_core.js')]);
add('widget (npm): wasm', 'wasm', [join(OUT, 'pkg/widget/goxbook_widget_bg.wasm')]);
add('widget (npm): glue JS', 'js', [join(OUT, 'pkg/widget/goxbook_widget.js')]);
add('widget (npm): script tag goxbook.js', 'js', [join(ROOT, 'web/dist/goxbook/goxbook.js')]);
if (existsSync(PAGE)) {
  const files = readdirSync(PAGE);
  add('standalone page: wasm', 'wasm', files.filter((f) => f.endsWith('.wasm')).map((f) => join(PAGE, f)));
  add('standalone page: glue JS', 'js', files.filter((f) => f.endsWith('.js')).map((f) => join(PAGE, f)));
}
const sum = (names) => {
  const picked = rows.filter((r) => names.includes(r.name));
  return { raw: picked.reduce((n, r) => n + r.raw, 0), gzip: picked.reduce((n, r) => n + r.gzip, 0), brotli: picked.reduce((n, r) => n + r.brotli, 0) };
};
const totals = {
  core: sum(['core only: wasm', 'core only: glue JS']),
  widget: sum(['widget (npm): wasm', 'widget (npm): glue JS', 'widget (npm): script tag goxbook.js']),
  page: sum(['standalone page: wasm', 'standalone page: glue JS']),
};
saveResult('sizes', { when: new Date().toISOString(), rows, totals });
for (const r of rows) console.log(`${r.name.padEnd(40)} ${String(r.raw).padStart(8)} B  gzip -9 ${String(r.gzip).padStart(7)} B  brotli ${String(r.brotli).padStart(7)} B`);
