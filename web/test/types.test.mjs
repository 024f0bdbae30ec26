// The package's TypeScript declarations, from the packed tarball in a fresh project: a
// consumer of `mount` and of the core's `Market` type-checks under --strict, and a wrong option
// does not; so do goxbook/venues' (VenueMarket, Venues and their answers). tsc from npm
// (devDependency, pinned). Run by tests/run after web/build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const tgz = readdirSync(join(root, 'web/dist')).find((f) => f.endsWith('.tgz'));
const TSC = join(root, 'node_modules/typescript/bin/tsc');

const GOOD = `
import { mount, define, autoMount, connections, initCore, Market, OPTIONS } from "goxbook";
import type { WidgetOptions, WidgetHandle, Book, Quote } from "goxbook";
import initAlone, { Market as MarketAlone } from "goxbook/core";

const options: WidgetOptions = {
  feed: "wss://feed.example/mtgox", api: "https://feed.example/api/1/", currency: "EUR",
  currencies: ["EUR", "USD"], panels: ["ticker", "book", "depth-chart"], theme: "dark", depth: 10,
  vwapAmount: "2.5", layout: "side", refresh: 0,
};
const handle: WidgetHandle = mount(document.body, options);
handle.update({ currency: "USD" });
const ready: Promise<WidgetHandle> = handle.ready;
handle.destroy();
define("my-prices");
const observer: MutationObserver = autoMount();
const open: Promise<number> = connections();
const names: readonly string[] = OPTIONS;

export async function core(): Promise<string | null> {
  await initCore();
  await initAlone();
  const m = new Market({ defaultCurrency: "USD", tapeCapacity: 100 });
  const alone: MarketAlone = m;
  const book: Book = alone.book("USD", 5);
  const best: string | undefined = book.bids[0]?.price;
  const quote: Quote = m.quote("USD", "buy", "1.5");
  return quote.average ?? best ?? null;
}
export { ready, observer, open, names };
`;

function project(files) {
  const dir = mkdtempSync(join(tmpdir(), 'goxbook-ts-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ts-consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    include: ['*.ts'],
  }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(root, 'web/dist', tgz)], { cwd: dir });
  return dir;
}

test('the declarations type-check a consumer of mount and Market, and reject a wrong option', { timeout: 120_000 }, () => {
  assert.ok(tgz, 'web/dist has no tarball: run web/build first');
  const dir = project({ 'main.ts': GOOD });
  try {
    const good = spawnSync(process.execPath, [TSC, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    writeFileSync(join(dir, 'bad.ts'), 'import { mount } from "goxbook";\nmount(document.body, { theme: "pink", depht: 3 });\n');
    const bad = spawnSync(process.execPath, [TSC, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout, /bad\.ts.*"pink"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// goxbook/venues (its own entry point): VenueMarket, Venues and their answers, typed.
const VENUES_GOOD = `
import init, { VenueMarket, Venues, Market } from "goxbook/venues";
import type { Venue, VenueChange, VenueBook, VenueState, VenueTicker, VenueTrade, Consolidated,
  ConsolidatedLevel, ArbitrageRow, Batch } from "goxbook/venues";

export async function venues(frame: string): Promise<string | null> {
  await init();
  const kraken = new VenueMarket("kraken", { pair: "BTC/USD", tapeCapacity: 100 });
  const change: VenueChange = kraken.ingest(frame);
  const sent: number | undefined = change.mismatch?.sent;
  const book: VenueBook = kraken.book(10);
  const state: VenueState = kraken.state();
  const ticker: VenueTicker | null = kraken.ticker();
  const trades: VenueTrade[] = kraken.trades(5);
  const all = new Venues({ pair: "BTC-EUR" });
  const batch: Batch = all.ingestLines("coinbase", frame);
  const names: Venue[] = all.venues();
  const c: Consolidated = all.consolidate({ depth: 5, fees: { kraken: 26 } });
  const level: ConsolidatedLevel | undefined = c.bids[0];
  const row: ArbitrageRow | undefined = c.arbitrage[0];
  const core = new Market({ defaultCurrency: "USD" });
  return row?.profit ?? level?.venues.kraken ?? book.bids[0]?.price ?? ticker?.last ?? trades[0]?.price
    ?? String(sent ?? state.synced ?? batch.applied ?? names.length ?? core);
}
`;

test('the venues declarations type-check a consumer of goxbook/venues, and reject a wrong venue', { timeout: 120_000 }, () => {
  assert.ok(tgz, 'web/dist has no tarball: run web/build first');
  const dir = project({ 'venues.ts': VENUES_GOOD });
  try {
    const good = spawnSync(process.execPath, [TSC, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    writeFileSync(join(dir, 'bad.ts'), 'import { Venues } from "goxbook/venues";\nnew Venues({}).consolidate({ fees: { gdax: 10 } });\n');
    const bad = spawnSync(process.execPath, [TSC, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout, /bad\.ts.*gdax/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
