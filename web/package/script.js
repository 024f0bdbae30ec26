// The script tag's bootstrap. web/build writes goxbook.js as one classic script: embed.js
// (without its `export`s) and this, inside one function, so createEmbed is in scope here.
//   <script src="https://cdn.example/goxbook/goxbook.js" defer></script>
//   <div data-goxbook data-feed="wss://…" data-api="https://…" data-currency="EUR"></div>
//   <goxbook-widget feed="wss://…" currency="USD" panels="ticker,book"></goxbook-widget>
// The wasm loads relative to this script's own URL, when the first widget mounts.
if (!window.goxbook) {
  const base = new URL('.', (document.currentScript && document.currentScript.src) || location.href);
  const embed = createEmbed(async (analytics) => {
    const dir = analytics ? 'widget-analytics/' : 'widget/';
    const glue = new URL(dir + 'goxbook_widget.js', base);
    const wasm = new URL(dir + 'goxbook_widget_bg.wasm', base);
    const m = await loading(glue, import(glue.href));
    await loading(wasm, m.default({ module_or_path: wasm }));
    return m;
  });
  window.goxbook = { mount: embed.mount, connections: embed.connections, options: OPTIONS };
  embed.define();
  embed.autoMount();
}
