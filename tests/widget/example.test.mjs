// End to end: the example Leptos app (crates/widget-example: GoxbookWidget as a component of
// an app of its own, built by trunk into crates/widget-example/dist by tests/widget/run) in
// headless Chromium against `goxbook serve`. Run by tests/widget/run, or: node --test tests/widget/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ROOT, startFeed, startStatic, openBrowser, pageUrl, waitStatus, attr, quietCompare, sleep, artifactPath,
} from './harness.mjs';

const N = 10;
let stat;
let browser;

before(async () => {
  stat = await startStatic(join(ROOT, 'crates', 'widget-example', 'dist'));
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await stat?.close();
});

test('the example app goes live, hears the widget, and drives its currency prop', { timeout: 120_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '11', '--rate', '4']);
  try {
    const page = await browser.page(pageUrl(stat, feed));
    await waitStatus(page, 'live');
    // The app's own read-out, fed by the widget's callbacks (on_status, on_trade).
    await page.waitForFunction(() => document.querySelector('#app-status')?.textContent === 'live');
    await page.waitForFunction(() => /BTC at \d+\.\d{5} USD/.test(document.querySelector('#app-trade')?.textContent ?? ''),
      null, { timeout: 60_000 });
    assert.equal(await attr(page, '[data-goxbook]', 'data-depth'), String(N));
    // The book is the server's: top N a side, exactly, once the market is quiet for a moment.
    let same = false;
    let last = null;
    for (let i = 0; i < 80 && !same; i++) {
      const c = await quietCompare(page, feed, N);
      if (c) last = c;
      same = c !== null && JSON.stringify(c.dom) === JSON.stringify(c.server);
    }
    assert.ok(same, `the DOM book equals the server's top N: ${JSON.stringify(last)}`);
    // The app's button sets the widget's `currency` prop: it follows, live.
    await page.click('button[data-currency="EUR"]');
    await page.waitForSelector('[data-goxbook][data-currency="EUR"]');
    await waitStatus(page, 'live');
    await page.waitForSelector('[data-level][data-side="bid"]');
    assert.equal(await page.locator('[data-goxbook]').count(), 1, 'one widget, remounted for EUR');
    await page.screenshot({ path: artifactPath('example.png') });
    await sleep(100);
  } finally {
    await feed.stop();
  }
});
