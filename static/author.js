// The tour recorder: a lecturer clicks through a run, and every operation becomes a step of a
// new scenario, captioned with the narration as a draft. A side panel lists the steps; the
// captions (both languages), the title, the summary and the node names can be edited; steps
// can be deleted, merged and reordered once the recording stops; an expectation can be taken
// from what holds now. Preview plays the tour in an embed; Save gives the scenario file, its
// `#scenario=` link and its embed code.
//
// The page fetches this module only when a recording starts (the share dialog's "Record a
// tour") or when one was left in progress (index.html). The Rust core does the work: the page's
// module says where the run is (`wasmBindings.moment()`, a link to this moment), and the
// download worker replays that link into a scenario (src/export.rs), checks a recorded scenario
// the way the page checks a file, and writes its link (export.js).
//
// A recording is kept in localStorage as it changes, so it survives a reload (the page then
// offers to resume or discard it), and leaving the page with unsaved steps asks first.

import { fileName, fromWorker, publish, save as download } from './export.js';

const KEY = 'paxos-lab.recording';
const RESUME = 'paxos-lab.resume';
/** How often the recorder looks at the run while recording (ms). */
const EVERY = 300;

const zh = () => document.documentElement.lang.startsWith('zh');
const say = (z, e) => (zh() ? z : e);

/** The recording: `{ v, live, link, scenario, steps, saved }`; `null` when there is none. */
let rec = null;
let panel = null;
let timer = null;
let syncing = false;
/** The panel folded into a small button, to leave the page its whole width. */
let folded = false;
/** Watches the page's language while the panel is open. */
let language = null;

function keep() {
  try {
    if (rec) localStorage.setItem(KEY, JSON.stringify(rec));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage may be off (a private window): the recording then lasts as long as the page.
  }
}

function kept() {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return value?.v === 1 && Array.isArray(value.steps) ? value : null;
  } catch {
    return null;
  }
}

/** The page's link to the moment on the stage. */
const here = () => window.wasmBindings?.moment?.() ?? '';

/** Starts recording the run on the stage (a recording in progress goes on instead). */
export function start() {
  if (rec && panel) return;
  rec = kept() ?? { v: 1, live: true, link: '', scenario: null, steps: [], saved: false };
  open();
}

/**
 * At page load, with a recording kept: offers to resume it, which opens the page at the run it
 * had reached, or to discard it. Never in the embed.
 */
export function restore() {
  if (new URLSearchParams(location.search).get('embed') === '1') return;
  const found = kept();
  if (!found || found.saved) return;
  let resuming = false;
  try {
    resuming = sessionStorage.getItem(RESUME) === '1';
    sessionStorage.removeItem(RESUME);
  } catch {
    resuming = false;
  }
  if (resuming) {
    rec = found;
    open();
    return;
  }
  const box = el('div', { class: 'author-prompt', role: 'dialog', 'aria-labelledby': 'author-prompt-title' });
  const count = found.steps.length;
  box.append(
    el('h2', { id: 'author-prompt-title' }, say('有一段未完成的导览录制', 'A tour recording is in progress')),
    el('p', {}, say(`它有 ${count} 步，上次停在“${found.scenario?.title?.zh ?? ''}”。`, `It has ${count} steps, in "${found.scenario?.title?.en ?? ''}".`)),
    button(say('继续录制', 'Resume'), () => {
      box.remove();
      const target = new URL(found.link || location.href, document.baseURI);
      if (found.link && target.search + target.hash !== location.search + location.hash) {
        try {
          sessionStorage.setItem(RESUME, '1');
        } catch {
          // Without session storage the prompt is shown once more on the other page.
        }
        location.assign(target.href);
        return;
      }
      rec = found;
      open();
    }),
    button(say('丢弃', 'Discard'), () => {
      box.remove();
      rec = null;
      keep();
    }),
  );
  document.body.append(box);
  box.querySelector('button').focus();
}

// ------------------------------------------------------------------ the panel

function el(tag, attrs = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...kids.filter((k) => k !== null && k !== undefined));
  return node;
}

function button(text, onClick, attrs = {}) {
  const b = el('button', { type: 'button', class: 'btn', ...attrs }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** A text field bound to `get`/`set` of the recording; typing does not redraw the panel. */
function field(label, value, set, { area = false, id } = {}) {
  const input = el(area ? 'textarea' : 'input', { id, rows: area ? 3 : null, 'aria-label': label, spellcheck: 'false' });
  input.value = value ?? '';
  input.addEventListener('input', () => {
    set(input.value);
    rec.saved = false;
    keep();
  });
  return el('label', { class: 'author-field' }, el('span', {}, label), input);
}

function status(text) {
  const s = panel?.querySelector('.author-status');
  if (s) s.textContent = text;
}

/** One action of a step, in the scenario format's words: `deliver prepare p1→a2 (1)`. */
function describe(action) {
  if (typeof action === 'string') return action;
  const [[name, args]] = Object.entries(action);
  if (args?.type) {
    const ballot = args.ballot === undefined ? '' : ` (${args.ballot})`;
    return `${name} ${args.type} ${args.from ?? ''}→${args.to ?? ''}${ballot}`;
  }
  if (args?.node) return `${name} ${args.node}${args.value ? `: ${args.value}` : ''}${args.command ? `: ${args.command}` : ''}`;
  return `${name} ${JSON.stringify(args)}`;
}

/** An expectation in words: `chosen = 郑州 · no violation`. */
function expectText(expect) {
  const parts = [];
  if (expect.chosen !== undefined) parts.push(say(`选定 = ${expect.chosen}`, `chosen = ${expect.chosen}`));
  if (expect.violation === false) parts.push(say('没有违反安全性', 'no violation'));
  if (expect.violation === true) parts.push(say('有违反安全性', 'a violation'));
  return parts.join(' · ');
}

const STYLE = `
body.author-open { padding-right: min(360px, 100vw); box-sizing: border-box; }
.author { position: fixed; z-index: 60; top: 0; right: 0; bottom: 0; width: min(360px, 100vw); box-sizing: border-box;
  display: flex; flex-direction: column; background: #fff; color: #111827; border-left: 1px solid #9ca3af;
  box-shadow: -6px 0 18px rgba(0,0,0,.15); font: 14px/1.4 system-ui, sans-serif; }
.author.folded { top: auto; left: auto; bottom: 10px; right: 10px; width: auto; border: 0; background: none; box-shadow: none; }
.author.folded .btn { font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.author header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 8px 10px; border-bottom: 1px solid #d1d5db; }
.author h2 { flex: 1 0 100%; margin: 0; font-size: 16px; }
.author .live { color: #b91c1c; }
.author-body { flex: 1; overflow: auto; padding: 8px 10px; display: flex; flex-direction: column; gap: 8px; }
.author-field { display: flex; flex-direction: column; gap: 2px; font-weight: 600; font-size: 13px; }
.author-field input, .author-field textarea { font: 13px/1.4 system-ui, sans-serif; padding: 4px 6px; border: 1px solid #6b7280; border-radius: 6px; resize: vertical; }
.author ol { margin: 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 8px; }
.author li { border: 1px solid #d1d5db; border-radius: 8px; padding: 6px 8px; display: flex; flex-direction: column; gap: 4px; }
.author li h3 { margin: 0; font-size: 13px; }
.author code { font-size: 12px; color: #374151; word-break: break-all; }
.author .row { display: flex; flex-wrap: wrap; gap: 4px; }
.author .btn { font-size: 13px; min-height: 1.9em; color: #111827; background: #fff; border: 1px solid #6b7280; border-radius: 6px; padding: 2px 8px; cursor: pointer; }
.author .btn.primary { background: #1d4ed8; color: #fff; border-color: #1d4ed8; }
.author footer { padding: 8px 10px; border-top: 1px solid #d1d5db; display: flex; flex-direction: column; gap: 6px; }
.author-status { margin: 0; min-height: 1.4em; color: #065f46; }
.author-status.bad { color: #b91c1c; }
.author details summary { cursor: pointer; font-weight: 600; }
.author-prompt { position: fixed; z-index: 61; left: 50%; top: 20%; transform: translateX(-50%); background: #fff; color: #111827;
  border: 1px solid #6b7280; border-radius: 10px; padding: 14px 18px; box-shadow: 0 10px 30px rgba(0,0,0,.25);
  display: flex; flex-direction: column; gap: 8px; max-width: 90vw; font: 14px/1.4 system-ui, sans-serif; }
.author-prompt h2 { margin: 0; font-size: 16px; }
.author-prompt p { margin: 0; }
.author-preview { position: fixed; z-index: 62; inset: 0; background: rgba(0,0,0,.5); display: grid; place-items: center; }
.author-preview > div { background: #fff; padding: 8px; border-radius: 8px; display: flex; flex-direction: column; gap: 6px; }
.author-preview .btn { align-self: flex-end; }
.author-preview iframe { width: 800px; height: 450px; max-width: 90vw; max-height: 75vh; border: 0; }
`;

function open() {
  if (!document.querySelector('style[data-author]')) {
    document.head.append(el('style', { 'data-author': true }, STYLE));
  }
  panel?.remove();
  panel = el('aside', { class: 'author', role: 'region' });
  document.body.append(panel);
  // The page makes room: the panel stands beside it, not over its controls (draw).
  folded = false;
  draw();
  // The page's language switch changes <html lang>: the panel speaks it too.
  language ??= new MutationObserver(() => draw());
  language.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  clearInterval(timer);
  timer = setInterval(follow, EVERY);
  addEventListener('beforeunload', leaving);
  follow();
}

function close() {
  clearInterval(timer);
  timer = null;
  removeEventListener('beforeunload', leaving);
  language?.disconnect();
  panel?.remove();
  panel = null;
  document.body.classList.remove('author-open');
  dispatchEvent(new Event('resize'));
}

/** Leaving the page with steps not saved asks first. */
function leaving(event) {
  if (rec && !rec.saved && rec.steps.length > 0) {
    event.preventDefault();
    event.returnValue = '';
  }
}

/** Which scenario a link opens: its built-in name, or the scenario it carries. */
function scenarioOf(link) {
  const url = new URL(link, document.baseURI);
  return url.searchParams.get('scenario') ?? url.hash.replace(/^#scenario=/, '#');
}

/** While recording: when the run has moved, the steps follow it. */
async function follow() {
  if (!rec?.live || syncing || document.hidden) return;
  const link = here();
  if (!link || link === rec.link) return;
  // The recording follows the scenario it began with; another one on the stage is left alone.
  const source = scenarioOf(link);
  if (rec.source && source !== rec.source) {
    status(say('舞台上换了另一个场景：录制只跟随它开始时的场景。回到那个场景，或丢弃录制以录制这一个。', 'The stage shows another scenario: the recording follows the one it began with. Go back to that one, or discard the recording to record this one.'));
    return;
  }
  rec.source = source;
  syncing = true;
  try {
    const fresh = JSON.parse(await fromWorker('scenario', link));
    rec.link = link;
    const steps = fresh.steps ?? [];
    // A step the run still has keeps its edits; from the first that differs (the run went
    // back and took another way), the run's steps replace the recorded ones.
    const same = (a, b) => a && b && JSON.stringify(a.do ?? []) === JSON.stringify(b.do ?? []);
    let k = 0;
    while (k < steps.length && k < rec.steps.length && same(steps[k], rec.steps[k])) k += 1;
    const changed = k !== rec.steps.length || k !== steps.length;
    rec.steps = [...rec.steps.slice(0, k), ...steps.slice(k).map((s) => ({ ...s, draft: true }))];
    if (rec.scenario) {
      // The title, summary and names as edited; the rest as the run has it.
      fresh.title = rec.scenario.title;
      fresh.summary = rec.scenario.summary;
      fresh.nodes = fresh.nodes.map((n, i) => ({ ...n, name: rec.scenario.nodes[i]?.name ?? n.name }));
    }
    delete fresh.steps;
    rec.scenario = fresh;
    if (changed) {
      rec.saved = false;
      keep();
      draw();
    } else {
      keep();
    }
  } catch (e) {
    status(String(e.message ?? e));
  } finally {
    syncing = false;
  }
}

/** The scenario as recorded and edited, as a file's text. */
function text() {
  const steps = rec.steps.map(({ draft, ...step }) => step);
  return `${JSON.stringify({ ...rec.scenario, steps }, null, 2)}\n`;
}

function redraw(change) {
  change();
  rec.saved = false;
  keep();
  draw();
}

/** Draws the panel anew, keeping the focus on the field or button it was on. */
function draw() {
  if (!panel || !rec) return;
  const focused = panel.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
  const scroll = panel.querySelector('.author-body')?.scrollTop ?? 0;
  panel.replaceChildren();
  panel.setAttribute('aria-label', say('录制导览', 'Tour recorder'));
  const n = rec.steps.length;
  panel.classList.toggle('folded', folded);
  if (document.body.classList.contains('author-open') === folded) {
    document.body.classList.toggle('author-open', !folded);
    dispatchEvent(new Event('resize'));
  }
  if (folded) {
    const unfold = button(rec.live ? say(`● 正在录制 · ${n} 步 · 展开`, `● Recording · ${n} steps · Show`) : say(`编辑导览 · ${n} 步 · 展开`, `Editing a tour · ${n} steps · Show`), () => {
      folded = false;
      draw();
    }, { 'aria-label': say('展开录制面板', 'Show the recorder') });
    panel.append(unfold);
    if (focused) unfold.focus();
    return;
  }
  const head = el(
    'header',
    {},
    el('h2', {}, rec.live ? el('span', { class: 'live', 'aria-hidden': 'true' }, '● ') : null, rec.live ? say('正在录制导览', 'Recording a tour') : say('编辑导览', 'Editing the tour')),
    rec.live
      ? button(say('停止录制', 'Stop recording'), () => redraw(() => (rec.live = false)))
      : null,
    button(say('收起', 'Hide'), () => {
      folded = true;
      draw();
    }, { 'aria-label': say('收起录制面板', 'Hide the recorder'), title: say('收起面板，让页面用满宽度；录制继续', 'Fold the panel away to give the page its whole width; recording goes on') }),
    button(say('丢弃', 'Discard'), (e) => {
      // Asked twice: a recording is work.
      if (e.currentTarget.dataset.sure !== '1') {
        e.currentTarget.dataset.sure = '1';
        e.currentTarget.textContent = say('确定丢弃？', 'Really discard?');
        return;
      }
      rec = null;
      keep();
      close();
    }),
    // Closed, the recording stays in the browser: "Record a tour" goes on with it.
    button(say('关闭', 'Close'), close, { title: say('录制保存在浏览器里，可随时继续', 'The recording is kept in the browser, to go on with later') }),
  );
  const body = el('div', { class: 'author-body' });
  const sc = rec.scenario;
  if (sc) {
    body.append(
      field(say('标题（中文）', 'Title (Chinese)'), sc.title?.zh, (v) => (sc.title.zh = v)),
      field(say('标题（英文）', 'Title (English)'), sc.title?.en, (v) => (sc.title.en = v)),
      field(say('简介（中文）', 'Summary (Chinese)'), sc.summary?.zh, (v) => (sc.summary = { ...sc.summary, zh: v }), { area: true }),
      field(say('简介（英文）', 'Summary (English)'), sc.summary?.en, (v) => (sc.summary = { ...sc.summary, en: v }), { area: true }),
    );
    const names = el('details', {}, el('summary', {}, say('节点名称', 'Node names')));
    for (const node of sc.nodes) {
      names.append(
        field(say(`节点 ${node.id} 的中文名`, `Node ${node.id}, Chinese name`), node.name.zh, (v) => (node.name.zh = v)),
        field(say(`节点 ${node.id} 的英文名`, `Node ${node.id}, English name`), node.name.en, (v) => (node.name.en = v)),
      );
    }
    body.append(names);
  }
  const list = el('ol', { 'aria-label': say('步骤', 'Steps') });
  rec.steps.forEach((step, i) => {
    const k = i + 1;
    const item = el('li', {}, el('h3', {}, say(`第 ${k} 步`, `Step ${k}`)));
    const actions = (step.do ?? []).map(describe).join('; ');
    item.append(el('code', {}, actions || say('（只有说明）', '(a caption alone)')));
    item.append(
      field(say(`第 ${k} 步的说明（中文）`, `Step ${k} caption (Chinese)`), step.caption?.zh, (v) => {
        step.caption = { ...step.caption, zh: v };
        delete step.draft;
      }, { area: true }),
      field(say(`第 ${k} 步的说明（英文）`, `Step ${k} caption (English)`), step.caption?.en, (v) => {
        step.caption = { ...step.caption, en: v };
        delete step.draft;
      }, { area: true }),
    );
    if (step.expect && Object.keys(step.expect).length) {
      item.append(
        el('div', { class: 'row' }, el('span', {}, `${say('预期', 'Expect')}: ${expectText(step.expect)}`),
          button('×', () => redraw(() => delete step.expect), { 'aria-label': say(`删除第 ${k} 步的预期`, `Remove step ${k}'s expectation`) })),
      );
    }
    if (!rec.live) {
      const row = el('div', { class: 'row' });
      if (i > 0) {
        row.append(button('↑', () => redraw(() => rec.steps.splice(i - 1, 2, rec.steps[i], rec.steps[i - 1])), { 'aria-label': say(`第 ${k} 步上移`, `Move step ${k} up`) }));
      }
      if (i < n - 1) {
        row.append(
          button('↓', () => redraw(() => rec.steps.splice(i, 2, rec.steps[i + 1], rec.steps[i])), { 'aria-label': say(`第 ${k} 步下移`, `Move step ${k} down`) }),
          button(say('与下一步合并', 'Merge with next'), () => redraw(() => merge(i)), { 'aria-label': say(`第 ${k} 步与下一步合并`, `Merge step ${k} with the next`) }),
        );
      }
      row.append(button(say('删除', 'Delete'), () => redraw(() => rec.steps.splice(i, 1)), { 'aria-label': say(`删除第 ${k} 步`, `Delete step ${k}`) }));
      item.append(row);
    }
    list.append(item);
  });
  body.append(list);
  if (n === 0) body.append(el('p', {}, say('在舞台上操作：每个操作都会成为一步。', 'Act on the stage: each operation becomes a step.')));
  const foot = el('footer', {});
  const row = el('div', { class: 'row' });
  if (rec.live && n > 0) {
    row.append(button(say('预期此刻的状态', 'Expect what holds now'), expectNow));
  }
  row.append(button(say('预览', 'Preview'), preview), button(say('保存', 'Save'), save, { class: 'btn primary' }));
  foot.append(row, el('p', { class: 'author-status', role: 'status', 'aria-live': 'polite' }));
  if (rec.published) {
    const link = el('input', { readonly: true, 'aria-label': say('导览链接', 'Link to the tour') });
    link.value = rec.published.link;
    const code = el('textarea', { readonly: true, rows: 3, 'aria-label': say('导览的嵌入代码', 'Embed code of the tour') });
    code.value = rec.published.embed;
    foot.append(
      el('label', { class: 'author-field' }, el('span', {}, say('链接', 'Link')), link),
      el('label', { class: 'author-field' }, el('span', {}, say('嵌入代码', 'Embed code')), code),
    );
  }
  panel.append(head, body, foot);
  body.scrollTop = scroll;
  if (focused) {
    [...panel.querySelectorAll('[aria-label], button')].find((e) => (e.getAttribute('aria-label') ?? e.textContent) === focused)?.focus();
  }
}

/** Step `i` and the next become one: both steps' actions, both captions, the later expectation. */
function merge(i) {
  const [a, b] = rec.steps.slice(i, i + 2);
  const join = (x, y) => [x, y].filter((t) => t && t.trim()).join(' ');
  rec.steps.splice(i, 2, {
    caption: { zh: join(a.caption?.zh, b.caption?.zh), en: join(a.caption?.en, b.caption?.en) },
    do: [...(a.do ?? []), ...(b.do ?? [])],
    ...(b.expect ? { expect: b.expect } : a.expect ? { expect: a.expect } : {}),
  });
}

/** Adds to the last step what holds on the stage now: the value chosen, and whether safety holds. */
async function expectNow() {
  try {
    await follow();
    const expect = JSON.parse(await fromWorker('expect', here()));
    const last = rec.steps.at(-1);
    if (!last) return;
    redraw(() => (last.expect = { ...last.expect, ...expect }));
    status(say(`第 ${rec.steps.length} 步：预期 ${expectText(expect)}。`, `Step ${rec.steps.length}: expect ${expectText(expect)}.`));
  } catch (e) {
    status(String(e.message ?? e));
  }
}

/** Checks the recorded tour as the page checks a file: its link and embed code, or the error. */
async function checked() {
  if (rec.live) await follow();
  try {
    return await publish(text());
  } catch (e) {
    const s = panel?.querySelector('.author-status');
    if (s) {
      s.textContent = say(`导览不能载入：${e.message ?? e}`, `The tour does not load: ${e.message ?? e}`);
      s.classList.add('bad');
    }
    return null;
  }
}

/** Plays the recorded tour as a guided tour, in an embed over the page. */
async function preview() {
  const done = await checked();
  if (!done) return;
  const embed = new URL(done.link);
  embed.searchParams.set('embed', '1');
  const close = button(say('关闭预览', 'Close the preview'), () => shade.remove());
  const frame = el('iframe', { src: embed.href, title: say('导览预览', 'Tour preview') });
  const shade = el('div', { class: 'author-preview', role: 'dialog', 'aria-label': say('导览预览', 'Tour preview') }, el('div', {}, frame, close));
  shade.addEventListener('keydown', (e) => e.key === 'Escape' && shade.remove());
  document.body.append(shade);
  close.focus();
  status(say(`预览：${done.steps} 步。`, `Preview: ${done.steps} steps.`));
}

/** Saves the tour: downloads the scenario file, and shows its link and embed code. */
async function save() {
  const done = await checked();
  if (!done) return;
  const name = fileName('tour', 'json');
  download(new Blob([text()], { type: 'application/json' }), name);
  rec.saved = true;
  rec.published = done;
  keep();
  draw();
  status(say(`已保存 ${name}（${done.steps} 步）。`, `Saved ${name} (${done.steps} steps).`));
}
