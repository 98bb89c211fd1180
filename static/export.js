// Downloads and pictures, for the buttons of the share dialog that carry `data-export`. The page
// loads this module on the first click of one (index.html), so a page load never fetches it.
//
//   data-export="svg"       the stage as a self-contained SVG in the light theme: the styles
//                           inlined, text as text
//   data-export="png"       the same picture as PNG, `data-size` pixels ("1920x1080"), on a light
//                           background in the projector theme's sizes and contrast
//   data-export="trace"     the run as JSON lines, in the trace format (docs/trace.md)
//   data-export="scenario"  the run as a scenario file that replays it (docs/scenarios.md)
//   data-export="record"    starts the tour recorder (author.js)
//   data-export="handout"   prints the guided tour, one page per step: each of its `data-steps`
//                           steps is opened in turn in a hidden embed, and its picture and
//                           caption make a page
//
// The button also carries `data-link` (the address of this moment: the scenario and `run=`),
// `data-name` (the file names' stem) and `data-title`; a checkbox with `data-export-bare`
// leaves the title and banners out of the pictures, and a select with `data-export-what`
// ('stage' or 'diagram', where the space-time diagram is shown) says what they show. The trace and the scenario are written by
// the Rust core, in a web worker that replays the link (export-worker.js, src/export.rs).
// What happened is said in the dialog's element with `data-export-status`.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The style properties that make up an SVG picture; the rest of the page's CSS is not needed. */
const PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-linecap', 'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-weight',
  'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing', 'paint-order',
  'visibility', 'marker-start', 'marker-end', 'filter',
];

const say = (zh, en) => (document.documentElement.lang.startsWith('zh') ? zh : en);

function status(text, failed = false) {
  const el = document.querySelector('[data-export-status]');
  if (!el) return;
  el.textContent = text;
  // A failure is shown as one (the page's own markup does not know of this attribute).
  el.toggleAttribute('data-failed', failed);
}

/** `paxos-lab-NAME-20261205-1503.EXT`, in local time. */
export function fileName(stem, ext) {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}`;
  return `paxos-lab-${stem}-${when}.${ext}`;
}

/** Downloads `blob` as the file `name`. */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies the computed style of `from` and its descendants onto the clone `to`, as attributes.
 *  `kept` maps elements to the font size and weight they keep whatever the theme read. */
function inline(from, to, kept) {
  const style = from.ownerDocument.defaultView.getComputedStyle(from);
  // Styles are inlined; a style sheet of the page's own (the diagram's highlight) goes.
  if (style.display === 'none' || from.localName === 'style') {
    to.remove();
    return;
  }
  // A reference such as a marker is kept inside the picture: `url("https://…/page#m")` → `url(#m)`.
  const own = kept?.get(from);
  const value = (p) => (own && p === 'font-size' ? own[0] : own && p === 'font-weight' ? own[1] : style.getPropertyValue(p));
  const css = PROPS.map((p) => `${p}:${value(p).replace(/url\(\s*"?[^")#]*(#[^")]+)"?\s*\)/g, 'url($1)')}`).join(';');
  to.setAttribute('style', css);
  // Focus rings, tab stops and names for assistive technology belong to the page, not a picture.
  for (const attr of ['class', 'tabindex', 'role', 'aria-label', 'aria-pressed', 'aria-describedby', 'focusable']) {
    to.removeAttribute(attr);
  }
  const kids = [...from.children];
  const copies = [...to.children];
  kids.forEach((kid, i) => inline(kid, copies[i], kept));
}

/**
 * The stage as one standalone SVG element: its two layers (nodes, then messages) in one
 * picture, with the title and banners above them unless `bare`; or, if `what` is 'diagram',
 * the part of the space-time diagram on screen. Styles are read in the theme
 * `theme`: 'light' (the page's light colours, even where the system is dark) or 'projector'.
 */
export function picture(doc, bare, theme, title, what = 'stage') {
  const getComputedStyle = (el) => doc.defaultView.getComputedStyle(el);
  const layers = [...doc.querySelectorAll(what === 'diagram' ? 'svg.dg-svg' : 'svg.stage, svg.stage-top')];
  if (layers.length === 0) {
    throw new Error(what === 'diagram' ? say('时空图不在页面上', 'the space-time diagram is not on the page') : say('舞台不在页面上', 'the stage is not on the page'));
  }
  const app = doc.querySelector('.app');
  // The theme's styles are read with its class on for a moment: nothing renders in between.
  const added = theme && app && !app.classList.contains(theme) ? theme : '';
  // A message's label keeps the size and weight its pill was measured for on the page: the
  // projector theme's larger, bolder labels would spill out of pills sized without it.
  const kept = new Map(
    added
      ? [...doc.querySelectorAll('.msg text')].map((t) => {
          const s = getComputedStyle(t);
          return [t, [s.fontSize, s.fontWeight]];
        })
      : [],
  );
  if (added) app.classList.add(added);
  try {
    const [, , w, h] = layers[0].getAttribute('viewBox').split(/\s+/).map(Number);
    const banners = bare ? [] : [...doc.querySelectorAll('.banners .banner')];
    // The title band is sized to the picture's larger side, so a flat diagram keeps legible text.
    const band = bare ? 0 : Math.round(Math.max(h, w * 0.5) * 0.09);
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('xmlns', SVG_NS);
    svg.setAttribute('viewBox', `0 0 ${w} ${h + band}`);
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(h + band));
    const bg = getComputedStyle(app ?? doc.body).backgroundColor;
    const back = document.createElementNS(SVG_NS, 'rect');
    back.setAttribute('width', '100%');
    back.setAttribute('height', '100%');
    back.setAttribute('fill', bg && bg !== 'rgba(0, 0, 0, 0)' ? bg : '#ffffff');
    svg.append(back);
    if (!bare) {
      const ink = getComputedStyle(app ?? doc.body).color;
      const font = getComputedStyle(doc.body).fontFamily;
      const size = Math.round(band * 0.42);
      const head = document.createElementNS(SVG_NS, 'text');
      head.setAttribute('x', String(Math.round(w * 0.02)));
      head.setAttribute('y', String(Math.round(band * 0.62)));
      head.setAttribute('style', `fill:${ink};font-family:${font};font-size:${size}px;font-weight:700`);
      head.textContent = title;
      svg.append(head);
      // The banners at the right, each in its own colours.
      let x = w * 0.98;
      for (const b of banners.reverse()) {
        const s = getComputedStyle(b);
        const text = b.textContent.trim();
        const fs = Math.round(band * 0.3);
        const width = Math.min(w * 0.45, text.length * fs * (/[\u3000-\u9fff]/.test(text) ? 1 : 0.56) + fs);
        x -= width;
        const pill = document.createElementNS(SVG_NS, 'rect');
        pill.setAttribute('x', String(x));
        pill.setAttribute('y', String(band * 0.2));
        pill.setAttribute('width', String(width));
        pill.setAttribute('height', String(band * 0.6));
        pill.setAttribute('rx', String(band * 0.12));
        pill.setAttribute('style', `fill:${s.backgroundColor};stroke:${s.borderTopColor};stroke-width:1`);
        const label = document.createElementNS(SVG_NS, 'text');
        label.setAttribute('x', String(x + width / 2));
        label.setAttribute('y', String(band * 0.6));
        label.setAttribute('style', `fill:${s.color};font-family:${font};font-size:${fs}px;font-weight:600;text-anchor:middle`);
        label.textContent = text;
        svg.append(pill, label);
        x -= band * 0.15;
      }
    }
    const body = document.createElementNS(SVG_NS, 'g');
    body.setAttribute('transform', `translate(0 ${band})`);
    for (const layer of layers) {
      const copy = layer.cloneNode(true);
      inline(layer, copy, kept);
      const g = document.createElementNS(SVG_NS, 'g');
      g.append(...copy.childNodes);
      body.append(g);
    }
    svg.append(body);
    return { svg, width: w, height: h + band };
  } finally {
    if (added) app.classList.remove(added);
  }
}

function svgText(svg) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** The picture drawn at `size` ("1920x1080") on a canvas, fitted and centred. */
async function png(pic, size) {
  const [cw, ch] = size.split('x').map(Number);
  const url = URL.createObjectURL(new Blob([svgText(pic.svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = cw;
    canvas.height = ch;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = pic.svg.firstChild.getAttribute('fill');
    ctx.fillRect(0, 0, cw, ch);
    const scale = Math.min(cw / pic.width, ch / pic.height);
    const [dw, dh] = [pic.width * scale, pic.height * scale];
    ctx.drawImage(img, (cw - dw) / 2, (ch - dh) / 2, dw, dh);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Resolves when the page in `frame` shows the app at `url`: its stage and its caption. */
async function open(frame, url) {
  await new Promise((resolve) => {
    frame.addEventListener('load', resolve, { once: true });
    frame.src = url;
  });
  for (let waited = 0; waited < 15_000; waited += 50) {
    const doc = frame.contentDocument;
    const caption = doc?.querySelector('p.caption:not(.takeover)');
    if (doc?.querySelector('svg.stage .nodes > *') && caption?.textContent.trim()) {
      // Two frames, so that the stage has drawn what the step shows.
      await new Promise((r) => frame.contentWindow.requestAnimationFrame(() => frame.contentWindow.requestAnimationFrame(r)));
      return { doc, caption: caption.textContent.trim() };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(say('讲义的一步没有打开', 'a step of the handout did not open'));
}

const HANDOUT_STYLE = `
@media screen { .handout { display: none; } }
@media print {
  @page { size: landscape; margin: 10mm; }
  body > :not(.handout) { display: none !important; }
  .handout { display: block; color: #111; font: 11pt system-ui, sans-serif; }
  .handout-page { break-after: page; display: flex; flex-direction: column; gap: 3mm; height: 185mm; }
  .handout-page:last-child { break-after: auto; }
  .handout h2 { margin: 0; font-size: 14pt; }
  .handout svg { flex: 1; min-height: 0; width: 100%; }
  .handout p { margin: 0; line-height: 1.45; }
}`;

/**
 * The guided tour as a handout: a page per step, each with the step's picture (and banners,
 * unless `bare`) and caption, printed with the browser's print dialog. The pages stay in the
 * document, hidden on screen, until the next handout.
 */
async function handout(button, bare) {
  const { link, steps, title } = button.dataset;
  const count = Number(steps);
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;left:-20000px;top:0;width:1280px;height:720px;border:0;visibility:hidden';
  document.body.append(frame);
  const pages = [];
  try {
    for (let k = 1; k <= count; k++) {
      status(say(`正在准备讲义：第 ${k} 页，共 ${count} 页……`, `Preparing the handout: page ${k} of ${count}…`));
      const url = new URL(link, document.baseURI);
      url.searchParams.set('step', String(k));
      const { doc, caption } = await open(frame, url.href);
      const { svg } = picture(doc, bare, 'light', '');
      pages.push({ svg, caption, k });
    }
  } finally {
    frame.remove();
  }
  document.querySelector('.handout')?.remove();
  const sheet = document.querySelector('style[data-handout]') ?? document.head.appendChild(Object.assign(document.createElement('style'), { textContent: HANDOUT_STYLE }));
  sheet.dataset.handout = '';
  const root = document.createElement('div');
  root.className = 'handout';
  root.setAttribute('aria-hidden', 'true');
  for (const { svg, caption, k } of pages) {
    const page = document.createElement('section');
    page.className = 'handout-page';
    const head = document.createElement('h2');
    head.textContent = `${title} · ${say(`第 ${k} 步，共 ${count} 步`, `Step ${k} of ${count}`)}`;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    const text = document.createElement('p');
    text.textContent = caption;
    page.append(head, svg, text);
    root.append(page);
  }
  document.body.append(root);
  status(say(`讲义已备好：${count} 页。`, `The handout is ready: ${count} pages.`));
  window.print();
}

let worker = null;
let asked = 0;
const waiting = new Map();

/** Sends `message` to the download worker and resolves to its answer, or fails with its error. */
async function toWorker(message) {
  if (!worker) {
    worker = new Worker(new URL('export-worker.js', document.baseURI));
    worker.onmessage = ({ data }) => {
      const done = waiting.get(data.id);
      waiting.delete(data.id);
      if (done) done(data);
    };
  }
  asked += 1;
  const id = asked;
  const lang = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
  const reply = await new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ ...message, id, lang });
  });
  if ('error' in reply) throw new Error(reply.error);
  return reply.ok;
}

/** The worker's file `kind` (trace, scenario, expect) of the run that `link` shows. */
export async function fromWorker(kind, link) {
  const url = new URL(link, document.baseURI);
  const name = url.searchParams.get('scenario');
  // A built-in scenario's file is fetched here, as the page does; the worker replays it.
  let fetched = null;
  if (name && /^[a-z0-9-]+$/.test(name)) {
    const response = await fetch(new URL(`scenarios/${name}.json`, document.baseURI));
    if (response.ok) fetched = await response.text();
  }
  return toWorker({ kind, search: url.search, hash: url.hash, fetched });
}

/** A recorded tour's scenario `text`, checked: `{ link, embed, steps }` for this page. */
export async function publish(text) {
  const base = new URL('./', document.baseURI).href;
  return JSON.parse(await toWorker({ kind: 'publish', text, base }));
}

/** Carries out the export that `button` asks for. */
export async function run(button) {
  const { export: kind, link = '', name = 'run', title = '', size = '1920x1080' } = button.dataset;
  const bare = document.querySelector('[data-export-bare]')?.checked ?? false;
  const what = document.querySelector('[data-export-what]')?.value ?? 'stage';
  status(say('正在导出……', 'Exporting…'));
  try {
    let file;
    if (kind === 'svg') {
      const pic = picture(document, bare, 'light', title, what);
      file = fileName(what === 'diagram' ? `${name}-diagram` : name, 'svg');
      save(new Blob([svgText(pic.svg)], { type: 'image/svg+xml' }), file);
    } else if (kind === 'png') {
      const blob = await png(picture(document, bare, 'projector', title, what), size);
      file = fileName(`${name}${what === 'diagram' ? '-diagram' : ''}-${size}`, 'png');
      save(blob, file);
    } else if (kind === 'record') {
      file = null;
      (await import('./author.js')).start();
      document.querySelector('.dialog.share .close')?.click();
      status('');
    } else if (kind === 'handout') {
      file = null;
      await handout(button, bare);
    } else if (kind === 'trace') {
      const text = await fromWorker('trace', link);
      file = fileName(name, 'jsonl');
      save(new Blob([text], { type: 'application/x-ndjson' }), file);
    } else {
      const text = await fromWorker('scenario', link);
      file = fileName(name, 'json');
      save(new Blob([text], { type: 'application/json' }), file);
    }
    if (file) status(say(`已下载 ${file}。`, `Downloaded ${file}.`));
  } catch (e) {
    status(say(`导出失败：${e.message ?? e}`, `Export failed: ${e.message ?? e}`), true);
  }
}
