// Experiment for BENCHMARKS.md ("Where the misses come from"): copies a core-only build
// (SRC/core/) to DST/core/ with wasm-bindgen's string passing replaced by one
// TextEncoder.encodeInto into a 3 × length allocation shrunk afterwards (the generated glue
// copies ASCII one character at a time in JS). Compare in one page with
//   node tests/bench/browser-core.mjs --alt DST
//
//   node tests/bench/patch-glue.mjs target/bench/pkg target/bench/pkg-enc
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
const [src, dst] = process.argv.slice(2);
mkdirSync(dst + '/core', { recursive: true });
for (const f of ['goxbook_core_bg.wasm']) copyFileSync(`${src}/core/${f}`, `${dst}/core/${f}`);
let js = readFileSync(`${src}/core/goxbook_core.js`, 'utf8');
const start = js.indexOf('    let len = arg.length;\n    let ptr = malloc(len, 1) >>> 0;');
const end = js.indexOf('    WASM_VECTOR_LEN = offset;', start);
if (start < 0 || end < 0) throw new Error('pattern');
js = js.slice(0, start) + `    const cap = arg.length * 3;
    let ptr = malloc(cap, 1) >>> 0;
    const offset = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + cap)).written;
    ptr = realloc(ptr, cap, offset, 1) >>> 0;
` + js.slice(end);
writeFileSync(`${dst}/core/goxbook_core.js`, js);
