// The widget's JS boundary and its manners as a guest, end to end in headless Chromium against
// `goxbook serve`, through the built package (web/dist/goxbook, web/build): options read with
// serde-wasm-bindgen, `update` merging over what was given, the warning for an unknown option,
// the goxbook:* events on the host element, the loading state and the load failure (with the
// URL), the layout following its container (not the window), and `height`. Run by tests/widget/run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { ROOT, startFeed, openBrowser, sleep, artifactPath } from './harness.mjs';

const PACKAGE = join(ROOT, 'web', 'dist', 'goxbook');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

let site;
let browser;
let feed;

/**
 * The host site. /goxbook/… is the built package; /slow/… the same with the wasm held back
 * `slowMs`; /nowasm/… and /noglue/… the same with the widget's wasm, or its glue, missing (404).
 * /<name>.html: the pages registered with `site.page(name, html)`.
 */
async function startSite(slowMs = 2500) {
  const pages = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      return res.end(page);
    }
    const m = /^\/(goxbook|slow|nowasm|noglue)(\/.*)$/.exec(path);
    const file = m && join(PACKAGE, m[2]);
    const missing = m && ((m[1] === 'nowasm' && file.endsWith('.wasm')) || (m[1] === 'noglue' && file.endsWith('goxbook_widget.js')));
    if (!m || missing || !file.startsWith(PACKAGE) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    if (m[1] === 'slow' && file.endsWith('.wasm')) await sleep(slowMs);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    page(name, html) {
      pages.set(`/${name}.html`, html);
      return `${url}/${name}.html`;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

function html(body, { prefix = 'goxbook', head = '' } = {}) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>host</title>${head}
<script src="/${prefix}/goxbook.js" defer></script></head><body>${body}</body></html>`;
}

/** Opens a page, recording its websockets, warnings and errors. */
async function open(url, { viewport } = {}) {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.errors = [];
  page.warnings = [];
  page.sockets = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'warning') page.warnings.push(m.text());
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text());
  });
  page.on('websocket', (ws) => {
    const s = { url: ws.url(), closed: false };
    ws.on('close', () => { s.closed = true; });
    page.sockets.push(s);
  });
  await page.goto(url);
  return page;
}

async function live(page, host, timeout = 30_000) {
  await page.waitForSelector(`${host} >> .goxbook[data-status="live"]`, { timeout });
}

function inner(page, host, name) {
  return page.$eval(`${host} >> .goxbook`, (e, n) => e.getAttribute(n), name);
}

function count(page, host, sel) {
  return page.$eval(host, (h, s) => h.shadowRoot.querySelectorAll(s).length, sel);
}

before(async () => {
  if (!existsSync(join(PACKAGE, 'goxbook.js'))) throw new Error(`${PACKAGE}/goxbook.js is missing: run web/build first`);
  site = await startSite();
  browser = await openBrowser();
  feed = await startFeed(['--sim', '--seed', '23', '--rate', '40', '--currencies', 'USD,EUR']);
});

after(async () => {
  await feed?.stop();
  await browser?.close();
  await site?.close();
});

test('update() merges over the options given: a currency change keeps the feed, the theme and the depth', { timeout: 90_000 }, async () => {
  const page = await open(site.page('merge', html('<section id="w"></section><section id="early"></section>')));
  await page.waitForFunction(() => window.goxbook);
  await page.evaluate(([ws, api]) => {
    window.h = window.goxbook.mount(document.getElementById('w'),
      { feed: ws, api, currency: 'EUR', theme: 'dark', depth: 4, panels: ['ticker', 'book'], vwapAmount: 2.5 });
  }, [feed.ws, feed.api]);
  await live(page, '#w');
  assert.equal(await inner(page, '#w', 'data-currency'), 'EUR');
  await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('[data-level][data-side="ask"]').length === 4);

  await page.evaluate(() => window.h.update({ currency: 'USD' }));
  await page.waitForSelector('#w >> .goxbook[data-currency="USD"][data-status="live"]', { timeout: 30_000 });
  assert.equal(await inner(page, '#w', 'data-theme'), 'dark', 'the theme stays');
  assert.equal(await inner(page, '#w', 'data-depth'), '4', 'the depth stays');
  assert.equal(await count(page, '#w', '[data-trade]'), 0, 'the panels stay (no trades)');
  // Still the same feed: the one socket, not the page's own /mtgox.
  assert.equal(page.sockets.length, 1, JSON.stringify(page.sockets));
  assert.equal(page.sockets[0].closed, false);
  assert.ok(page.sockets.every((s) => s.url.startsWith(feed.ws)), JSON.stringify(page.sockets));

  // null: back to the default; the rest still stays.
  await page.evaluate(() => window.h.update({ theme: null, depth: 2 }));
  await page.waitForSelector('#w >> .goxbook[data-theme="auto"][data-depth="2"][data-currency="USD"]', { timeout: 10_000 });
  // An update that changes nothing keeps the widget (same DOM node).
  await page.evaluate(() => { window.root = document.getElementById('w').shadowRoot.querySelector('.goxbook'); });
  await page.evaluate(() => window.h.update({ depth: 2 }));
  await sleep(200);
  assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.goxbook') === window.root), true);

  // Updates made before the wasm is there merge too.
  await page.evaluate(([ws, api]) => {
    const h = window.goxbook.mount(document.getElementById('early'), { feed: ws, api, currency: 'EUR', theme: 'light' });
    h.update({ depth: 3 });
    h.update({ currency: 'USD' });
  }, [feed.ws, feed.api]);
  await page.waitForSelector('#early >> .goxbook[data-currency="USD"][data-theme="light"][data-depth="3"][data-status="live"]', { timeout: 30_000 });

  // Attributes: a removed one goes back to its default, the others stay.
  await page.evaluate(([ws, api]) => {
    const el = document.createElement('goxbook-widget');
    el.id = 'attrs';
    for (const [k, v] of Object.entries({ feed: ws, api, currency: 'EUR', theme: 'dark', depth: '3' })) el.setAttribute(k, v);
    document.body.append(el);
  }, [feed.ws, feed.api]);
  await page.waitForSelector('#attrs >> .goxbook[data-theme="dark"][data-depth="3"][data-status="live"]', { timeout: 30_000 });
  await page.evaluate(() => document.getElementById('attrs').removeAttribute('theme'));
  await page.waitForSelector('#attrs >> .goxbook[data-theme="auto"][data-depth="3"][data-currency="EUR"][data-status="live"]', { timeout: 10_000 });
  assert.ok(page.sockets.every((s) => s.url.startsWith(feed.ws)), JSON.stringify(page.sockets));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.warnings, []);
  await page.close();
});

test('an unknown option is a console warning naming it and the closest option; a value of the wrong kind is an error of that option', { timeout: 60_000 }, async () => {
  const page = await open(site.page('unknown', html('<div id="a"></div><div id="b"></div>')));
  await page.waitForFunction(() => window.goxbook);
  await page.evaluate(([ws, api]) => {
    window.a = window.goxbook.mount(document.getElementById('a'), { feed: ws, api, curency: 'EUR', depht: 3, vwapAmout: 2 });
  }, [feed.ws, feed.api]);
  await live(page, '#a');
  // Unknown names change nothing: the default currency and depth.
  assert.equal(await inner(page, '#a', 'data-currency'), 'USD');
  assert.equal(await inner(page, '#a', 'data-depth'), '15');
  const warned = page.warnings.join('\n');
  assert.match(warned, /goxbook: options\.curency is not an option \(did you mean options\.currency\?\)/);
  assert.match(warned, /goxbook: options\.depht is not an option \(did you mean options\.depth\?\)/);
  assert.match(warned, /goxbook: options\.vwapAmout is not an option \(did you mean options\.vwapAmount\?\)/);
  assert.equal(page.warnings.length, 3, warned);
  await page.evaluate(() => window.a.update({ themes: 'dark' }));
  await sleep(200);
  assert.match(page.warnings.at(-1), /goxbook: options\.themes is not an option \(did you mean options\.theme\?\)/);

  // A value no option can take: shown in the widget, warned naming the option.
  await page.evaluate(([ws, api]) => {
    window.goxbook.mount(document.getElementById('b'), { feed: ws, api, depth: { levels: 3 }, panels: ['book', ['trades']] });
  }, [feed.ws, feed.api]);
  await page.waitForSelector('#b >> .goxbook[data-status="offline"]');
  const message = await page.textContent('#b >> [data-message]');
  assert.match(message, /panels: a list with a nested list in it is not text, a number or a list of text/);
  assert.match(message, /depth: an object is not text, a number or a list of text/);
  assert.match(page.warnings.join('\n'), /goxbook: options\.depth: an object is not/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the host element dispatches goxbook:status, goxbook:ticker and goxbook:trade (bubbling, composed, exact strings)', { timeout: 90_000 }, async () => {
  const page2 = await browser.context.newPage();
  page2.errors = [];
  page2.on('pageerror', (e) => page2.errors.push(String(e)));
  await page2.addInitScript(() => {
    window.__events = [];
    for (const name of ['goxbook:status', 'goxbook:ticker', 'goxbook:trade']) {
      document.addEventListener(name, (e) => {
        window.__events.push({
          type: e.type, target: e.target.id, bubbles: e.bubbles, composed: e.composed,
          detail: JSON.parse(JSON.stringify(e.detail)),
        });
      });
    }
  });
  await page2.goto(site.page('events', html(`
    <goxbook-widget id="el" feed="${feed.ws}" api="${feed.api}" currency="USD" panels="ticker,trades"></goxbook-widget>`)));
  await live(page2, '#el');
  // Trades come at the simulator's pace: wait for a few.
  await page2.waitForFunction(() => window.__events.filter((e) => e.type === 'goxbook:trade').length >= 3, null, { timeout: 45_000 });
  const events = await page2.evaluate(() => window.__events);
  assert.ok(events.every((e) => e.target === 'el' && e.bubbles && e.composed), JSON.stringify(events.slice(0, 3)));

  const statuses = events.filter((e) => e.type === 'goxbook:status').map((e) => e.detail);
  assert.deepEqual(statuses[0], { status: 'connecting', message: null, currency: 'USD' });
  assert.ok(statuses.some((s) => s.status === 'live'), JSON.stringify(statuses));
  assert.deepEqual(Object.keys(statuses[0]).sort(), ['currency', 'message', 'status']);

  const tickers = events.filter((e) => e.type === 'goxbook:ticker').map((e) => e.detail);
  assert.ok(tickers.length >= 1);
  const t = tickers.at(-1);
  assert.deepEqual(Object.keys(t).sort(), ['avg', 'buy', 'currency', 'high', 'last', 'low', 'sell', 'spread', 'vol', 'vwap']);
  assert.equal(t.currency, 'USD');
  for (const k of ['last', 'buy', 'sell', 'high', 'low', 'vwap', 'avg']) {
    assert.match(t[k], /^\d+\.\d{5}$/, `${k}: ${t[k]}`);
  }
  assert.match(t.vol, /^\d+\.\d{8}$/);
  // The same exact strings as the hooks: the last ticker event and the DOM, read in one task.
  let same = null;
  for (let i = 0; i < 20 && !same; i++) {
    const { hooks, latest } = await page2.evaluate(() => ({
      hooks: Object.fromEntries([...document.getElementById('el').shadowRoot.querySelectorAll('[data-field]')]
        .map((f) => [f.getAttribute('data-field'), f.getAttribute('data-value')])),
      latest: window.__events.filter((e) => e.type === 'goxbook:ticker').at(-1).detail,
    }));
    if (Object.keys(hooks).length === 9 && Object.keys(hooks).every((k) => latest[k] === hooks[k])) same = latest;
    else await sleep(100);
  }
  assert.ok(same, 'the last ticker event has the values the hooks show');

  const trades = events.filter((e) => e.type === 'goxbook:trade').map((e) => e.detail);
  for (const tr of trades) {
    assert.deepEqual(Object.keys(tr).sort(), ['amount', 'currency', 'date', 'price', 'tid', 'type']);
    assert.equal(tr.currency, 'USD');
    assert.match(tr.tid, /^\d+$/);
    assert.match(tr.price, /^\d+\.\d{5}$/);
    assert.match(tr.amount, /^\d+\.\d{8}$/);
    assert.ok(['buy', 'sell', ''].includes(tr.type));
    assert.equal(typeof tr.date, 'number');
  }
  // Each once, oldest first; none of the history shown at the start.
  const tids = trades.map((tr) => BigInt(tr.tid));
  assert.deepEqual([...tids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), tids);
  assert.equal(new Set(trades.map((tr) => tr.tid)).size, trades.length);
  // Every reported trade is one the widget shows, with the same exact values.
  await sleep(300);
  const shown = await page2.$eval('#el', (h) => Object.fromEntries([...h.shadowRoot.querySelectorAll('[data-trade]')]
    .map((r) => [r.getAttribute('data-tid'), [r.getAttribute('data-price'), r.getAttribute('data-amount'), r.getAttribute('data-type')]])));
  const last = trades.at(-1);
  assert.deepEqual(shown[last.tid], [last.price, last.amount, last.type]);
  const history = Object.keys(shown).map(BigInt).filter((tid) => tid < tids[0]);
  assert.ok(history.length > 0, 'the widget shows older trades (its history), which were not reported');

  // A widget that cannot start says so in a status event, with the message.
  await page2.evaluate(() => {
    const el = document.createElement('div');
    el.id = 'bad';
    document.body.append(el);
    window.goxbook.mount(el, { currency: 'XYZ' });
  });
  await page2.waitForFunction(() => window.__events.some((e) => e.target === 'bad' && e.detail.status === 'offline'));
  const bad = await page2.evaluate(() => window.__events.filter((e) => e.target === 'bad').map((e) => e.detail));
  assert.equal(bad.at(-1).status, 'offline');
  assert.match(bad.at(-1).message, /configuration error: currency: "XYZ" is not a MtGox currency/);
  assert.deepEqual(page2.errors, []);
  await page2.close();
});

test('while the wasm loads the element shows a loading state; then the widget', { timeout: 60_000 }, async () => {
  const page = await open(site.page('slow', html(`<goxbook-widget id="w" feed="${feed.ws}" api="${feed.api}"></goxbook-widget>`, { prefix: 'slow' })));
  await page.waitForSelector('#w >> [data-loading]', { timeout: 10_000 });
  const note = await page.$eval('#w', (h) => {
    const n = h.shadowRoot.querySelector('[data-loading]');
    const box = n.getBoundingClientRect();
    return { text: n.textContent, role: n.getAttribute('role'), height: box.height, width: box.width };
  });
  assert.match(note.text, /Loading/);
  assert.equal(note.role, 'status');
  assert.ok(note.height > 10 && note.width > 100, JSON.stringify(note));
  await page.locator('#w').screenshot({ path: artifactPath('boundary-loading.png') });
  await live(page, '#w');
  assert.equal(await count(page, '#w', '[data-loading]'), 0, 'the loading state is gone');
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const [prefix, file] of [['nowasm', 'goxbook_widget_bg.wasm'], ['noglue', 'goxbook_widget.js']]) {
  test(`when the widget cannot be loaded (${file} missing) the element says so, with the URL`, { timeout: 60_000 }, async () => {
    const page = await open(site.page(`fail-${prefix}`, html(`
      <div id="d" data-goxbook data-feed="${feed.ws}" data-api="${feed.api}"></div>
      <goxbook-widget id="e" feed="${feed.ws}"></goxbook-widget>`, { prefix })));
    const url = `${site.url}/${prefix}/widget/${file}`;
    for (const host of ['#d', '#e']) {
      await page.waitForSelector(`${host} >> [data-load-error]`, { timeout: 15_000 });
      const failed = await page.$eval(host, (h) => {
        const n = h.shadowRoot.querySelector('[data-load-error]');
        return { text: n.textContent, role: n.getAttribute('role'), url: n.getAttribute('data-load-error'), loading: h.shadowRoot.querySelectorAll('[data-loading]').length };
      });
      assert.equal(failed.url, url);
      assert.match(failed.text, /could not be loaded from/);
      assert.ok(failed.text.includes(url), failed.text);
      assert.equal(failed.role, 'alert');
      assert.equal(failed.loading, 0);
    }
    await page.locator('#d').screenshot({ path: artifactPath(`boundary-failed-${prefix}.png`) });
    // mount()'s handle says so too.
    const rejected = await page.evaluate(() => window.goxbook.mount(document.body.appendChild(document.createElement('div')), {})
      .ready.then(() => 'resolved', (e) => e.url));
    assert.equal(rejected, url);
    assert.equal(page.sockets.length, 0);
    await page.close();
  });
}

/** The number of grid columns of `.gx-panels` in `host`. */
function panelColumns(page, host) {
  return page.$eval(host, (h) => getComputedStyle(h.shadowRoot.querySelector('.gx-panels')).gridTemplateColumns.split(' ').length);
}

test('the layout follows the container, not the window', { timeout: 90_000 }, async () => {
  const attrs = `data-goxbook data-feed="${feed.ws}" data-api="${feed.api}" data-depth="5"`;
  const page = await open(site.page('container', html(`
    <div id="narrow-box" style="width: 520px"><div id="narrow" ${attrs}></div></div>
    <div style="width: 960px"><div id="wide" ${attrs}></div></div>
    <div style="display: flex; gap: 8px"><p>beside</p><div id="flexed" ${attrs}></div></div>`)), { viewport: { width: 1100, height: 900 } });
  for (const host of ['#narrow', '#wide', '#flexed']) await live(page, host);
  // A wide window: the narrow widget still stacks book and trades; the wide one sets them side by side.
  assert.equal(await panelColumns(page, '#narrow'), 1);
  assert.equal(await panelColumns(page, '#wide'), 2);
  // In a flex row (shrink-to-fit) the widget keeps a usable width.
  const flexed = await page.locator('#flexed').boundingBox();
  assert.ok(flexed.width >= 500, JSON.stringify(flexed));
  // A narrow window: the wide container keeps its two columns (no viewport media query).
  await page.setViewportSize({ width: 480, height: 900 });
  await sleep(200);
  assert.equal(await panelColumns(page, '#wide'), 2);
  // The container grows: the layout follows at once.
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.evaluate(() => { document.getElementById('narrow-box').style.width = '900px'; });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('narrow').shadowRoot.querySelector('.gx-panels'))
    .gridTemplateColumns.split(' ').length === 2);
  await page.evaluate(() => { document.getElementById('narrow-box').style.width = '400px'; });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('narrow').shadowRoot.querySelector('.gx-panels'))
    .gridTemplateColumns.split(' ').length === 1);
  await page.locator('#narrow').screenshot({ path: artifactPath('boundary-narrow.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('height makes the book and the trades scroll instead of growing the page', { timeout: 90_000 }, async () => {
  const page = await open(site.page('height', html('<div id="fixed"></div><div id="free"></div><div id="em"></div><div id="bad"></div>')));
  await page.waitForFunction(() => window.goxbook);
  await page.evaluate(([ws, api]) => {
    const o = { feed: ws, api, depth: 60 };
    window.fixed = window.goxbook.mount(document.getElementById('fixed'), { ...o, height: 320 });
    window.free = window.goxbook.mount(document.getElementById('free'), o);
    window.goxbook.mount(document.getElementById('em'), { ...o, height: '20em', layout: 'side', panels: 'ticker,book' });
    window.goxbook.mount(document.getElementById('bad'), { ...o, height: '10%' });
  }, [feed.ws, feed.api]);
  for (const host of ['#fixed', '#free', '#em']) await live(page, host);
  await page.waitForFunction(() => document.getElementById('fixed').shadowRoot.querySelectorAll('[data-level][data-side="bid"]').length >= 40,
    null, { timeout: 20_000 });
  await sleep(300);
  const box = async (host) => (await page.locator(host).boundingBox()).height;
  assert.ok(Math.abs(await box('#fixed') - 320) <= 1, `fixed: ${await box('#fixed')}`);
  assert.ok(await box('#free') > 900, `free: ${await box('#free')}`);
  // 20em of the widget's 13px.
  assert.ok(Math.abs(await box('#em') - 260) <= 1, `em: ${await box('#em')}`);
  const scrolls = (host) => page.$eval(host, (h) => [...h.shadowRoot.querySelectorAll('.gx-side, .gx-trade-list')]
    .map((e) => ({ cls: e.className, scrolls: e.scrollHeight > e.clientHeight + 1, overflow: getComputedStyle(e).overflowY, h: e.clientHeight })));
  const fixed = await scrolls('#fixed');
  assert.ok(fixed.filter((s) => s.scrolls && s.overflow === 'auto' && s.h > 30).length >= 2, JSON.stringify(fixed));
  const side = await scrolls('#em');
  assert.ok(side.filter((s) => s.scrolls && s.overflow === 'auto').length === 2, JSON.stringify(side));
  // The asks scroll from their best (bottom, next to the bids), stacked.
  const asks = await page.$eval('#fixed', (h) => {
    const s = h.shadowRoot.querySelector('.gx-asks');
    const best = s.querySelector('[data-level]').getBoundingClientRect();
    const box = s.getBoundingClientRect();
    return { bestVisible: best.bottom <= box.bottom + 1 && best.top >= box.top - 1 };
  });
  assert.ok(asks.bestVisible, 'the best ask is in view');
  await page.locator('#fixed').screenshot({ path: artifactPath('boundary-height.png') });
  // A bad height is a configuration error naming the option.
  await page.waitForSelector('#bad >> .goxbook[data-status="offline"]');
  assert.match(await page.textContent('#bad >> [data-message]'), /height: "10%" is not a height above 0/);
  // update({ height: null }): back to the content's height.
  await page.evaluate(() => window.fixed.update({ height: null }));
  await page.waitForFunction(() => document.getElementById('fixed').getBoundingClientRect().height > 900, null, { timeout: 10_000 });
  await page.evaluate(() => window.fixed.update({ height: '300px' }));
  await page.waitForFunction(() => Math.abs(document.getElementById('fixed').getBoundingClientRect().height - 300) <= 1, null, { timeout: 10_000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});
