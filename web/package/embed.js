// The embedding layer of goxbook, shared by the npm entry (index.js) and the script tag
// (goxbook.js, which web/build makes from this file and script.js). It loads the widget's
// wasm lazily, once per page and build — the default build (ticker, book, trades), or
// the analytics build when a widget's `panels` names an analytics panel — and gives:
//   mount(element, options)  → handle { update(options), destroy(), ready }
//   define(name)             → the custom element <goxbook-widget feed=… currency=… panels=…>
//   autoMount()              → every [data-goxbook] element, including those added later
// While the wasm loads, the element shows a small loading state (in its shadow root); if it
// cannot be loaded, the element says so, with the URL. The widget's events (goxbook:status,
// goxbook:ticker, goxbook:trade) are dispatched at the element by the wasm (events.rs).
// No inline script or style anywhere: it works under `script-src 'self' 'wasm-unsafe-eval'`.

/** Every option, as attribute names (data-* on [data-goxbook] elements). */
export const OPTIONS = ['feed', 'api', 'currency', 'currencies', 'panels', 'theme', 'depth', 'locale', 'layout',
  'snapshot', 'stale', 'resync', 'refresh', 'resubscribe', 'backoff', 'vwap-amount', 'forex', 'forex-stale', 'height'];

/**
 * `promise`, whose failure becomes an Error naming `url` (what could not be loaded): the
 * loaders wrap each fetch in it.
 */
export function loading(url, promise) {
  return Promise.resolve(promise).catch((cause) => {
    throw Object.assign(new Error(`${url}: ${(cause && cause.message) || cause}`), { url: String(url), cause });
  });
}

// The loading state's and the failure's look (a constructable sheet: no inline style, so no
// CSP can refuse it). The widget's own sheet replaces it when it mounts.
const LOADING_CSS = ':host{display:block!important}'
  + '.gx-loading{font:13px/1.4 var(--goxbook-font,ui-monospace,monospace);color:var(--goxbook-muted,#6b7480);'
  + 'padding:10px 12px;border:1px solid var(--goxbook-line,#8884);border-radius:6px}'
  + '.gx-failed{color:var(--goxbook-ask,#c9363e);overflow-wrap:anywhere}';
let loadingSheet = null;

/** Shows "Loading…" in `element`'s shadow root (attached if it has none); null when it cannot have one. */
function showLoading(element) {
  let root = element.shadowRoot;
  if (!root) {
    try { root = element.attachShadow({ mode: 'open' }); } catch { return null; }
  }
  try {
    if (!loadingSheet) { loadingSheet = new CSSStyleSheet(); loadingSheet.replaceSync(LOADING_CSS); }
    root.adoptedStyleSheets = [loadingSheet];
  } catch { /* unstyled, still there */ }
  const note = element.ownerDocument.createElement('div');
  note.className = 'gx-loading';
  note.setAttribute('data-loading', '');
  note.setAttribute('role', 'status');
  note.textContent = 'Loading market data…';
  root.append(note);
  return note;
}

/** Turns the loading state into the failure, naming what could not be loaded. */
function showFailure(note, error) {
  if (!note) return;
  const url = error && error.url;
  note.removeAttribute('data-loading');
  note.setAttribute('data-load-error', url || '');
  note.setAttribute('role', 'alert');
  note.classList.add('gx-failed');
  note.textContent = url
    ? `The market widget could not be loaded from ${url}${error.cause ? ` (${error.cause.message || error.cause})` : ''}.`
    : `The market widget could not be loaded (${(error && error.message) || error}).`;
}

/** The panels only the analytics build has (`all` names them too). */
export const ANALYTICS_PANELS = ['calculator', 'forex', 'depth-chart', 'execution-chart', 'vwap', 'all'];

/** Whether `options` (or attributes read into options) need the analytics build. */
export function needsAnalytics(options) {
  const panels = options && options.panels;
  if (panels === undefined || panels === null) return false;
  const names = Array.isArray(panels) ? panels : String(panels).split(',');
  return names.some((p) => ANALYTICS_PANELS.includes(String(p).trim().toLowerCase()));
}

/**
 * `load(analytics)` resolves to the initialised wasm-bindgen module of the widget's default
 * build (false) or its analytics build (true); it is called at most once per build, when the
 * first widget that needs that build mounts.
 */
export function createEmbed(load) {
  const modules = [null, null]; // default, analytics
  const wasm = (analytics = false) => (modules[+analytics] ||= Promise.resolve().then(() => load(analytics)));
  const mounted = new Map(); // element → handle

  function mount(element, options = {}, naming = 'option') {
    if (!element || element.nodeType !== 1) throw new TypeError('goxbook: mount(element, options) needs an element');
    mounted.get(element)?.destroy();
    let real = null;
    let dead = false;
    let pending = { ...options }; // every option given so far
    let analytics = needsAnalytics(pending);
    const note = showLoading(element);
    // Mounts with the build `analytics` says, once it is loaded (with every option given).
    const start = () => wasm(analytics).then((m) => {
      if (!dead && !real) {
        note?.remove();
        real = m.mount(element, pending, naming);
      }
      return handle;
    }).catch((e) => {
      if (!dead) showFailure(note, e);
      console.error('goxbook: the widget could not be loaded:', e);
      throw e;
    });
    const handle = {
      element,
      /**
       * Applies new options over those given before (an option not named keeps its value;
       * null or undefined puts it back to its default). The connection stays when the feed does.
       */
      update(next = {}) {
        if (dead) return;
        pending = { ...pending, ...next };
        if (!analytics && needsAnalytics(pending)) {
          // The analytics build from now on: this widget moves to it.
          analytics = true;
          if (real) {
            real.destroy();
            real.free();
            real = null;
          }
          handle.ready = start();
        } else if (real) real.update(next);
      },
      /** Unmounts the widget; the last widget on a connection closes its socket. */
      destroy() {
        if (dead) return;
        dead = true;
        note?.remove();
        if (mounted.get(element) === handle) mounted.delete(element);
        if (real) {
          real.destroy();
          real.free();
          real = null;
        }
      },
      /** Resolves once the widget is drawn (the wasm loaded). */
      ready: null,
    };
    mounted.set(element, handle);
    handle.ready = start();
    return handle;
  }

  /**
   * The options an element's attributes give: `data-currency` (prefix "data-") or `currency`;
   * null for an attribute that is absent, so that an update puts a removed one back to its default.
   */
  function attributes(element, prefix) {
    const options = {};
    for (const name of OPTIONS) options[name] = element.getAttribute(prefix + name);
    return options;
  }

  /** Registers <goxbook-widget> (or `name`): attribute changes apply live, removal unmounts. */
  function define(name = 'goxbook-widget') {
    if (typeof customElements === 'undefined' || customElements.get(name)) return;
    customElements.define(name, class extends HTMLElement {
      static get observedAttributes() { return OPTIONS; }
      connectedCallback() {
        if (!this.goxbook) this.goxbook = mount(this, attributes(this, ''), 'attribute');
      }
      disconnectedCallback() {
        // A move (removed and inserted again in the same task) keeps the widget.
        queueMicrotask(() => {
          if (!this.isConnected && this.goxbook) {
            this.goxbook.destroy();
            this.goxbook = null;
          }
        });
      }
      attributeChangedCallback() {
        if (!this.goxbook || this.changing) return;
        // Several attributes set in one task: one update.
        this.changing = true;
        queueMicrotask(() => {
          this.changing = false;
          this.goxbook?.update(attributes(this, ''));
        });
      }
    });
  }

  /** Mounts every [data-goxbook] element of the document now and whenever one is added. */
  function autoMount(doc = document) {
    const found = (node, f) => {
      if (node.nodeType !== 1) return;
      if (node.hasAttribute('data-goxbook')) f(node);
      for (const el of node.querySelectorAll('[data-goxbook]')) f(el);
    };
    const start = (el) => {
      if (!mounted.has(el)) mount(el, attributes(el, 'data-'), 'data');
    };
    const observer = new MutationObserver((records) => {
      const changed = new Set();
      for (const r of records) {
        if (r.type === 'childList') {
          for (const n of r.addedNodes) found(n, start);
          for (const n of r.removedNodes) found(n, (el) => { if (!el.isConnected) mounted.get(el)?.destroy(); });
        } else if (r.target.hasAttribute('data-goxbook')) {
          changed.add(r.target);
        } else {
          mounted.get(r.target)?.destroy(); // data-goxbook removed
        }
      }
      for (const el of changed) {
        if (mounted.has(el)) mounted.get(el).update(attributes(el, 'data-'));
        else if (el.isConnected) start(el);
      }
    });
    const go = () => {
      observer.observe(doc.documentElement, {
        childList: true, subtree: true, attributes: true,
        attributeFilter: ['data-goxbook', ...OPTIONS.map((o) => `data-${o}`)],
      });
      found(doc.documentElement, start);
    };
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', go, { once: true });
    else go();
    return observer;
  }

  /** How many websockets the page's widgets have open (one per feed URL and build). */
  async function connections() {
    let n = 0;
    for (const m of modules) if (m) n += (await m).connections();
    return n;
  }

  return { mount, define, autoMount, connections, load: wasm };
}
