// The package's TypeScript declarations, from the packed tarball in a fresh project: a
// consumer of `mount` and of the core's `Market` type-checks under --strict, and a wrong option
// does not. tsc from npm (devDependency, pinned). Run by tests/run after web/build.
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
