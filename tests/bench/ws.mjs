// The baseline of the widget-under-load benchmark: the cheapest page that follows the same
// feed. It opens the same websocket (`?feed=ws://…/mtgox`), counts messages, finds each
// trade's tid with a string search (no JSON.parse, no book) and, once per animation frame,
// shows the newest trade as one `[data-trade]` row: the browser's own cost of receiving the
// stream and touching the DOM, measured by the same probe (widget-probe.js) in the same run.
const feed = new URLSearchParams(location.search).get('feed');
const root = document.querySelector('[data-goxbook]');
const list = document.getElementById('trades');
let newest = null;
let scheduled = false;

function draw() {
  scheduled = false;
  const row = document.createElement('div');
  row.setAttribute('data-trade', '');
  row.setAttribute('data-tid', newest);
  row.textContent = `trade ${newest}`;
  list.replaceChildren(row);
}

const ws = new WebSocket(`${feed}?Currency=USD`);
ws.addEventListener('message', (e) => {
  root.dataset.status = 'live';
  const d = e.data;
  const i = d.indexOf('"private":"trade"');
  if (i < 0) return;
  const t = d.indexOf('"tid":"', i);
  newest = d.slice(t + 7, d.indexOf('"', t + 7));
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(draw);
  }
});
ws.addEventListener('close', (e) => { root.dataset.status = 'offline'; root.dataset.close = `${e.code} ${e.reason}`; });
