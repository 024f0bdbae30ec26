// Chromium's CPU profiler (CDP Profiler domain) on the browser core benchmark: runs only the
// chosen variants of core.mjs on one stream and prints the functions with the most self time
// (wasm functions by their name-section names). Saves the .cpuprofile for DevTools.
//
//   node tests/bench/profile-core.mjs --stream depth --only a [--pkg DIR] [--rounds 5]
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { openBrowser } from '../widget/harness.mjs';
import { OUT, ROOT, serveDirs, arg, selfTimes } from './lib.mjs';

const stream = arg('stream', 'depth');
const only = arg('only', 'a').split(',');
const rounds = Number(arg('rounds', 5));
const pkg = arg('pkg', join(OUT, 'pkg'));
const top = Number(arg('top', 30));
const label = arg('label', `${stream}-${only.join('')}`);

const stat = await serveDirs({ '/': join(ROOT, 'tests', 'bench'), '/pkg/': pkg, '/data/': join(OUT, 'data') });
const browser = await openBrowser();
try {
  const page = await browser.page(`${stat.url}core.html`);
  await page.waitForFunction(() => window.goxbookReady === true, null, { timeout: 60_000 });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  // Warm up (tiering) before profiling.
  await page.evaluate((cfg) => window.goxbookBench(cfg), { streams: [{ name: stream, url: `/data/${stream}.jsonl` }], rounds: 1, warmup: 1, order: only });
  await cdp.send('Profiler.start');
  await page.evaluate((cfg) => window.goxbookBench(cfg), { streams: [{ name: stream, url: `/data/${stream}.jsonl` }], rounds, warmup: 0, order: only });
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync(join(OUT, 'profiles'), { recursive: true });
  const file = join(OUT, 'profiles', `${label}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));

  const { rows, total } = selfTimes(profile, top);
  console.log(`profile of ${only.join(',')} on ${stream}: ${total} samples → ${file}`);
  for (const [name, c] of rows) console.log(`${((100 * c) / total).toFixed(1).padStart(5)} %  ${name}`);
} finally {
  await browser.close();
  await stat.close();
}
