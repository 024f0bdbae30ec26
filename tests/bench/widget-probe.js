// Injected into the widget's page before any of its scripts (Playwright addInitScript) by
// tests/bench/widget-load.mjs. Fixed-size buffers only, so that the JS heap the benchmark
// samples is the widget's, not the probe's. window.__gxProbe:
//   - message → DOM latency, on trades: the page's WebSocket is wrapped so that each USD trade
//     frame's tid (= its server `stamp`, µs wall clock, for the simulator's primary trades) and
//     arrival time are queued; when the trades list in the DOM changes (MutationObserver), every
//     queued trade with a tid ≤ the newest tid shown is now reflected in the DOM (shown, or
//     pushed out by newer ones in the same frame): latency = now − stamp (server → DOM) and
//     now − arrival (page: wasm ingest + scheduling + render);
//   - frames: requestAnimationFrame intervals (a frame whose work overran 16.7 ms makes the
//     next interval ≥ 2 vsyncs), 'long-animation-frame' entries (≥ 50 ms);
//   - the wasm memories instantiated by the page (for the heap: wasm linear memory is outside
//     the JS heap).
(() => {
  const BIN = 0.1; // ms
  const BINS = 20000; // up to 2 s, then one overflow bin
  const RING = 1 << 16;
  const P = {
    e2e: new Uint32Array(BINS + 1),
    page: new Uint32Array(BINS + 1),
    frames: new Uint32Array(BINS + 1),
    ringTid: new Float64Array(RING),
    ringAt: new Float64Array(RING),
    head: 0,
    tail: 0,
    overflowed: 0,
    messages: 0,
    trades: 0,
    resolved: 0,
    e2eMax: 0,
    pageMax: 0,
    frameCount: 0,
    frameMax: 0,
    over25: 0,
    dropped: 0,
    lastFrame: 0,
    loafCount: 0,
    loafMax: 0,
    loafBlocking: 0,
    loafScripts: [],
    memories: [],
    tradesList: null,
    startedAt: performance.now(),
  };
  window.__gxProbe = P;
  const add = (hist, ms) => { hist[Math.min(BINS, Math.max(0, Math.floor(ms / BIN)))]++; };

  P.reset = () => {
    P.e2e.fill(0); P.page.fill(0); P.frames.fill(0);
    P.head = P.tail; P.overflowed = 0; P.messages = 0; P.trades = 0; P.resolved = 0;
    P.e2eMax = 0; P.pageMax = 0; P.frameCount = 0; P.frameMax = 0; P.over25 = 0; P.dropped = 0;
    P.loafCount = 0; P.loafMax = 0; P.loafBlocking = 0; P.loafScripts = [];
    P.startedAt = performance.now();
  };

  const quantile = (hist, q) => {
    let total = 0;
    for (let i = 0; i <= BINS; i++) total += hist[i];
    if (total === 0) return null;
    const want = Math.max(1, Math.ceil(total * q));
    let seen = 0;
    for (let i = 0; i <= BINS; i++) {
      seen += hist[i];
      if (seen >= want) return (i + 1) * BIN; // the bin's upper bound
    }
    return null;
  };

  P.summary = () => {
    const secs = (performance.now() - P.startedAt) / 1000;
    const wasm = P.memories.reduce((n, m) => n + m.buffer.byteLength, 0);
    return {
      secs,
      messages: P.messages,
      trades: P.trades,
      resolved: P.resolved,
      pending: (P.tail - P.head + RING) % RING,
      overflowed: P.overflowed,
      e2e: { p50: quantile(P.e2e, 0.5), p99: quantile(P.e2e, 0.99), max: P.e2eMax },
      page: { p50: quantile(P.page, 0.5), p99: quantile(P.page, 0.99), max: P.pageMax },
      frames: { count: P.frameCount, p50: quantile(P.frames, 0.5), p99: quantile(P.frames, 0.99), max: P.frameMax,
        over25: P.over25, dropped: P.dropped },
      loaf: { count: P.loafCount, max: P.loafMax, blocking: P.loafBlocking, scripts: P.loafScripts.slice(0, 5) },
      wasmBytes: wasm,
      clockSkewMs: Date.now() - (performance.timeOrigin + performance.now()),
    };
  };

  // --- the page's websocket ------------------------------------------------------------
  const NativeWebSocket = window.WebSocket;
  const onMessage = (e) => {
    P.messages++;
    const d = e.data;
    if (typeof d !== 'string') return;
    const i = d.indexOf('"private":"trade"');
    if (i < 0 || d.indexOf('"price_currency":"USD"', i) < 0) return;
    const t = d.indexOf('"tid":"', i);
    if (t < 0) return;
    const tid = Number(d.slice(t + 7, d.indexOf('"', t + 7)));
    P.trades++;
    const next = (P.tail + 1) % RING;
    if (next === P.head) { P.head = (P.head + 1) % RING; P.overflowed++; }
    P.ringTid[P.tail] = tid;
    P.ringAt[P.tail] = performance.now();
    P.tail = next;
  };
  class ProbedWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', onMessage);
    }
  }
  window.WebSocket = ProbedWebSocket;

  // --- the trades list in the DOM -------------------------------------------------------
  const onMutation = () => {
    const now = performance.now();
    const list = P.tradesList;
    if (!list) return;
    let newest = 0;
    for (const el of [list.firstElementChild, list.lastElementChild]) {
      const v = el ? Number(el.getAttribute('data-tid')) : 0;
      if (v > newest) newest = v;
    }
    const wall = performance.timeOrigin + now;
    while (P.head !== P.tail && P.ringTid[P.head] <= newest) {
      const e2e = wall - P.ringTid[P.head] / 1000;
      const page = now - P.ringAt[P.head];
      add(P.e2e, e2e);
      add(P.page, page);
      if (e2e > P.e2eMax) P.e2eMax = e2e;
      if (page > P.pageMax) P.pageMax = page;
      P.resolved++;
      P.head = (P.head + 1) % RING;
    }
  };
  const observer = new MutationObserver(onMutation);
  P.watchTrades = () => {
    const row = document.querySelector('[data-trade]');
    if (!row) return false;
    P.tradesList = row.parentElement;
    observer.observe(P.tradesList, { childList: true });
    return true;
  };

  // --- frames ---------------------------------------------------------------------------
  const VSYNC = 1000 / 60;
  const frame = (ts) => {
    if (P.lastFrame) {
      const dt = ts - P.lastFrame;
      add(P.frames, dt);
      P.frameCount++;
      if (dt > P.frameMax) P.frameMax = dt;
      if (dt > 1.5 * VSYNC) { P.over25++; P.dropped += Math.max(1, Math.round(dt / VSYNC) - 1); }
    }
    P.lastFrame = ts;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        P.loafCount++;
        if (e.duration > P.loafMax) P.loafMax = e.duration;
        P.loafBlocking += e.blockingDuration || 0;
        if (P.loafScripts.length < 5) {
          P.loafScripts.push({ duration: Math.round(e.duration),
            scripts: (e.scripts || []).slice(0, 3).map((s) => `${s.invoker || s.name} ${Math.round(s.duration)} ms`) });
        }
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    P.loafUnsupported = true;
  }

  // --- wasm memories --------------------------------------------------------------------
  const keep = (result) => {
    const inst = result.instance || result;
    for (const v of Object.values(inst.exports || {})) if (v instanceof WebAssembly.Memory) P.memories.push(v);
    return result;
  };
  const is = WebAssembly.instantiateStreaming;
  if (is) WebAssembly.instantiateStreaming = (...a) => is.apply(WebAssembly, a).then(keep);
  const inst = WebAssembly.instantiate;
  WebAssembly.instantiate = (...a) => inst.apply(WebAssembly, a).then(keep);
})();
