// Post-processes wasm-bindgen's glue of the core (goxbook_core.js and .d.ts) in place; web/build
// and tests/bench/run call it right after wasm-bindgen. Fails (exit 1) when wasm-bindgen's
// output no longer has the shape it patches, rather than shipping an unpatched glue.
//   node web/glue.mjs DIR [NAME]   (DIR holds NAME.js and NAME.d.ts; NAME goxbook_core by
//                                   default, goxbook_venues for the venues' build)
//
// 1. Strings into wasm: the generated passStringToWasm0 copies ASCII one character at a time
//    in JS and only switches to TextEncoder.encodeInto at the first non-ASCII character;
//    this one encodes with encodeInto from the start (×1.2 on batches of depth messages,
//    BENCHMARKS.md), growing the allocation only when the text is not ASCII.
// 2. `Market.prototype.ingest(text)`: the wasm export `ingestBits` answers with a number
//    (what changed, as bits) and the `Change` object is built here, the currency string kept
//    between calls: one crossing per message instead of one per field.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node web/glue.mjs DIR [NAME]');
const name = process.argv[3] ?? 'goxbook_core';
const jsFile = join(dir, `${name}.js`);
const dtsFile = join(dir, `${name}.d.ts`);
let js = readFileSync(jsFile, 'utf8');
let dts = readFileSync(dtsFile, 'utf8');

function replaceOnce(text, from, to, what) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    console.error(`web/glue.mjs: ${what}: wasm-bindgen's output does not have the expected shape`);
    process.exit(1);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// 1. The ASCII loop of passStringToWasm0, from its allocation to its result.
const start = js.indexOf('    let len = arg.length;\n    let ptr = malloc(len, 1) >>> 0;\n');
const end = js.indexOf('    WASM_VECTOR_LEN = offset;\n    return ptr;\n}', start);
if (start < 0 || end < 0 || !js.slice(start, end).includes('charCodeAt')) {
  console.error("web/glue.mjs: passStringToWasm0: wasm-bindgen's output does not have the expected shape");
  process.exit(1);
}
js = js.slice(0, start) + `    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;
    const ret = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    let offset = ret.written;
    if (ret.read !== arg.length) {
        arg = arg.slice(ret.read);
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        offset += cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr + offset, ptr + len)).written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }
` + js.slice(end);

// 2. ingest(text) → Change, over ingestBits (bits: crates/core-js/src/views.rs change_bits).
if (!/\n {4}ingestBits\(text\) \{/.test(js) || !/\n {4}changeCurrency\(\) \{/.test(js)) {
  console.error('web/glue.mjs: Market.ingestBits / changeCurrency not found in the glue');
  process.exit(1);
}
js += `
/**
 * Decodes and applies one payload of any kind (stream frame or HTTP body).
 * @param {string} text
 * @returns {Change}
 */
Market.prototype.ingest = function (text) {
    const b = this.ingestBits(text);
    if (b & 128) this.__currency = this.changeCurrency();
    return { currency: b & 64 ? this.__currency : null, book: (b & 1) !== 0, ticker: (b & 2) !== 0,
        tape: (b & 4) !== 0, scales: (b & 8) !== 0, lag: (b & 16) !== 0, stale: (b & 32) !== 0 };
};
`;
dts = replaceOnce(dts, 'export class Market {\n', `export class Market {
    /**
     * Decodes and applies one payload of any kind (stream frame or HTTP body).
     */
    ingest(text: string): Change;
`, 'class Market in the .d.ts');

writeFileSync(jsFile, js);
writeFileSync(dtsFile, dts);
