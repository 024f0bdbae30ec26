// Minifies the JavaScript a page downloads (wasm-bindgen's glue, goxbook.js) in place, with
// rolldown's minifier (oxc; npm devDependency, pinned). web/build calls it.
//   node web/minify.mjs FILE.js…   (goxbook.js is a classic script; the others are modules)
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { minifySync } from 'rolldown/utils';

for (const file of process.argv.slice(2)) {
  const code = readFileSync(file, 'utf8');
  const out = minifySync(file, code, { compress: true, mangle: true, module: basename(file) !== 'goxbook.js' });
  if (out.errors?.length) throw new Error(`${file}: ${out.errors.map((e) => e.message).join('; ')}`);
  writeFileSync(file, out.code);
}
