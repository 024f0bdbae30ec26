// The embedding layer of goxbook, shared by the npm entry (index.js) and the script tag
// (goxbook.js, which web/build makes from this file and script.js). It loads the widget's
// wasm lazily, once per page and build — the default build (ticker, book, trades, VWAP), or
// the analytics build when a widget's `panels` names an analytics panel — and gives:
//   mount(element, options)  → handle { update(options), destroy(), ready }
//   define(name)             → the custom element <goxbook-widget feed=… currency=… panels=…>
//   autoMount()              → every [data-goxbook] element, including those added later
// No inline script or style anywhere: it works under `script-src 'self' 'wasm-unsafe-eval'`.

/** Every option, as attribute names (data-* on [data-goxbook] elements). */
export const OPTIONS = ['feed', 'api', 'currency', 'currencies', 'panels', 'theme', 'depth', 'locale', 'layout',
  'snapshot', 'stale', 'resync', 'refresh', 'resubscribe', 'backoff', 'vwap-amount', 'forex', 'forex-stale'];

/** The panels only the analytics build has (`all` names them too). */
export const ANALYTICS_PANELS = ['calculator', 'forex', 'depth-chart', 'execution-chart', 'all'];

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
    let pending = options;
    let analytics = needsAnalytics(options);
    // Mounts with the build `analytics` says, once it is loaded (the latest options then).
    const start = () => wasm(analytics).then((m) => {
      if (!dead && !real) real = m.mount(element, pending, naming);
      return handle;
    });
    const handle = {
      element,
      /** Applies new options (the connection stays when the feed is the same). */
      update(next = {}) {
        if (dead) return;
        pending = next;
        if (needsAnalytics(next) && !analytics) {
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
    handle.ready = start().catch((e) => {
      console.error('goxbook: the widget could not be loaded:', e);
      throw e;
    });
    return handle;
  }

  /** The options an element's attributes give: `data-currency` (prefix "data-") or `currency`. */
  function attributes(element, prefix) {
    const options = {};
    for (const name of OPTIONS) {
      const v = element.getAttribute(prefix + name);
      if (v !== null) options[name] = v;
    }
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
