// goxbook for bundlers (Vite, webpack, Rollup …) and <script type="module">: the widget's
// `mount`, and the core's JS API (also alone, without the widget, as "goxbook/core").
import { createEmbed, OPTIONS } from './embed.js';
import initCore, { Market } from './core/goxbook_core.js';

const embed = createEmbed(async (analytics) => {
  // The wasm is fetched next to the module (bundlers copy it as an asset), once per build, on
  // the first mount that needs it: the analytics build only for a widget showing its panels.
  const m = analytics ? await import('./widget-analytics/goxbook_widget.js') : await import('./widget/goxbook_widget.js');
  await m.default();
  return m;
});

/** Mounts a widget in `element`: `{ feed, api, currency, panels, theme, … }`. */
export const mount = embed.mount;
/** Registers the custom element <goxbook-widget> (or another name). */
export const define = embed.define;
/** Mounts every [data-goxbook] element, including those added later. */
export const autoMount = embed.autoMount;
/** How many websockets the page's widgets have open. */
export const connections = embed.connections;
export { OPTIONS, initCore, Market };
