// The packed npm tarball, installed into a fresh project: a Node ESM script drives the venues'
// entry point (goxbook/venues: its own wasm, apart from goxbook/core for its size) on example
// lines of each venue — Bitstamp's REST order book then websocket diffs, Kraken's snapshot and
// update with their checksums, Coinbase's snapshot and l2update — and checks the books, the
// sync state and a consolidated book across two venues. Run after web/build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const tgz = readdirSync(join(root, "web/dist")).find((f) => f.endsWith(".tgz"));
const fixtures = join(root, "crates/core/tests/resources/venues");

// The fixture line of `venue` that contains every one of `needles` (exactly one must).
function line(venue, ...needles) {
  const hits = readFileSync(join(fixtures, `${venue}.jsonl`), "utf8").split("\n")
    .filter((l) => needles.every((n) => l.includes(n)));
  assert.equal(hits.length, 1, `${venue}.jsonl: ${hits.length} lines with ${needles.join(", ")}`);
  return hits[0];
}

const LINES = {
  // Bitstamp: the REST order book (GET /api/v2/order_book/btcusd), then two websocket diffs:
  // one older than the snapshot (stale, dropped) and one newer (applied).
  bitstampRest: line("bitstamp", '"microtimestamp": "1654243213142992"'),
  bitstampOld: line("bitstamp", "diff_order_book_btcusd", "1622520011989838"),
  bitstampNew: JSON.stringify({ data: { timestamp: "1654243214", microtimestamp: "1654243214000000",
    bids: [["30415.13", "0.00000000"], ["30416.00", "1.25000000"]], asks: [] },
    channel: "diff_order_book_btcusd", event: "data" }),
  // Kraken (v2): the snapshot and the update, each with the checksum Kraken sent.
  krakenSnapshot: line("kraken", '"type":"snapshot"', '"symbol":"BTC/USD"', "3310070434"),
  krakenUpdate: line("kraken", '"type":"update"', '"symbol":"BTC/USD"', "1398182243"),
  // Coinbase: the level2 snapshot, then l2updates.
  coinbaseSnapshot: line("coinbase", '"type":"snapshot","product_id":"BTC-USD"'),
  coinbaseUpdate: line("coinbase", '"changes":[["buy","100.00","1"]]'),
  coinbaseUpdate2: line("coinbase", '["sell","101.00","0.00000000"],["sell","102.00","3"]'),
};

test("the packed goxbook/venues drives each venue's book and the consolidated book", { timeout: 120_000 }, () => {
  assert.ok(tgz, "web/dist has no tarball: run web/build first");
  const dir = mkdtempSync(join(tmpdir(), "goxbook-venues-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", join(root, "web/dist", tgz)], { cwd: dir });
    writeFileSync(join(dir, "lines.json"), JSON.stringify(LINES));
    writeFileSync(join(dir, "drive.mjs"), `
      import { readFile } from "node:fs/promises";
      import init, { VenueMarket, Venues, Market } from "goxbook/venues";
      import * as core from "goxbook/core";
      const L = JSON.parse(await readFile("lines.json", "utf8"));
      const wasm = new URL(import.meta.resolve("goxbook/venues")).pathname.replace(/goxbook_venues\\.js$/, "goxbook_venues_bg.wasm");
      await init({ module_or_path: await readFile(wasm) });
      const out = { coreHasVenues: "VenueMarket" in core || "Venues" in core, market: typeof Market };

      const b = new VenueMarket("bitstamp", { pair: "BTC/USD" });
      out.bitstamp = [b.ingest(L.bitstampRest), b.ingest(L.bitstampOld), b.ingest(L.bitstampNew)];
      out.bitstampBook = b.book(3);
      out.bitstampState = b.state();

      const k = new VenueMarket("kraken");
      out.krakenBefore = k.state().synced;
      out.kraken = [k.ingest(L.krakenSnapshot), k.ingest(L.krakenUpdate)];
      out.krakenBook = k.book(2);
      // The same update again with a checksum Kraken did not send: the book is no longer trusted.
      const bad = JSON.parse(L.krakenUpdate);
      bad.data[0].asks = [{ price: 45300.1, qty: 0.7 }];
      bad.data[0].checksum = 12345;
      out.krakenBad = k.ingest(JSON.stringify(bad));
      out.krakenState = k.state();

      const c = new VenueMarket("coinbase", { pair: "BTC-USD" });
      out.coinbase = [c.ingest(L.coinbaseSnapshot), c.ingest(L.coinbaseUpdate), c.ingest(L.coinbaseUpdate2)];
      out.coinbaseBook = c.book();
      try { c.ingest('{"type":"l2update","product_id":"BTC-USD","changes":[["buy","1x","1"]]}'); }
      catch (e) { out.error = { isError: e instanceof Error, kind: e.kind, message: e.message }; }
      out.coinbaseAfterError = c.book();

      const v = new Venues({ pair: "BTC/USD" });
      for (const l of [L.bitstampRest, L.bitstampNew]) v.ingest("bitstamp", l);
      out.batch = v.ingestLines("coinbase", [L.coinbaseSnapshot, L.coinbaseUpdate, "nope", L.coinbaseUpdate2].join("\\n"));
      out.venues = v.venues();
      out.consolidated = v.consolidate({ depth: 2, fees: { coinbase: 0 } });
      try { v.book("kraken"); } catch (e) { out.notIngested = e.kind; }
      try { new VenueMarket("gdax"); } catch (e) { out.badVenue = e.kind; }
      console.log(JSON.stringify(out));
    `);
    const out = JSON.parse(execFileSync("node", ["drive.mjs"], { cwd: dir, encoding: "utf8" }));
    // goxbook/core stays without the venues (its size); goxbook/venues also has the core's Market.
    assert.equal(out.coreHasVenues, false);
    assert.equal(out.market, "function");

    // Bitstamp: the REST book replaces; the older diff is stale; the newer one applies.
    assert.deepEqual(out.bitstamp.map((ch) => [ch.book, ch.step, ch.synced]),
      [[true, "replaced", true], [false, "stale", true], [true, "applied", true]]);
    assert.deepEqual(out.bitstampBook.bids.map((l) => [l.price, l.amount, l.cumulative]), [
      ["30416.00", "1.25000000", "1.25000000"],
      ["30415.11", "2.45236394", "3.70236394"],
      ["30415.05", "0.21660771", "3.91897165"],
    ]);
    assert.deepEqual(out.bitstampBook.asks[0], { price: "30434.64", amount: "0.26500000", cumulative: "0.26500000" });
    assert.deepEqual([out.bitstampBook.venue, out.bitstampBook.pair, out.bitstampBook.synced], ["bitstamp", "BTC/USD", true]);
    assert.deepEqual(out.bitstampState, { venue: "bitstamp", pair: "BTC/USD", synced: true, rejected: 0, mismatches: 0 });

    // Kraken: unsynced until the snapshot; both checksums agree with the book.
    assert.equal(out.krakenBefore, false);
    assert.deepEqual(out.kraken.map((ch) => [ch.step, ch.mismatch, ch.synced]),
      [["replaced", null, true], ["applied", null, true]]);
    assert.deepEqual(out.krakenBook.asks.map((l) => [l.price, l.amount]),
      [["45286.4", "1.54571953"], ["45286.6", "1.54571109"]]);
    assert.deepEqual(out.krakenBook.bids[0], { price: "45283.5", amount: "0.10000000", cumulative: "0.10000000" });
    assert.equal(out.krakenBad.mismatch.sent, 12345);
    assert.ok(Number.isInteger(out.krakenBad.mismatch.computed) && out.krakenBad.mismatch.computed !== 12345);
    assert.equal(out.krakenBad.synced, false);
    assert.deepEqual([out.krakenState.synced, out.krakenState.mismatches], [false, 1]);

    // Coinbase: the snapshot, then a bid added, an ask removed and one added.
    assert.deepEqual(out.coinbase.map((ch) => ch.synced), [true, true, true]);
    assert.deepEqual(out.coinbaseBook.bids.map((l) => [l.price, l.amount]), [["100.00", "1.00000000"], ["99.50", "1.50000000"]]);
    assert.deepEqual(out.coinbaseBook.asks.map((l) => [l.price, l.amount]), [["102.00", "3.00000000"]]);
    // A bad line throws a GoxbookError and changes nothing.
    assert.deepEqual([out.error.isError, out.error.kind], [true, "number"]);
    assert.deepEqual(out.coinbaseAfterError, out.coinbaseBook);

    // Two venues consolidated: levels best first, each naming its venues; the arbitrage table
    // buys Coinbase's ask (102.00) and sells into Bitstamp's higher bids.
    assert.deepEqual([out.batch.applied, out.batch.rejected, out.batch.errors[0].line], [3, 1, 3]);
    assert.deepEqual(out.venues, ["bitstamp", "coinbase"]);
    const con = out.consolidated;
    assert.equal(con.pair, "BTC/USD");
    assert.deepEqual(con.venues, { bitstamp: { synced: true, rejected: 0 }, coinbase: { synced: true, rejected: 1 } });
    assert.deepEqual(con.bids, [
      { price: "30416.00", amount: "1.25000000", venues: { bitstamp: "1.25000000" } },
      { price: "30415.11", amount: "2.45236394", venues: { bitstamp: "2.45236394" } },
    ]);
    assert.deepEqual(con.asks, [
      { price: "102.00", amount: "3.00000000", venues: { coinbase: "3.00000000" } },
      { price: "30434.64", amount: "0.26500000", venues: { bitstamp: "0.26500000" } },
    ]);
    assert.equal(con.arbitrage.length, 1);
    const row = con.arbitrage[0];
    // 3 BTC at 102.00; sold 1.25 at 30416.00 and 1.75 at 30415.11 = 91246.4425, rounded down.
    assert.deepEqual([row.buy, row.sell, row.amount, row.cost, row.proceeds, row.profit],
      ["coinbase", "bitstamp", "3.00000000", "306.00", "91246.44", "90940.44"]);
    assert.deepEqual([out.notIngested, out.badVenue], ["argument", "argument"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
