// The declarations of the widget's JS boundary, from the packed tarball in a fresh project:
// `update` with a partial object and null (back to the default), the `height` option, and the
// goxbook:* events typed on any element and on the document; a wrong detail field or a wrong
// height type does not type-check. tsc from npm (devDependency, pinned). Run by tests/run after
// web/build.
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
import { mount } from "goxbook";
import type { StatusDetail, TickerDetail, TradeDetail, WidgetStatus, GoxbookEventMap } from "goxbook";

const el = document.createElement("div");
const handle = mount(el, { feed: "wss://feed.example/mtgox", theme: "dark", height: 320 });
handle.update({ currency: "USD" });
handle.update({ theme: null, height: "24em" });
handle.ready.catch((e: unknown) => e);

el.addEventListener("goxbook:status", (e) => {
  const s: WidgetStatus = e.detail.status;
  const m: string | null = e.detail.message;
  return [s, m, e.detail.currency];
});
el.addEventListener("goxbook:ticker", (e) => {
  const last: string | null = e.detail.last;
  return last ?? e.detail.vol;
});
document.addEventListener("goxbook:trade", (e) => {
  const t: TradeDetail = e.detail;
  const side: "buy" | "sell" | "" = t.type;
  const date: number = t.date;
  return [t.tid, t.price, t.amount, side, date];
});
document.querySelector("goxbook-widget")?.addEventListener("goxbook:status", (e) => e.detail.status);
const map: GoxbookEventMap["goxbook:ticker"] | null = null;
export type Details = [StatusDetail, TickerDetail, typeof map];
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

test('update, height and the goxbook:* events type-check; a wrong detail field or height does not', { timeout: 120_000 }, () => {
  assert.ok(tgz, 'web/dist has no tarball: run web/build first');
  const dir = project({ 'main.ts': GOOD });
  try {
    const tsc = () => spawnSync(process.execPath, [TSC, '-p', '.'], { cwd: dir, encoding: 'utf8' });
    const good = tsc();
    assert.equal(good.status, 0, good.stdout + good.stderr);
    for (const [name, text, error] of [
      ['price', 'document.addEventListener("goxbook:trade", (e) => { const p: number = e.detail.price; return p; });\n', /Type 'string' is not assignable to type 'number'/],
      ['field', 'document.body.addEventListener("goxbook:ticker", (e) => e.detail.bid);\n', /Property 'bid' does not exist/],
      ['height', 'import { mount } from "goxbook";\nmount(document.body, { height: true });\n', /Type 'true' is not assignable to type 'string \| number \| null \| undefined'/],
    ]) {
      writeFileSync(join(dir, 'bad.ts'), text);
      const bad = tsc();
      assert.notEqual(bad.status, 0, name);
      assert.match(bad.stdout, /bad\.ts/, name);
      assert.match(bad.stdout, error, `${name}: ${bad.stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
