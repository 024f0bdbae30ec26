// The packed npm tarball, installed into a fresh project: a Node ESM script drives the core
// API (goxbook/core) on fixture payloads and checks the book. Run by tests/run after web/build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const tgz = readdirSync(join(root, "web/dist")).find((f) => f.endsWith(".tgz"));

function project() {
  const dir = mkdtempSync(join(tmpdir(), "goxbook-npm-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", join(root, "web/dist", tgz)], { cwd: dir });
  return dir;
}

test("the packed core drives a book from fixture payloads", () => {
  assert.ok(tgz, "web/dist has no tarball: run web/build first");
  const dir = project();
  const fixtures = join(root, "crates/core/tests/resources");
  writeFileSync(join(dir, "drive.mjs"), `
    import { readFile } from "node:fs/promises";
    import init, { Market } from "goxbook/core";
    import * as main from "goxbook";
    const wasm = new URL(import.meta.resolve("goxbook/core")).pathname.replace(/goxbook_core\\.js$/, "goxbook_core_bg.wasm");
    const exports = await init({ module_or_path: await readFile(wasm) });
    const m = new Market({ defaultCurrency: "USD" });
    const fulldepth = await readFile(${JSON.stringify(join(fixtures, "decode/protocol-21-v1-fulldepth.json"))}, "utf8");
    const out = { change: m.ingest(fulldepth) };
    out.book = m.book("USD", 3);
    const depth = (total, now) => JSON.stringify({ op: "private", private: "depth", depth: { price_int: "11350000", type_str: "ask",
      volume_int: "0", total_volume_int: total, currency: "USD", item: "BTC", now } });
    out.depthChange = m.ingest(depth("100000000", "1366231500000000"));
    out.after = m.book("USD", 100);
    out.quote = m.quote("USD", "buy", "0.5");
    try { m.ingest('{"op":"private","private":"depth","depth":{"price_int":"9x","type_str":"bid","total_volume_int":"1","currency":"USD"}}'); }
    catch (e) { out.error = { isError: e instanceof Error, kind: e.kind, offset: e.offset, message: e.message }; }
    out.batch = m.ingestLines("nope\\n" + depth("200000000", "1366231500000001"));
    out.final = m.book("USD", 1);
    // Big non-ASCII batches, again and again: the glue's string passing grows and shrinks its
    // allocation, which must not grow the wasm memory call after call.
    const big = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ op: "remark", message: "é".repeat(40) + i })).join("\\n");
    m.ingestLines(big);
    const before = exports.memory.buffer.byteLength;
    for (let i = 0; i < 40; i++) m.ingestLines(big);
    out.memoryGrowth = exports.memory.buffer.byteLength - before;
    out.main = Object.keys(main).sort();
    out.sameMarket = main.Market === Market;
    console.log(JSON.stringify(out));
  `);
  const out = JSON.parse(execFileSync("node", ["drive.mjs"], { cwd: dir, encoding: "utf8" }));
  assert.equal(out.change.book, true);
  assert.equal(out.change.currency, "USD");
  // The fixture's full depth, best first, exact strings (price at the scale, amount 8 decimals).
  assert.deepEqual(out.book.bids.map((l) => [l.price, l.amount, l.cumulative]), [
    ["113.40010", "0.04000000", "0.04000000"],
    ["0.00001", "1000.00000000", "1000.04000000"],
  ]);
  assert.deepEqual(out.book.asks.map((l) => [l.price, l.amount]), [["113.66800", "0.70000000"], ["999999.00000", "0.01000000"]]);
  assert.equal(out.depthChange.book, true);
  assert.deepEqual(out.after.asks.map((l) => l.price), ["113.50000", "113.66800", "999999.00000"]);
  assert.deepEqual([out.quote.filled, out.quote.average, out.quote.complete], ["0.50000000", "113.50000", true]);
  assert.deepEqual({ isError: out.error.isError, kind: out.error.kind }, { isError: true, kind: "number" });
  assert.ok(Number.isInteger(out.error.offset) && out.error.message.includes("price_int"));
  assert.deepEqual([out.batch.applied, out.batch.rejected], [1, 1]);
  assert.deepEqual(out.final.asks.map((l) => [l.price, l.amount]), [["113.50000", "2.00000000"]]);
  assert.equal(out.memoryGrowth, 0, "repeated batches grew the wasm memory");
  // The main entry: the widget's mount (loads nothing until called) and the same core API.
  assert.deepEqual(out.main, ["Market", "OPTIONS", "autoMount", "connections", "define", "initCore", "mount"]);
  assert.equal(out.sameMarket, true);
});
