// goxbook for bundlers (Vite, webpack, Rollup …) and <script type="module">: the widget's
// `mount`, and the core's JS API (also alone, without the widget, as "goxbook/core").
import { createEmbed, loading, OPTIONS } from './embed.js';
import initCore, { Market } from './core/goxbook_core.js';

const embed = createEmbed(async (analytics) => {
  // The wasm is fetched next to the module (bundlers copy it as an asset), once per build, on
  // the first mount that needs it: the analytics build only for a widget showing its panels.
  // The URLs name what failed, if anything does (the glue's is only for that message: written
  // so that bundlers do not copy the glue as an asset too).
  const glue = (analytics ? './widget-analytics/' : './widget/') + 'goxbook_widget.js';
  const m = await loading(new URL(glue, import.meta.url),
    analytics ? import('./widget-analytics/goxbook_widget.js') : import('./widget/goxbook_widget.js'));
  const wasm = analytics
    ? new URL('./widget-analytics/goxbook_widget_bg.wasm', import.meta.url)
    : new URL('./widget/goxbook_widget_bg.wasm', import.meta.url);
  await loading(wasm, m.default({ module_or_path: wasm }));
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
