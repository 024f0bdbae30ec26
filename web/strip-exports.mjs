// Removes exports from a wasm module in place, so that wasm-opt can drop the code only they
// reached; and, given wasm-bindgen's glue (.js, .d.ts), the classes that bound them. web/build
// runs it on the widget's wasm and glue after wasm-bindgen and before wasm-opt.
//   node web/strip-exports.mjs FILE.wasm PREFIX...   (exports whose name starts with a PREFIX)
//   node web/strip-exports.mjs FILE.js PREFIX...     (classes whose lower-cased name does)
// Why: the `leptos` crate always builds server_fn's browser client, whose wasm-streams
// dependency exports JS classes (`IntoUnderlyingSource` …) that wasm-bindgen keeps and the
// widget never uses (server functions are not used), and leptos marks the module for code
// splitting (`_WASM_SPLIT_MARKER_…`), which trunk does not do. Their glue stays in the JS,
// unreachable: nothing calls it, and it only touches the wasm when called.
import { readFileSync, writeFileSync } from 'node:fs';

const [file, ...prefixes] = process.argv.slice(2);
if (!file || prefixes.length === 0) throw new Error('usage: node web/strip-exports.mjs FILE.wasm PREFIX...');
if (file.endsWith('.js') || file.endsWith('.d.ts')) {
  // wasm-bindgen writes each class as `export class Name {` … `}` (the brace at column 0), then
  // `if (Symbol.dispose) Name.prototype…` and, further down, `const NameFinalization = …;`.
  const gone = (name) => prefixes.some((p) => name.toLowerCase().startsWith(p));
  const lines = readFileSync(file, 'utf8').split('\n');
  const out = [];
  let skipping = null; // 'class' until a line `}`, 'const' until a line ending in `;`
  let removed = 0;
  for (const line of lines) {
    if (skipping === 'class') {
      if (line === '}') skipping = null;
      continue;
    }
    if (skipping === 'const') {
      if (line.trimEnd().endsWith(';')) skipping = null;
      continue;
    }
    let m = /^export (?:declare )?class (\w+)/.exec(line);
    if (m && gone(m[1])) {
      removed++;
      skipping = line.trimEnd().endsWith('}') ? null : 'class';
      continue;
    }
    m = /^if \(Symbol\.dispose\) (\w+)\.prototype/.exec(line);
    if (m && gone(m[1])) continue;
    m = /^const (\w+)Finalization = /.exec(line);
    if (m && gone(m[1])) {
      skipping = line.trimEnd().endsWith(';') ? null : 'const';
      continue;
    }
    out.push(line);
  }
  writeFileSync(file, out.join('\n'));
  console.error(`web/strip-exports.mjs: ${removed} class(es) removed from ${file}`);
  process.exit(0);
}

const wasm = readFileSync(file);

function leb(buf, at) {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = buf[i++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, i];
  }
}

function encode(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file}: not a wasm module`);
const parts = [wasm.subarray(0, 8)];
let removed = 0;
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = leb(wasm, at + 1);
  const end = start + size;
  if (id !== 7) {
    parts.push(wasm.subarray(at, end));
  } else {
    let [count, i] = leb(wasm, start);
    const kept = [];
    while (count-- > 0) {
      const entry = i;
      const [len, name] = leb(wasm, i);
      const text = wasm.subarray(name, name + len).toString('utf8');
      i = name + len + 1; // kind
      [, i] = leb(wasm, i); // index
      if (prefixes.some((p) => text.startsWith(p))) removed++;
      else kept.push(wasm.subarray(entry, i));
    }
    const body = Buffer.concat([encode(kept.length), ...kept]);
    parts.push(Buffer.from([7]), encode(body.length), body);
  }
  at = end;
}
writeFileSync(file, Buffer.concat(parts));
console.error(`web/strip-exports.mjs: ${removed} export(s) removed from ${file}`);
