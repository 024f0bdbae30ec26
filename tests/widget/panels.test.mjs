// End to end: the analytics panels (panels=all) of the standalone page, live against
// `goxbook serve` with several currencies on one connection. The numbers themselves are
// checked against the core in crates/widget/tests/browser.rs; here: every panel goes live
// and moves, the inputs work from the keyboard, and switching currency keeps the socket and
// the history. Run by tests/widget/run (after `trunk build`), or: node --test tests/widget/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, startFeed, startStatic, openBrowser, pageUrl, waitStatus, attr, domBook, serverBook, sleep, artifactPath,
} from './harness.mjs';

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
    await sleep(150);
    if (JSON.stringify(await probe()) !== first) return;
  }
  assert.fail(`${what} did not change in ${ms} ms`);
}

/** Every panel's numbers, as their hooks say. */
function hooks(page) {
  return page.evaluate(() => {
    const v = (sel) => [...document.querySelectorAll(sel)].map((e) => e.getAttribute('data-value'));
    return {
      currency: document.querySelector('[data-goxbook]').dataset.currency,
      calc: Object.fromEntries([...document.querySelectorAll('[data-calc]')].map((e) => [e.dataset.calc, e.getAttribute('data-value')])),
      rates: [...document.querySelectorAll('[data-rate]')].map((e) => `${e.dataset.base}/${e.dataset.quote}=${e.dataset.rate}`),
      inputs: v('[data-input]'),
      curves: Object.fromEntries([...document.querySelectorAll('[data-curve]')].map((e) => [e.dataset.curve, e.getAttribute('d')])),
      points: Object.fromEntries([...document.querySelectorAll('[data-curve]')].map((e) => [e.dataset.curve, Number(e.dataset.points)])),
      exec: v('[data-exec]'),
      vwap: document.querySelector('[data-vwap]')?.getAttribute('data-value'),
    };
  });
}

/** The tids of the trades shown, newest first. */
const tids = (page) => page.$$eval('[data-trade]', (es) => es.map((e) => e.dataset.tid));

test('every panel goes live and moves; switching currency keeps the socket and the history', { timeout: 120_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '21', '--rate', '40', '--currencies', 'USD,EUR,JPY']);
  try {
    const page = await browser.context.newPage();
    const sockets = [];
    page.on('websocket', (w) => sockets.push(w.url()));
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(pageUrl(stat, feed, { panels: 'all', currencies: 'USD,EUR,JPY' }));
    await waitStatus(page, 'live');
    assert.deepEqual(await page.$$eval('[data-panel]', (es) => es.map((e) => e.dataset.panel)),
      ['vwap', 'calculator', 'forex', 'depth-chart', 'execution-chart']);
    await page.waitForSelector('[data-calc="cost"][data-value]');
    await page.waitForFunction(() => document.querySelectorAll('[data-rate]').length === 9, null, { timeout: 30_000 });
    await page.waitForSelector('[data-vwap][data-value]', { timeout: 30_000 });

    const h = await hooks(page);
    assert.equal(h.currency, 'USD');
    assert.match(h.calc.cost, /^\d+\.\d+$/);
    assert.match(h.calc.filled, /^10\.00000000$/); // the calculator starts at 10 BTC
    assert.ok(Number(h.calc.levels) >= 1);
    assert.ok(h.rates.includes('USD/USD=1') && h.rates.includes('JPY/JPY=1'), h.rates.join(' '));
    for (const c of ['bid', 'ask', 'buy', 'sell']) {
      const d = h.curves[c];
      assert.ok(h.points[c] > 1, `${c} has points`);
      assert.equal((d.match(/[ML]/g) || []).length, h.points[c], `${c}: one point per level`);
    }
    assert.equal(h.exec.length, 12);
    assert.match(h.vwap, /^\d+\.\d+$/);

    // Live: the panels follow the book and the tape, with no input.
    await changes(async () => (await hooks(page)).curves.ask, 20_000, 'the depth chart');
    await changes(async () => (await hooks(page)).calc, 20_000, 'the calculator');
    await changes(async () => (await hooks(page)).curves.buy, 20_000, 'the execution-price chart');
    await changes(async () => (await hooks(page)).inputs, 30_000, 'the forex grid');

    // The picture for the README (flashes settled).
    await sleep(1200);
    await page.locator('[data-goxbook]').screenshot({ path: artifactPath('widget-panels.png') });
    if (process.env.GOXBOOK_UPDATE_SCREENSHOT) {
      copyFileSync(artifactPath('widget-panels.png'), join(ROOT, 'crates', 'widget', 'screenshot-panels.png'));
    }

    // Switch to EUR from the forex grid: same socket, no new snapshot, EUR's book.
    const syncs = await attr(page, '[data-goxbook]', 'data-syncs');
    const usdTrades = await tids(page);
    assert.ok(usdTrades.length > 0);
    await page.click('[data-panel="forex"] [data-switch="EUR"]');
    await page.waitForSelector('[data-goxbook][data-currency="EUR"]');
    assert.equal(await attr(page, '[data-panel="forex"] [data-switch="EUR"]', 'aria-pressed'), 'true');
    await page.waitForSelector('[data-level][data-side="bid"]');
    let matched = false;
    for (let i = 0; i < 20 && !matched; i++) {
      const server = await serverBook(feed, 15, 'EUR');
      const dom = await domBook(page);
      matched = JSON.stringify(dom.bids.slice(0, 3)) === JSON.stringify(server.bids.slice(0, 3));
      if (!matched) await sleep(250);
    }
    assert.ok(matched, 'the book shown is the EUR book');
    const eurTrades = await tids(page);
    assert.ok(eurTrades.length > 0, 'EUR trades are there at once');
    assert.notDeepEqual(eurTrades, usdTrades);
    assert.match((await hooks(page)).calc.cost || '', /^\d+\.\d+$/);

    // And back with the market select: USD's trades are still there.
    await page.selectOption('[data-control="currency"]', 'USD');
    await page.waitForSelector('[data-goxbook][data-currency="USD"]');
    await page.waitForSelector('[data-trade]');
    const back = await tids(page);
    assert.ok(back.includes(usdTrades[0]), `the newest USD trade ${usdTrades[0]} is still listed`);
    assert.equal(sockets.length, 1, `one websocket: ${sockets.join(' ')}`);
    assert.match(sockets[0], /Currency=USD,EUR,JPY/);
    assert.equal(await attr(page, '[data-goxbook]', 'data-syncs'), syncs, 'no snapshot for a switch');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await feed.stop();
  }
});

test('the panels are driven from the keyboard and the pointer', { timeout: 90_000 }, async () => {
  const feed = await startFeed(['--sim', '--seed', '23', '--rate', '10', '--currencies', 'USD,JPY']);
  try {
    const page = await browser.page(pageUrl(stat, feed, {
      panels: 'calculator,depth-chart', currencies: 'JPY,USD', locale: 'en-US',
    }));
    await waitStatus(page, 'live');
    assert.equal(await attr(page, '[data-goxbook]', 'data-currency'), 'JPY');
    await page.waitForSelector('[data-calc="cost"][data-value]');

    // Calculator: typed amounts, side and unit; an amount the book cannot fill says so.
    await page.fill('[data-control="calc-amount"]', '0.5');
    await page.waitForFunction(() => document.querySelector('[data-calc="filled"]').dataset.value === '0.50000000');
    assert.match(await attr(page, '[data-calc="worst"]', 'data-value'), /^\d+\.\d{3}$/, 'JPY prices have 3 decimals');
    await page.selectOption('[data-control="calc-side"]', 'sell');
    await page.selectOption('[data-control="calc-unit"]', 'money');
    await page.fill('[data-control="calc-amount"]', '1000');
    await page.waitForFunction(() => document.querySelector('[data-calc="cost"]')?.dataset.value?.startsWith('999.') ||
      document.querySelector('[data-calc="cost"]')?.dataset.value?.startsWith('1000.'));
    await page.fill('[data-control="calc-amount"]', '100000000000');
    await page.waitForSelector('[data-calc="short"]:not([hidden])');
    assert.equal(await page.$eval('[data-calc="cost"]', (e) => e.hasAttribute('data-value')), false);
    assert.match(await page.textContent('[data-calc="short"]'), /Not enough in the book/);
    await page.fill('[data-control="calc-amount"]', 'ten');
    await page.waitForSelector('[data-calc="error"]:not([hidden])');
    assert.equal(await attr(page, '[data-control="calc-amount"]', 'aria-invalid'), 'true');

    // Depth chart: the pointer and the arrow keys read levels out; zoom changes the range.
    const svg = page.locator('[data-panel="depth-chart"] svg');
    const box = await svg.boundingBox();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
    await page.waitForSelector('[data-hover][data-side="bid"][data-price][data-amount]');
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForSelector('[data-hover][data-side="ask"]');
    await svg.focus();
    const before = await attr(page, '[data-hover]', 'data-price');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((p) => document.querySelector('[data-hover]').dataset.price !== p, before);
    const lo = await attr(page, '[data-axis="lo"]', 'data-value');
    await page.selectOption('[data-control="depth-range"]', '500');
    await page.waitForFunction((l) => document.querySelector('[data-axis="lo"]').dataset.value !== l, lo);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await feed.stop();
  }
});
