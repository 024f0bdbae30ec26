// Shared by the widget's end-to-end tests: a `goxbook serve` per test (loopback, a port of
// its own), a static server for the built page (dist/), headless Chromium through
// playwright-core (Debian's /usr/bin/chromium; no browser download), and readers of the DOM
// hooks and of the server's own full depth.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, existsSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.GOXBOOK_DIST || join(ROOT, 'dist');
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
export const GOXBOOK = process.env.GOXBOOK_BIN || join(TARGET, 'debug', 'goxbook');
export const ARTIFACTS = join(TARGET, 'widget-artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `goxbook serve --addr 127.0.0.1:PORT ARGS…` (port 0: any) and waits until it listens.
 * It stops itself after 15 min (`--exit-after`) even if this process dies without killing it. */
export async function startFeed(args = [], port = 0) {
  const lifetime = ['--exit-after', process.env.GOXBOOK_SERVE_LIFETIME || '900'];
  const proc = spawn(GOXBOOK, ['serve', '--addr', `127.0.0.1:${port}`, ...lifetime, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const addr = await new Promise((resolveAddr, reject) => {
    const timer = setTimeout(() => reject(new Error(`goxbook serve did not start:\n${log}`)), 60_000);
    proc.stderr.on('data', (d) => {
      log += d;
      const m = /listening on http:\/\/([0-9.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolveAddr(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`goxbook serve exited (${code}):\n${log}`)); });
  });
  proc.removeAllListeners('exit');
  const exited = new Promise((r) => proc.on('exit', r));
  return {
    addr,
    port: Number(addr.split(':')[1]),
    ws: `ws://${addr}/mtgox`,
    api: `http://${addr}/api/1/`,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null && proc.signalCode === null) { proc.kill('SIGKILL'); await exited; }
    },
  };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png' };

/** Serves the built page (dist/) on a loopback port of its own. */
export async function startStatic(dir = DIST) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: build the page with trunk first`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Headless Chromium with a fresh profile; console errors and page errors are collected. */
export async function openBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'goxbook-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    context,
    async page(url) {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error' && !/WebSocket|Failed to load resource|net::ERR/.test(m.text())) page.errors.push(m.text()); });
      await page.goto(url);
      return page;
    },
    async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/** The widget's page URL for a feed. */
export function pageUrl(stat, feed, params = {}) {
  const q = new URLSearchParams({ feed: feed.ws, api: feed.api, ...params });
  return `${stat.url}?${q}`;
}

export async function waitStatus(page, status, timeout = 30_000) {
  await page.waitForSelector(`[data-goxbook][data-status="${status}"]`, { timeout });
}

export async function attr(page, sel, name) {
  return page.$eval(sel, (e, n) => e.getAttribute(n), name);
}

/** The book as the DOM shows it: [{price, amount}] per side, best first. */
export async function domBook(page) {
  return page.evaluate(() => {
    const side = (s) => [...document.querySelectorAll(`[data-level][data-side="${s}"]`)]
      .map((e) => ({ price: e.getAttribute('data-price'), amount: e.getAttribute('data-amount') }));
    return { bids: side('bid'), asks: side('ask') };
  });
}

/** Ticks (an *_int string) as an exact decimal string. */
export function fmtTicks(intText, decimals) {
  const neg = intText.startsWith('-');
  let digits = (neg ? intText.slice(1) : intText).replace(/^0+/, '') || '0';
  if (decimals === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(decimals + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** The server's full depth, top n a side, best first, as the DOM hooks spell it. */
export async function serverBook(feed, n, currency = 'USD', decimals = 5) {
  const res = await fetch(`${feed.api}BTC${currency}/fulldepth`);
  if (!res.ok) throw new Error(`fulldepth: HTTP ${res.status}`);
  const body = await res.json();
  const data = body.return || body.data;
  const row = (e) => ({ price: fmtTicks(String(e.price_int), decimals), amount: fmtTicks(String(e.amount_int), 8) });
  return {
    bids: data.bids.filter((e) => BigInt(e.amount_int) > 0n).slice(-n).reverse().map(row),
    asks: data.asks.filter((e) => BigInt(e.amount_int) > 0n).slice(0, n).map(row),
  };
}

/**
 * Compares the DOM book with the server's when the server's top n stays the same across
 * the DOM read (so the comparison is not a race): null when the market moved meanwhile.
 */
export async function quietCompare(page, feed, n) {
  const before = await serverBook(feed, n);
  await sleep(250);
  const dom = await domBook(page);
  await sleep(250);
  const after = await serverBook(feed, n);
  if (JSON.stringify(before) !== JSON.stringify(after)) return null;
  return { dom, server: before };
}

/** Whether the DOM book is crossed (best bid ≥ best ask). */
export function crossed(book) {
  if (!book.bids.length || !book.asks.length) return false;
  const v = (s) => BigInt(s.replace('.', ''));
  return v(book.bids[0].price) >= v(book.asks[0].price);
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
