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
 * in the widget and warned about in the console, naming the option, and so is a name that is
 * no option (with the closest one). In `update`, an option not named keeps its value and one
 * given `null` (or `undefined`) goes back to its default.
 */
export interface WidgetOptions {
  /** The websocket: ws: or wss: URL, or a same-origin path (default "/mtgox"). */
  feed?: string | null;
  /** The HTTP API v1 base: http: or https: URL, or a same-origin path (default "/api/1/"). */
  api?: string | null;
  /** The currency shown (default "USD"). */
  currency?: string | null;
  /** Every currency subscribed (the widget switches between them). */
  currencies?: string | string[] | null;
  /** The panels shown, in order (default "ticker,book,trades"). */
  panels?: string | Panel[] | null;
  theme?: "light" | "dark" | "auto" | null;
  /** Levels a side, 1–200 (default 15). */
  depth?: number | string | null;
  /** A BCP 47 tag for the numbers shown (default: the browser's). */
  locale?: string | null;
  layout?: "stacked" | "side" | null;
  snapshot?: "full" | "window" | null;
  /** Seconds of silence after which the feed is stale and reconnected (default 30). */
  stale?: number | string | null;
  /** A message after this many seconds of silence starts a fresh snapshot (default 5; 0: never). */
  resync?: number | string | null;
  /** The snapshot is fetched again this often, in seconds (default 120; 0: never). */
  refresh?: number | string | null;
  /** Subscriptions are sent again this often, in seconds (default 60; 0: never). */
  resubscribe?: number | string | null;
  /** The cap of the reconnect delay, in seconds (default 30). */
  backoff?: number | string | null;
  /** The VWAP read-out covers the last this many BTC traded. */
  vwapAmount?: number | string | null;
  /** Where the forex grid's prices come from. */
  forex?: "last" | "mid" | null;
  /** A forex-grid input older than this many seconds is stale. */
  forexStale?: number | string | null;
  /**
   * The widget's height: a number of px, or a length in px, em, rem, vh, svh, lvh or dvh
   * ("24em"). The book and the trades scroll inside it instead of growing the page.
   * Default: as tall as its content.
   */
  height?: number | string | null;
}

/** The connection's state, as the `data-status` hook says it. */
export type WidgetStatus = "connecting" | "syncing" | "live" | "stale" | "offline";

/** `goxbook:status`: the widget's status changed. */
export interface StatusDetail {
  status: WidgetStatus;
  /** What went wrong, in words (a configuration error, a refused connection …). */
  message: string | null;
  /** The currency shown. */
  currency: string;
}

/** `goxbook:ticker`: a ticker value of the currency shown changed. Exact decimal strings; null while not known. */
export interface TickerDetail {
  currency: string;
  last: string | null;
  /** Best bid. */
  buy: string | null;
  /** Best ask. */
  sell: string | null;
  spread: string | null;
  high: string | null;
  low: string | null;
  /** 24 h volume in BTC (8 decimals). */
  vol: string | null;
  vwap: string | null;
  avg: string | null;
}

/**
 * `goxbook:trade`: a trade printed in the currency shown after the widget went live (one event
 * per trade, oldest first; the history loaded at the start is not reported).
 */
export interface TradeDetail {
  currency: string;
  /** MtGox's trade id (µs since the epoch), as text. */
  tid: string;
  /** Seconds since the epoch. */
  date: number;
  /** Exact, at the currency's scale. */
  price: string;
  /** Exact BTC, 8 decimals. */
  amount: string;
  /** The taker's side; "" when the feed does not say. */
  type: "buy" | "sell" | "";
}

/**
 * The events a widget's element dispatches. They bubble and are composed (they leave shadow
 * roots), so a listener on the document hears every widget's.
 */
export interface GoxbookEventMap {
  "goxbook:status": CustomEvent<StatusDetail>;
  "goxbook:ticker": CustomEvent<TickerDetail>;
  "goxbook:trade": CustomEvent<TradeDetail>;
}

declare global {
  interface ElementEventMap extends GoxbookEventMap {}
  interface GlobalEventHandlersEventMap extends GoxbookEventMap {}
}

/** A mounted widget. */
export interface WidgetHandle {
  readonly element: Element;
  /**
   * Applies new options over those given before: `update({ currency: "USD" })` changes the
   * currency only. The connection stays open when the feed is the same.
   */
  update(options: WidgetOptions): void;
  /** Unmounts the widget; the last widget on a connection closes its socket. */
  destroy(): void;
  /**
   * Resolves once the widget is drawn (its wasm loaded, once per page); rejects when the wasm
   * cannot be loaded (the element then says so, with the URL).
   */
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
