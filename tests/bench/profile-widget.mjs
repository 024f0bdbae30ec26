// Where the widget's main-thread time goes under load: a Chromium trace (CDP Tracing,
// devtools.timeline) and a CPU profile (CDP Profiler) of the standalone page fed by
// `goxbook serve --sim --rate R`. Prints the renderer main thread's time per event kind
// (self time of the timeline events: script, style, layout, paint, …) and the functions with
// the most self time. Saves the trace and the .cpuprofile under OUT/profiles/ for DevTools.
//
//   GOXBOOK_BIN=target/release/goxbook node tests/bench/profile-widget.mjs --page target/bench/page --rate 1000 --secs 5
import { join, resolve } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startFeed, openBrowser, waitStatus, sleep } from '../widget/harness.mjs';
import { ROOT, OUT, arg, selfTimes } from './lib.mjs';

const PAGE = resolve(ROOT, arg('page', 'target/bench/page'));
const rate = Number(arg('rate', 1000));
const secs = Number(arg('secs', 5));
const top = Number(arg('top', 25));
const query = arg('query', '');
const label = arg('label', `widget-${rate}`);
// `--reduced-motion`: prefers-reduced-motion: reduce (the widget then draws no flashes).
const reducedMotion = process.argv.includes('--reduced-motion');

const feed = await startFeed(['--sim', '--rate', String(rate), '--currencies', 'USD', '--seed', '1', '--static', PAGE]);
const browser = await openBrowser();
try {
  const page = await browser.context.newPage();
  if (reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`http://${feed.addr}/${query ? `?${query}` : ''}`);
  await waitStatus(page, 'live', 60_000);
  await sleep(3000);
  const cdp = await browser.context.newCDPSession(page);

  // --- trace ---
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,cc', transferMode: 'ReportEvents' });
  await sleep(secs * 1000);
  await cdp.send('Tracing.end');
  await done;
  mkdirSync(join(OUT, 'profiles'), { recursive: true });
  writeFileSync(join(OUT, 'profiles', `${label}.trace.json`), JSON.stringify({ traceEvents: events }));
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const mainKey = [...threads].find(([, n]) => n === 'CrRendererMain')?.[0];
  // Self time of complete events on the main thread: duration minus nested children.
  const main = events.filter((e) => `${e.pid}:${e.tid}` === mainKey && (e.ph === 'X') && e.dur != null).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of main) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) || 0) - e.dur);
    self.set(e.name, (self.get(e.name) || 0) + e.dur);
    stack.push(e);
  }
  const wall = secs * 1e6;
  console.log(`trace of the renderer main thread at ${rate} msg/s over ${secs} s (self time, % of wall):`);
  for (const [name, us] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top)) {
    console.log(`${((100 * us) / wall).toFixed(1).padStart(6)} %  ${name}`);
  }

  // --- CPU profile ---
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await sleep(secs * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(join(OUT, 'profiles', `${label}.cpuprofile`), JSON.stringify(profile));
  const { rows, total } = selfTimes(profile, top);
  console.log(`\nCPU profile (${total} samples, self time):`);
  for (const [name, c] of rows) {
    console.log(`${((100 * c) / total).toFixed(1).padStart(6)} %  ${name}`);
  }
} finally {
  await browser.close();
  await feed.stop();
}
