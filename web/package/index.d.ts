// goxbook: the widget's `mount` and the core's JS API.
export { default as initCore, Market } from "./core/goxbook_core.js";
export type {
  MarketOptions, Change, Level, Book, Ticker, Trade, Quote, CrossRates, Batch, GoxbookError,
} from "./core/goxbook_core.js";

/** A panel of the widget. */
export type Panel =
  | "ticker" | "book" | "trades" | "calculator" | "forex" | "depth-chart" | "execution-chart" | "vwap" | "all";

/**
 * The widget's options (the README's table). Every one is optional; a bad value is shown
 * in the widget and warned about in the console, naming the option.
 */
export interface WidgetOptions {
  /** The websocket: ws: or wss: URL, or a same-origin path (default "/mtgox"). */
  feed?: string;
  /** The HTTP API v1 base: http: or https: URL, or a same-origin path (default "/api/1/"). */
  api?: string;
  /** The currency shown (default "USD"). */
  currency?: string;
  /** Every currency subscribed (the widget switches between them). */
  currencies?: string | string[];
  /** The panels shown, in order (default "ticker,book,trades"). */
  panels?: string | Panel[];
  theme?: "light" | "dark" | "auto";
  /** Levels a side, 1–200 (default 15). */
  depth?: number | string;
  /** A BCP 47 tag for the numbers shown (default: the browser's). */
  locale?: string;
  layout?: "stacked" | "side";
  snapshot?: "full" | "window";
  /** Seconds of silence after which the feed is stale and reconnected (default 30). */
  stale?: number | string;
  /** A message after this many seconds of silence starts a fresh snapshot (default 5; 0: never). */
  resync?: number | string;
  /** The snapshot is fetched again this often, in seconds (default 120; 0: never). */
  refresh?: number | string;
  /** Subscriptions are sent again this often, in seconds (default 60; 0: never). */
  resubscribe?: number | string;
  /** The cap of the reconnect delay, in seconds (default 30). */
  backoff?: number | string;
  /** The VWAP read-out covers the last this many BTC traded. */
  vwapAmount?: number | string;
  /** Where the forex grid's prices come from. */
  forex?: "last" | "mid";
  /** A forex-grid input older than this many seconds is stale. */
  forexStale?: number | string;
}

/** A mounted widget. */
export interface WidgetHandle {
  readonly element: Element;
  /** Applies new options; the connection stays open when the feed is the same. */
  update(options: WidgetOptions): void;
  /** Unmounts the widget; the last widget on a connection closes its socket. */
  destroy(): void;
  /** Resolves once the widget is drawn (its wasm loaded, once per page). */
  readonly ready: Promise<WidgetHandle>;
}

/** Mounts a widget in `element` (in a shadow root of its own). */
export function mount(element: Element, options?: WidgetOptions): WidgetHandle;
/** Registers the custom element `<goxbook-widget>` (or `name`). */
export function define(name?: string): void;
/** Mounts every `[data-goxbook]` element of the document, including those added later. */
export function autoMount(doc?: Document): MutationObserver;
/** How many websockets the page's widgets have open (one per feed URL). */
export function connections(): Promise<number>;
/** Every option, as attribute names. */
export const OPTIONS: readonly string[];
