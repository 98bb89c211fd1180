// The download worker: replays a link to a moment of a run and writes the file asked for, in
// the Rust core (src/bin/export.rs, src/export.rs). static/export.js starts it on the first
// download of a trace or scenario file, so a page load never fetches it.
importScripts('paxos-export.js');
const ready = wasm_bindgen({ module_or_path: 'paxos-export_bg.wasm' });

onmessage = async ({ data }) => {
  const { id, kind, search, hash, fetched, lang, text, base } = data;
  try {
    await ready;
    const ok = kind === 'publish' ? wasm_bindgen.publish(text, base, lang) : wasm_bindgen.file(kind, search, hash, fetched, lang);
    postMessage({ id, ok });
  } catch (error) {
    postMessage({ id, error: String(error?.message ?? error) });
  }
};
