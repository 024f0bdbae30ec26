// Shared by the benchmark drivers: paths, a loopback static server, statistics, the machine.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, extname, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
/** Where the suite builds, generates and writes its results (GOXBOOK_BENCH_OUT overrides). */
export const OUT = process.env.GOXBOOK_BENCH_OUT ? resolve(ROOT, process.env.GOXBOOK_BENCH_OUT) : join(TARGET, 'bench');
export const SMOKE = process.env.GOXBOOK_BENCH_SMOKE === '1';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.jsonl': 'text/plain' };

/** Serves `{ '/prefix/': dir }` on 127.0.0.1, port 0. The longest matching prefix wins. */
export async function serveDirs(map) {
  const prefixes = Object.keys(map).sort((a, b) => b.length - a.length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    const prefix = prefixes.find((p) => path.startsWith(p));
    const dir = prefix && map[prefix];
    const file = dir && join(dir, path.slice(prefix.length) || 'index.html');
    if (!file || !file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
export const min = (xs) => Math.min(...xs);
export const max = (xs) => Math.max(...xs);
/** Median and the min–max of several runs' figures. */
export const spread = (all) => {
  const xs = all.filter((x) => x != null && !Number.isNaN(x));
  return xs.length ? { median: median(xs), min: min(xs), max: max(xs), runs: all } : { median: null, min: null, max: null, runs: all };
};

export function loadavg() {
  return os.loadavg().map((x) => Number(x.toFixed(2)));
}

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machine() {
  const cpu = os.cpus()[0]?.model?.trim() || 'unknown';
  return {
    cpus: os.cpus().length,
    cpu,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    rustc: tryRun('rustc', ['--version']),
    node: process.version,
    chromium: tryRun(process.env.CHROMIUM || '/usr/bin/chromium', ['--version']),
    commit: tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    dirty: (tryRun('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no']) || '').length > 0,
  };
}

/** Writes OUT/results/NAME.json (merged with what is there). */
export function saveResult(name, value) {
  const dir = join(OUT, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ machine: machine(), ...value }, null, 1)}\n`);
}

export function readResult(name) {
  const file = join(OUT, 'results', `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** A Chromium CPU profile's self time per function (name + script file), in samples: the `top`
 * largest as [name, samples] rows, and the total. */
export function selfTimes(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (const id of profile.samples) {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.replace(/^.*\//, '')}` : ''}`;
    self.set(name, (self.get(name) || 0) + 1);
    total += 1;
  }
  return { rows: [...self].sort((x, y) => y[1] - x[1]).slice(0, top), total };
}
