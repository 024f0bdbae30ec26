// End to end: the built standalone page in headless Chromium against `goxbook serve`.
// Run by tests/widget/run (after `trunk build`), or: node --test tests/widget/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, startFeed, startStatic, openBrowser, pageUrl, waitStatus, attr, domBook, serverBook, quietCompare,
  crossed, sleep, artifactPath,
} from './harness.mjs';

const N = 15;
let stat;
let browser;

before(async () => {
  stat = await startStatic();
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await stat?.close();
});

/** Waits until `probe()` returns something different from `first` (or fails after `ms`). */
async function changes(probe, ms, what) {
  const first = JSON.stringify(await probe());
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await sleep(200);
    if (JSON.stringify(await probe()) !== first) return;
  }
  assert.fail(`${what} did not change in ${ms} ms`);
}

/** Tries quiet comparisons for up to `ms`; returns the first one, or the last mismatch. */
async function converged(page, feed, n, ms) {
  const end = Date.now() + ms;
  let last = null;
  while (Date.now() < end) {
    const c = await quietCompare(page, feed, n);
    if (c) {
      if (JSON.stringify(c.dom) === JSON.stringify(c.server)) return { ok: true, ...c };
      last = c;
    }
  }
  return { ok: false, ...(last || {}) };
}

test('the page goes live; ticker, book and trades update', { timeout: 120_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '7', '--rate', '40']);
  try {
    const page = await browser.page(pageUrl(stat, feed));
    await waitStatus(page, 'live');
    assert.equal(await attr(page, '[data-goxbook]', 'data-currency'), 'USD');
    await page.waitForSelector('[data-level][data-side="bid"]');
    await page.waitForSelector('[data-level][data-side="ask"]');
    await page.waitForSelector('[data-trade]');
    const book = await domBook(page);
    assert.equal(book.bids.length, N);
    assert.equal(book.asks.length, N);
    assert.ok(!crossed(book), JSON.stringify(book));
    for (const r of [...book.bids, ...book.asks]) {
      assert.match(r.price, /^\d+\.\d{5}$/);
      assert.match(r.amount, /^\d+\.\d{8}$/);
    }
    const fields = () => page.$$eval('[data-field]', (es) => es.map((e) => [e.dataset.field, e.getAttribute('data-value')]));
    const f = Object.fromEntries(await fields());
    for (const k of ['last', 'buy', 'sell', 'spread', 'high', 'low', 'vol', 'vwap', 'avg']) {
      assert.ok(k in f, `ticker field ${k}`);
    }
    assert.match(f.buy, /^\d+\.\d{5}$/);
    assert.match(f.vol, /^\d+\.\d{8}$/);
    await changes(() => domBook(page), 20_000, 'the book');
    await changes(fields, 30_000, 'the ticker');
    await changes(() => page.$$eval('[data-trade]', (es) => es.map((e) => e.dataset.tid)), 30_000, 'the trades');
    const trades = await page.$$eval('[data-trade]', (es) => es.map((e) => ({ tid: e.dataset.tid, type: e.dataset.type, price: e.dataset.price, amount: e.dataset.amount })));
    assert.ok(trades.length > 0 && trades.length <= 50);
    const tids = trades.map((t) => BigInt(t.tid));
    assert.deepEqual([...tids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)), tids, 'newest first');
    for (const t of trades) assert.ok(['buy', 'sell', ''].includes(t.type));
    await sleep(1500); // let the flashes settle for the picture
    await page.screenshot({ path: artifactPath('widget-live.png') });
    await page.locator('[data-goxbook]').screenshot({ path: artifactPath('widget.png') });
    if (process.env.GOXBOOK_UPDATE_SCREENSHOT) copyFileSync(artifactPath('widget.png'), join(ROOT, 'crates', 'widget', 'screenshot.png'));
    // Changed rows and the last price flash, except under prefers-reduced-motion.
    const animations = () => page.$$eval('[data-level], [data-field="last"], [data-trade]', (es) => [...new Set(es.map((e) => getComputedStyle(e, '::after').animationName))]);
    assert.ok((await animations()).some((a) => a.startsWith('gx-flash')));
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.deepEqual(await animations(), ['none']);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await feed.stop();
  }
});

test('after the feed pauses (stall), the DOM book equals the server full depth top N exactly', { timeout: 120_000 }, async () => {
  // Live 4 s, silent 4 s, …: the server's book keeps moving while the page hears nothing, so
  // only a resync after the pause can make the two equal again.
  const feed = await startFeed(['--sim', '--seed', '11', '--rate', '4', '--faults', 'stall=4']);
  try {
    const page = await browser.page(pageUrl(stat, feed, { resync: '2', refresh: '0' }));
    await waitStatus(page, 'live');
    const syncs = Number(await attr(page, '[data-goxbook]', 'data-syncs'));
    // Wait for a resync that follows a pause.
    await page.waitForFunction((n) => Number(document.querySelector('[data-goxbook]').dataset.syncs) > n, syncs, { timeout: 30_000 });
    const c = await converged(page, feed, N, 3_000);
    assert.ok(c.ok, `DOM ${JSON.stringify(c.dom)}\nserver ${JSON.stringify(c.server)}`);
    assert.equal(c.dom.bids.length, N);
    assert.equal(await attr(page, '[data-goxbook]', 'data-status'), 'live');
    await page.close();
  } finally {
    await feed.stop();
  }
});

test('the page reconnects and re-syncs after the server is killed and restarted', { timeout: 120_000 }, async () => {
  let feed = await startFeed(['--sim', '--seed', '3', '--rate', '5']);
  const port = feed.port;
  try {
    const page = await browser.page(pageUrl(stat, feed, { backoff: '2' }));
    await waitStatus(page, 'live');
    const syncs = Number(await attr(page, '[data-goxbook]', 'data-syncs'));
    await feed.stop('SIGKILL');
    await waitStatus(page, 'offline', 15_000);
    const msg = await page.textContent('[data-message]');
    assert.match(msg, /closed|cannot connect|refused/);
    feed = await startFeed(['--sim', '--seed', '4', '--rate', '5'], port);
    await waitStatus(page, 'live', 30_000);
    assert.ok(Number(await attr(page, '[data-goxbook]', 'data-syncs')) > syncs);
    const c = await converged(page, feed, N, 15_000);
    assert.ok(c.ok, `DOM ${JSON.stringify(c.dom)}\nserver ${JSON.stringify(c.server)}`);
    await page.close();
  } finally {
    await feed.stop();
  }
});

test('under drop, dup, reorder and disconnect faults the book re-converges and is never crossed', { timeout: 120_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '5', '--rate', '10', '--faults', 'drop=0.05,dup=0.05,reorder=0.05,disconnect=6,garbage=0.02']);
  try {
    const page = await browser.page(pageUrl(stat, feed, { backoff: '1', depth: '10' }));
    await waitStatus(page, 'live');
    // Watch for a crossed book in the page itself, at every animation frame.
    await page.evaluate(() => {
      window.__crossed = [];
      const v = (s) => BigInt(s.replace('.', ''));
      const check = () => {
        const b = document.querySelector('[data-level][data-side="bid"]');
        const a = document.querySelector('[data-level][data-side="ask"]');
        if (b && a && v(b.dataset.price) >= v(a.dataset.price)) window.__crossed.push([b.dataset.price, a.dataset.price]);
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    let matched = 0;
    for (let resync = 0; resync < 3; resync++) {
      const syncs = Number(await attr(page, '[data-goxbook]', 'data-syncs'));
      await page.waitForFunction((n) => Number(document.querySelector('[data-goxbook]').dataset.syncs) > n, syncs, { timeout: 30_000 });
      const c = await converged(page, feed, 10, 2_500);
      if (c.ok) matched++;
    }
    assert.ok(matched >= 1, 'the book equals the server after a resync');
    assert.deepEqual(await page.evaluate(() => window.__crossed), []);
    await page.close();
  } finally {
    await feed.stop();
  }
});

test('a wrong feed URL shows the offline state with its message', { timeout: 60_000 }, async () => {
  // Nothing listens there.
  const dead = { ws: 'ws://127.0.0.1:9/mtgox', api: 'http://127.0.0.1:9/api/1/' };
  const page = await browser.page(pageUrl(stat, dead, { backoff: '1' }));
  await waitStatus(page, 'offline', 20_000);
  assert.match(await page.textContent('[data-message]'), /cannot connect to the feed ws:\/\/127\.0\.0\.1:9\/mtgox/);
  // Not a websocket URL: a configuration error, and no request at all.
  const requests = [];
  const page2 = await browser.context.newPage();
  page2.on('request', (r) => requests.push(r.url()));
  page2.on('websocket', (w) => requests.push(w.url()));
  await page2.goto(`${stat.url}?feed=${encodeURIComponent('http://127.0.0.1:9/mtgox')}`);
  await waitStatus(page2, 'offline', 10_000);
  assert.match(await page2.textContent('[data-message]'), /configuration error: feed: .*not a ws: or wss: URL/);
  await sleep(500);
  assert.deepEqual(requests.filter((u) => u.includes(':9/')), []);
  await page.close();
  await page2.close();
});

test('theme light, dark and auto (the reader\'s colour scheme)', { timeout: 60_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '9', '--rate', '5']);
  try {
    for (const [theme, scheme, bg] of [['dark', 'light', 'rgb(18, 22, 28)'], ['light', 'dark', 'rgb(255, 255, 255)'],
      ['auto', 'dark', 'rgb(18, 22, 28)'], ['auto', 'light', 'rgb(255, 255, 255)']]) {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(pageUrl(stat, feed, { theme }));
      await waitStatus(page, 'live');
      assert.equal(await page.$eval('[data-goxbook]', (e) => getComputedStyle(e).backgroundColor), bg, `${theme} under ${scheme}`);
      await page.close();
    }
  } finally {
    await feed.stop();
  }
});

test('the snapshot is refreshed periodically while live', { timeout: 60_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '13', '--rate', '20']);
  try {
    const page = await browser.page(pageUrl(stat, feed, { refresh: '1', resubscribe: '1' }));
    await waitStatus(page, 'live');
    const syncs = Number(await attr(page, '[data-goxbook]', 'data-syncs'));
    await page.waitForFunction((n) => Number(document.querySelector('[data-goxbook]').dataset.syncs) >= n + 3, syncs, { timeout: 20_000 });
    assert.equal(await attr(page, '[data-goxbook]', 'data-status'), 'live');
    assert.ok(!crossed(await domBook(page)));
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await feed.stop();
  }
});

test('failing and slow HTTP snapshots are retried; the page gets live and keeps refreshing', { timeout: 90_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '17', '--rate', '10', '--faults', 'http-error=0.2,http-delay=200']);
  try {
    const page = await browser.page(pageUrl(stat, feed, { refresh: '1', backoff: '1' }));
    await waitStatus(page, 'live', 60_000);
    const syncs = Number(await attr(page, '[data-goxbook]', 'data-syncs'));
    await page.waitForFunction((n) => Number(document.querySelector('[data-goxbook]').dataset.syncs) >= n + 1, syncs, { timeout: 45_000 });
    assert.ok(!crossed(await domBook(page)));
    await page.close();
  } finally {
    await feed.stop();
  }
});
