// The packed npm tarball in a fresh project built by Vite (from npm, no plugins): a page that
// imports `mount` renders a live widget in headless Chromium against `goxbook serve`.
// Run by tests/run after tests/widget/run (which builds web/dist, goxbook and installs Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startFeed, startStatic, openBrowser, artifactPath } from '../../tests/widget/harness.mjs';

const tgz = readdirSync(join(ROOT, 'web/dist')).find((f) => f.endsWith('.tgz'));
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

test('a Vite build of a page that imports mount renders a live widget', { timeout: 180_000 }, async () => {
  assert.ok(tgz, 'web/dist has no tarball: run web/build first');
  const dir = mkdtempSync(join(tmpdir(), 'goxbook-vite-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'vite-consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(ROOT, 'web/dist', tgz)], { cwd: dir });
  writeFileSync(join(dir, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><title>vite consumer</title></head>
<body><h1>Prices</h1><div id="app"></div><script type="module" src="/main.js"></script></body></html>`);
  writeFileSync(join(dir, 'main.js'), `
import { mount } from 'goxbook';
const q = new URLSearchParams(location.search);
window.widget = mount(document.getElementById('app'), { feed: q.get('feed'), api: q.get('api'), currency: 'EUR', depth: 5 });
`);
  execFileSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const assets = readdirSync(join(dir, 'dist/assets'));
  // The widget's wasm is bundled as an asset.
  assert.ok(assets.some((f) => /goxbook_widget_bg.*\.wasm$/.test(f)), assets.join(' '));

  const feed = await startFeed(['--sim', '--seed', '31', '--rate', '20']);
  const stat = await startStatic(join(dir, 'dist'));
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
    await page.goto(`${stat.url}?${new URLSearchParams({ feed: feed.ws, api: feed.api })}`);
    await page.waitForSelector('#app >> .goxbook[data-status="live"][data-currency="EUR"]', { timeout: 30_000 });
    await page.waitForSelector('#app >> [data-level][data-side="bid"]');
    assert.equal(await page.locator('#app >> [data-level][data-side="ask"]').count(), 5);
    // Only the widget's wasm is fetched (the core's JS API, unused here, is not).
    assert.equal(wasm.length, 1, wasm.join(' '));
    assert.match(wasm[0], /goxbook_widget_bg/);
    await page.locator('#app').screenshot({ path: artifactPath('vite-widget.png') });
    // The handle: destroy() unmounts and closes the connection.
    await page.evaluate(() => window.widget.destroy());
    assert.equal(await page.locator('#app >> .goxbook').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await browser.close();
    await stat.close();
    await feed.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
