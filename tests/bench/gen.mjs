// Deterministic MtGox streams of the exact 2013 shape for the benchmark suite: a JS port of
// crates/core/benches/common/mod.rs (splitmix64, one model book of 5 000 ask and 5 000 bid
// prices within ±2 % of a 127.00000 USD mid; a 10 000-level v1 `fulldepth` body and depth
// messages that continue it: every `volume_int` the exact difference of consecutive totals,
// `now` strictly increasing after the snapshot's newest stamp, so no message is ever stale).
// Large inputs are generated at run time, nothing big is committed.
//
//   node tests/bench/gen.mjs depth N OUT.jsonl            line 1: the full depth body, then N depth messages
//   node tests/bench/gen.mjs replay N OUT.jsonl [RATE]    a capture for `goxbook serve --replay`:
//                                                         the full depth (with "_currency", "_t") and N
//                                                         depth messages paced at RATE msg/s ("_t")
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MID = 12_700_000;
export const LEVELS_PER_SIDE = 5_000;
export const T0 = 1_366_452_000_000_000;
export const DEPTH_CHANNEL = '24e67e0d-1cad-4cc0-9e7a-f8523ef460fe';
const M64 = (1n << 64n) - 1n;

export class Rng {
  constructor(seed) { this.s = BigInt(seed) & M64; }
  nextU64() {
    this.s = (this.s + 0x9E3779B97F4A7C15n) & M64;
    let z = this.s;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & M64;
    return z ^ (z >> 31n);
  }
  unit() { return Number(this.nextU64() >> 11n) / 2 ** 53; }
  below(n) { return Number(this.nextU64() % BigInt(n)); }
}

/** Ticks as MtGox's decimal text next to `*_int`: fixed point, trailing zeros trimmed. */
export function decimalText(ticks, decimals) {
  const neg = ticks < 0;
  const v = Math.abs(ticks);
  const p = 10 ** decimals;
  const int = Math.floor(v / p);
  let frac = String(v % p).padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

const amount = (rng) => Math.floor(10 ** (6 + 3.3 * rng.unit()));

export function scenario(seed = 2013) {
  const rng = new Rng(seed);
  const span = Math.floor((MID * 2) / 100);
  const prices = () => {
    const out = [];
    let prev = 0;
    for (let k = 0; k < LEVELS_PER_SIDE; k++) {
      const base = Math.floor(span * ((k + rng.unit()) / LEVELS_PER_SIDE) ** 1.5);
      const off = Math.min(Math.max(base, prev + 1), span);
      out.push(off);
      prev = off;
    }
    return out;
  };
  const askPrices = prices().map((o) => MID + 1 + o);
  const bidPrices = prices().map((o) => MID - 1 - o);
  const askAmounts = Array.from({ length: LEVELS_PER_SIDE }, () => amount(rng));
  const bidAmounts = Array.from({ length: LEVELS_PER_SIDE }, () => amount(rng));
  const stamps = Array.from({ length: 2 * LEVELS_PER_SIDE }, () => T0 - rng.below(86_400_000_000));
  stamps[0] = T0;
  const entry = (price, amt, stamp) =>
    `{"price":${decimalText(price, 5)},"amount":${decimalText(amt, 8)},"price_int":"${price}","amount_int":"${amt}","stamp":"${stamp}"}`;
  const asks = askPrices.map((p, i) => entry(p, askAmounts[i], stamps[i]));
  const bids = [];
  for (let i = LEVELS_PER_SIDE - 1; i >= 0; i--) bids.push(entry(bidPrices[i], bidAmounts[i], stamps[LEVELS_PER_SIDE + i]));
  const body = `"asks":[${asks.join(',')}],"bids":[${bids.join(',')}]`;
  return { askPrices, bidPrices, askAmounts, bidAmounts, snapshotTime: T0, body, fulldepth: `{"result":"success","return":{${body}}}` };
}

/** One depth message exactly as the 2013 stream sent it. */
export function depthMessage(ask, price, volume, total, now, stamp) {
  return `{"op":"private","channel":"${DEPTH_CHANNEL}","channel_name":"depth.BTCUSD","origin":"broadcast","private":"depth","depth":{"price":"${decimalText(price, 5)}","type":${ask ? 1 : 2},"type_str":"${ask ? 'ask' : 'bid'}","volume":"${decimalText(volume, 8)}","volume_int":"${volume}","price_int":"${price}","item":"BTC","currency":"USD","now":"${now}","total_volume_int":"${total}"},"stamp":"${stamp}"}`;
}

/** `n` depth messages continuing the snapshot, biased to the touch (index = N·u²). */
export function depthStream(sc, n, seed = 7) {
  const rng = new Rng(seed);
  const asks = sc.askAmounts.slice();
  const bids = sc.bidAmounts.slice();
  let now = sc.snapshotTime;
  const out = new Array(n);
  for (let k = 0; k < n; k++) {
    const ask = (rng.nextU64() & 1n) === 0n;
    const u = rng.unit();
    const idx = Math.floor(LEVELS_PER_SIDE * u * u);
    const amounts = ask ? asks : bids;
    const prices = ask ? sc.askPrices : sc.bidPrices;
    const cur = amounts[idx];
    const r = rng.unit();
    let next;
    if (cur === 0) next = amount(rng);
    else if (r < 0.3) next = 0;
    else if (r < 0.6) next = Math.floor(cur * (0.1 + 0.8 * rng.unit()));
    else next = amount(rng);
    amounts[idx] = next;
    now += 1 + rng.below(50_000);
    const stamp = now + 200 + rng.below(800);
    out[k] = depthMessage(ask, prices[idx], next - cur, next, now, stamp);
  }
  return out;
}

function main(argv) {
  const [kind, nText, out, rateText] = argv;
  const n = Number(nText);
  if (!['depth', 'replay'].includes(kind) || !Number.isInteger(n) || n < 0 || !out) {
    console.error('usage: gen.mjs depth|replay N OUT.jsonl [RATE]');
    process.exit(2);
  }
  const sc = scenario(2013);
  const msgs = depthStream(sc, n, 7);
  let text;
  if (kind === 'depth') {
    text = `${sc.fulldepth}\n${msgs.join('\n')}\n`;
  } else {
    const rate = Number(rateText || 1000);
    const lines = [`{"result":"success","return":{${sc.body}},"_currency":"USD","_t":0}`];
    msgs.forEach((m, i) => lines.push(`${m.slice(0, -1)},"_t":${Math.floor(((i + 1) * 1000) / rate)}}`));
    text = `${lines.join('\n')}\n`;
  }
  writeFileSync(out, text);
  console.error(`gen: ${kind} ${n} messages → ${out} (${(text.length / 1e6).toFixed(1)} MB)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
