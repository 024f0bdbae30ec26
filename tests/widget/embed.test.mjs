// Embedding end to end: the script tag (web/dist/goxbook/goxbook.js, built by web/build) on
// plain pages in headless Chromium against `goxbook serve`. Run by tests/widget/run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { ROOT, startFeed, openBrowser, sleep, artifactPath, serverBook } from './harness.mjs';

const PACKAGE = join(ROOT, 'web', 'dist', 'goxbook');
const CSP = "script-src 'self' 'wasm-unsafe-eval'";
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

let site;
let browser;
let feed;

/**
 * The host site: /goxbook/… is the built package (what a CDN would serve), /<name>.html the
 * pages registered with `site.page(name, html, headers)`.
 */
async function startSite() {
  const pages = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store', ...page.headers });
      return res.end(page.html);
    }
    const file = join(PACKAGE, path.replace(/^\/goxbook\//, '/'));
    if (!path.startsWith('/goxbook/') || !file.startsWith(PACKAGE) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    page(name, html, headers = {}) {
      pages.set(`/${name}.html`, { html, headers });
      return `${url}/${name}.html`;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

const SCRIPT = '<script src="/goxbook/goxbook.js" defer></script>';

function html(body, head = '') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>host</title>${head}${SCRIPT}</head><body>${body}</body></html>`;
}

/** Opens a page and records its websockets (URL, closed or not) and errors. */
async function open(url, { before: setup } = {}) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.sockets = [];
  page.warnings = [];
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
  if (setup) await setup(page);
  await page.goto(url);
  return page;
}

/** The inner widget root's attribute, inside `host`'s shadow root. */
function inner(page, host, name) {
  return page.$eval(`${host} >> [data-goxbook].goxbook`, (e, n) => e.getAttribute(n), name);
}

async function live(page, host, timeout = 30_000) {
  await page.waitForSelector(`${host} >> .goxbook[data-status="live"]`, { timeout });
}

before(async () => {
  if (!existsSync(join(PACKAGE, 'goxbook.js'))) throw new Error(`${PACKAGE}/goxbook.js is missing: run web/build first`);
  site = await startSite();
  browser = await openBrowser();
  feed = await startFeed(['--sim', '--seed', '21', '--rate', '30', '--currencies', 'USD,EUR,JPY']);
});

after(async () => {
  await feed?.stop();
  await browser?.close();
  await site?.close();
});

const attrs = () => `data-feed="${feed.ws}" data-api="${feed.api}"`;

test('a plain page with the script tag and two widgets (two currencies) goes live on one websocket', { timeout: 90_000 }, async () => {
  const url = site.page('two', html(`
    <h1>My blog</h1>
    <div id="usd" data-goxbook ${attrs()} data-currency="USD" data-panels="ticker,book,trades" data-theme="dark"></div>
    <div id="eur" data-goxbook ${attrs()} data-currency="EUR" data-panels="ticker,book" data-depth="5"></div>`));
  const page = await open(url);
  await live(page, '#usd');
  await live(page, '#eur');
  assert.equal(await inner(page, '#usd', 'data-currency'), 'USD');
  assert.equal(await inner(page, '#eur', 'data-currency'), 'EUR');
  assert.equal(await inner(page, '#usd', 'data-theme'), 'dark');
  await page.waitForSelector('#eur >> [data-level][data-side="bid"]');
  await page.waitForSelector('#usd >> [data-trade]');
  assert.equal(await page.locator('#eur >> [data-level][data-side="ask"]').count(), 5);
  // The EUR widget shows only the panels it asked for.
  assert.equal(await page.locator('#eur >> [data-trade]').count(), 0);
  // One connection for both, naming both currencies.
  await sleep(1000);
  assert.equal(page.sockets.length, 1, JSON.stringify(page.sockets));
  assert.match(page.sockets[0].url, /Currency=USD,EUR$/);
  assert.equal(await page.evaluate(() => window.goxbook.connections()), 1);
  // The two books are the two currencies' (EUR is priced differently).
  const best = (host) => page.$eval(`${host} >> [data-level][data-side="bid"]`, (e) => e.getAttribute('data-price'));
  assert.notEqual(await best('#usd'), await best('#eur'));
  // The styles are in the shadow roots, none in the page.
  assert.equal(await page.evaluate(() => document.styleSheets.length), 0);
  await page.locator('body').screenshot({ path: artifactPath('embed-two.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a custom element added, changed and removed at run time', { timeout: 90_000 }, async () => {
  const url = site.page('element', html('<p>Markets</p><div id="slot"></div>'));
  const page = await open(url);
  await page.evaluate(([ws, api]) => {
    const el = document.createElement('goxbook-widget');
    el.id = 'w';
    el.setAttribute('feed', ws);
    el.setAttribute('api', api);
    el.setAttribute('currency', 'USD');
    el.setAttribute('panels', 'ticker,book');
    document.getElementById('slot').append(el);
  }, [feed.ws, feed.api]);
  await live(page, '#w');
  assert.equal(await inner(page, '#w', 'data-currency'), 'USD');
  assert.equal(page.sockets.length, 1);

  // Attribute changes apply live, on the same connection.
  await page.evaluate(() => {
    const el = document.getElementById('w');
    el.setAttribute('currency', 'JPY');
    el.setAttribute('depth', '4');
  });
  await page.waitForSelector('#w >> .goxbook[data-currency="JPY"][data-status="live"]', { timeout: 30_000 });
  await page.waitForSelector('#w >> [data-level][data-side="bid"]');
  assert.equal(await page.locator('#w >> [data-level][data-side="bid"]').count(), 4);
  assert.match(await page.$eval('#w >> [data-level][data-side="bid"]', (e) => e.getAttribute('data-price')), /^\d+\.\d{3}$/);
  assert.equal(await page.locator('#w >> .goxbook').count(), 1, 'the old widget is gone');
  assert.equal(page.sockets.length, 1, JSON.stringify(page.sockets));
  assert.equal(page.sockets[0].closed, false);

  // A [data-goxbook] element added later is mounted too, on the same connection.
  await page.evaluate(([ws, api]) => {
    const d = document.createElement('div');
    d.id = 'later';
    d.dataset.goxbook = '';
    d.dataset.feed = ws;
    d.dataset.api = api;
    d.dataset.currency = 'EUR';
    document.body.append(d);
  }, [feed.ws, feed.api]);
  await live(page, '#later');
  assert.equal(page.sockets.length, 1);

  // Removal unmounts cleanly; the last widget out closes the socket.
  await page.evaluate(() => document.getElementById('w').remove());
  await sleep(300);
  assert.equal(page.sockets[0].closed, false, 'the other widget still uses the connection');
  await page.evaluate(() => document.getElementById('later').remove());
  await page.waitForFunction(() => window.goxbook.connections().then((n) => n === 0));
  const end = Date.now() + 5000;
  while (!page.sockets[0].closed && Date.now() < end) await sleep(100);
  assert.equal(page.sockets[0].closed, true, 'the socket is closed');
  assert.equal(await page.locator('[data-goxbook].goxbook').count(), 0);

  // mount() from script: a handle with update() and destroy().
  await page.evaluate(([ws, api]) => {
    const el = document.createElement('section');
    el.id = 'js';
    document.body.append(el);
    window.h = window.goxbook.mount(el, { feed: ws, api, currency: 'EUR', panels: ['ticker', 'book'], depth: 3 });
  }, [feed.ws, feed.api]);
  await live(page, '#js');
  assert.equal(await page.locator('#js >> [data-level][data-side="ask"]').count(), 3);
  await page.evaluate(([ws, api]) => window.h.update({ feed: ws, api, currency: 'USD', depth: 2 }), [feed.ws, feed.api]);
  await page.waitForSelector('#js >> .goxbook[data-currency="USD"][data-status="live"]', { timeout: 30_000 });
  await page.waitForFunction(() => document.getElementById('js').shadowRoot.querySelectorAll('[data-level][data-side="ask"]').length === 2);
  await page.evaluate(() => window.h.destroy());
  await page.waitForFunction(() => window.goxbook.connections().then((n) => n === 0));
  assert.equal(page.sockets.length, 2, 'one new connection for the mounted widget');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** A widget's book as its shadow DOM shows it: [{price, amount}] per side, best first. */
function shadowBook(page, host) {
  return page.$eval(host, (h) => {
    const side = (s) => [...h.shadowRoot.querySelectorAll(`[data-level][data-side="${s}"]`)]
      .map((e) => ({ price: e.getAttribute('data-price'), amount: e.getAttribute('data-amount') }));
    return { bids: side('bid'), asks: side('ask') };
  });
}

/** Waits until the widget's book equals the server's top n of `currency` across a quiet read. */
async function converges(page, host, f, currency, n, ms) {
  const end = Date.now() + ms;
  let last = null;
  while (Date.now() < end) {
    const before = await serverBook(f, n, currency);
    const dom = await shadowBook(page, host);
    const after = await serverBook(f, n, currency);
    if (JSON.stringify(before) === JSON.stringify(after)) {
      if (JSON.stringify(dom) === JSON.stringify(before)) return;
      last = { dom, server: before };
    }
    await sleep(200);
  }
  assert.fail(`${host} (${currency}) did not converge: ${JSON.stringify(last)}`);
}

test('two widgets on one connection reconnect after the server is killed and restarted; each converges to its currency\'s book', { timeout: 120_000 }, async () => {
  let f = await startFeed(['--sim', '--seed', '41', '--rate', '6', '--currencies', 'USD,EUR']);
  const port = f.port;
  try {
    const opts = `data-feed="${f.ws}" data-api="${f.api}" data-depth="5" data-backoff="1"`;
    const page = await open(site.page('restart', html(`<div id="u" data-goxbook ${opts} data-currency="USD"></div>
      <div id="e" data-goxbook ${opts} data-currency="EUR"></div>`)));
    await live(page, '#u');
    await live(page, '#e');
    await converges(page, '#u', f, 'USD', 5, 15_000);
    await converges(page, '#e', f, 'EUR', 5, 15_000);
    await f.stop('SIGKILL');
    await page.waitForSelector('#u >> .goxbook[data-status="offline"]', { timeout: 15_000 });
    await page.waitForSelector('#e >> .goxbook[data-status="offline"]', { timeout: 15_000 });
    // Another market on the same port: only a fresh snapshot can make the books agree.
    f = await startFeed(['--sim', '--seed', '42', '--rate', '6', '--currencies', 'USD,EUR'], port);
    await live(page, '#u', 30_000);
    await live(page, '#e', 30_000);
    await converges(page, '#u', f, 'USD', 5, 15_000);
    await converges(page, '#e', f, 'EUR', 5, 15_000);
    // One socket at a time: the first closed, one new one for both widgets.
    assert.ok(page.sockets.length >= 2, JSON.stringify(page.sockets));
    assert.deepEqual(page.sockets.filter((s) => !s.closed).length, 1, JSON.stringify(page.sockets));
    assert.equal(await page.evaluate(() => window.goxbook.connections()), 1);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await f.stop();
  }
});

test('the npm entry from a plain <script type="module"> (no bundler, no goxbook.js)', { timeout: 60_000 }, async () => {
  const url = site.page('module', `<!doctype html><html><head><meta charset="utf-8"><title>module</title></head>
<body><div id="m"></div><script type="module">
import { mount } from '/goxbook/index.js';
const q = new URLSearchParams(location.search);
window.h = mount(document.getElementById('m'), { feed: q.get('feed'), api: q.get('api'), currency: 'JPY', panels: 'ticker,book' });
</script></body></html>`);
  const page = await open(`${url}?${new URLSearchParams({ feed: feed.ws, api: feed.api })}`);
  await live(page, '#m');
  assert.equal(await inner(page, '#m', 'data-currency'), 'JPY');
  await page.waitForSelector('#m >> [data-level][data-side="ask"]');
  assert.equal(await page.evaluate(() => typeof window.goxbook), 'undefined', 'the ESM entry sets no global');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('bad attributes show an error in that widget only, and a console warning naming the attribute', { timeout: 60_000 }, async () => {
  const url = site.page('bad', html(`
    <div id="good" data-goxbook ${attrs()} data-currency="USD"></div>
    <div id="cur" data-goxbook ${attrs()} data-currency="XYZ"></div>
    <div id="ws" data-goxbook data-feed="http://127.0.0.1:9/mtgox" data-api="${feed.api}"></div>
    <goxbook-widget id="panel" feed="${feed.ws}" api="${feed.api}" panels="ticker,chart"></goxbook-widget>`));
  const page = await open(url);
  await live(page, '#good');
  for (const [host, text] of [['#cur', /currency: "XYZ" is not a MtGox currency/], ['#ws', /feed: "http:\/\/127\.0\.0\.1:9\/mtgox" is not a ws: or wss: URL/],
    ['#panel', /panels: "chart" is not a panel/]]) {
    assert.equal(await inner(page, host, 'data-status'), 'offline', host);
    assert.match(await page.textContent(`${host} >> [data-message]`), text);
  }
  const warned = page.warnings.join('\n');
  assert.match(warned, /goxbook: data-currency: "XYZ"/);
  assert.match(warned, /goxbook: data-feed: /);
  assert.match(warned, /goxbook: panels: "chart"/);
  assert.equal(page.sockets.length, 1, 'only the good widget connects');
  assert.ok(!page.sockets.some((s) => s.url.includes(':9/')));
  await page.close();
});

test('hostile global CSS of the host page neither hides nor breaks the widget, and none of its CSS leaks out', { timeout: 60_000 }, async () => {
  const url = site.page('hostile', html(`
    <div id="w" data-goxbook ${attrs()} data-currency="USD" data-depth="5" data-theme="light"></div>
    <p id="outside" class="goxbook gx-level gx-panels">page text with the widget's class names</p>`,
  '<style>* { all: unset } div { display: none } p { color: rgb(1, 2, 3) }</style>'));
  const page = await open(url);
  await live(page, '#w');
  await page.waitForSelector('#w >> [data-level][data-side="bid"]');
  const box = await page.locator('#w').boundingBox();
  assert.ok(box && box.width > 300 && box.height > 200, `the host is displayed: ${JSON.stringify(box)}`);
  const look = await page.evaluate(() => {
    const root = document.getElementById('w').shadowRoot;
    const style = (sel) => getComputedStyle(root.querySelector(sel));
    const level = style('[data-level]');
    return {
      host: getComputedStyle(document.getElementById('w')).display,
      level: level.display,
      columns: level.gridTemplateColumns.split(' ').length,
      bg: style('.goxbook').backgroundColor,
      font: style('.goxbook').fontFamily,
    };
  });
  assert.deepEqual({ host: look.host, level: look.level, columns: look.columns, bg: look.bg },
    { host: 'block', level: 'grid', columns: 3, bg: 'rgb(255, 255, 255)' });
  assert.match(look.font, /mono/i);
  // Nothing of the widget's CSS applies outside its shadow root.
  const outside = await page.$eval('#outside', (e) => {
    const s = getComputedStyle(e);
    return { border: s.borderTopWidth, padding: s.paddingTop, display: s.display, color: s.color };
  });
  assert.deepEqual(outside, { border: '0px', padding: '0px', display: 'inline', color: 'rgb(1, 2, 3)' });
  await page.locator('#w').screenshot({ path: artifactPath('embed-hostile.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const [name, policy] of [['the CSP of the issue', CSP],
  ['a stricter CSP (no inline style either)', `default-src 'none'; ${CSP}; style-src 'self'; connect-src ws://127.0.0.1:* http://127.0.0.1:*`]]) {
  test(`a page served with ${name} works, with no CSP violation`, { timeout: 60_000 }, async () => {
    const url = site.page(`csp-${policy.length}`, html(`<div id="w" data-goxbook ${attrs()} data-currency="EUR"></div>
      <goxbook-widget id="e" feed="${feed.ws}" api="${feed.api}" currency="USD" theme="dark"></goxbook-widget>`),
    { 'content-security-policy': policy });
    const page = await open(url, {
      before: (p) => p.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      }),
    });
    await live(page, '#w');
    await live(page, '#e');
    await page.waitForSelector('#w >> [data-level]');
    await page.waitForSelector('#e >> [data-trade]');
    // Styled from the adopted stylesheet (the dark theme's background), and the depth bars'
    // widths are set through the CSSOM, which no style-src forbids.
    assert.equal(await page.$eval('#e', (e) => getComputedStyle(e.shadowRoot.querySelector('.goxbook')).backgroundColor), 'rgb(18, 22, 28)');
    assert.match(await page.$eval('#w', (e) => e.shadowRoot.querySelector('[data-level] .gx-bar').style.width), /^\d+(\.\d+)?%$/);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(page.errors.filter((e) => /Content Security Policy|Refused to/i.test(e)), []);
    assert.deepEqual(page.errors, []);
    assert.equal(page.sockets.length, 1);
    await page.close();
  });
}
