#!/usr/bin/env node
// Checks the built site (dist/) before it ships. No dependencies: node only.
//
//   node scripts/size-check.mjs [dist-dir]
//
// 1. Size budget. Reads dist/index.html, follows every asset it references (link href,
//    script src, quoted file names in the inline loader, imports in JS, url() in CSS),
//    gzips each file at level 9 and fails if the total is over BUDGET_KB.
//    The built-in scenarios (dist/scenarios/*.json) are fetched one at a time, when one is
//    opened: the largest of them is counted, as the worst case of opening the page.
//    Other files in dist/ that nothing references are listed and counted too: they ship anyway.
//    The downloads (ON_CLICK below) are fetched only when one is asked for in the share dialog:
//    they are not part of a page load, and have a budget of their own, ON_CLICK_BUDGET_KB.
// 2. No external URLs. The site must ship every asset it uses (classrooms, privacy,
//    https Pages). Every file in dist/ is scanned for "http://", "https://", "ws://" and
//    "wss://" (the last two also catch a dev build with Trunk's auto-reload script):
//      - .html and .css: any occurrence fails;
//      - .js, .wasm, .svg: any occurrence fails except the XML namespace names below,
//        which are identifiers that browsers never fetch (Yew creates SVG elements in
//        the SVG namespace; a standalone SVG file must declare it).
//    The browser tests back this up at run time: they abort and report every request
//    that leaves the local test server.
// 3. Sub-path hosting. Every referenced URL must resolve inside the site when it is
//    served from a sub-path (GitHub Pages serves /<repo>/), i.e. it must be relative or
//    start with the <base href> the build was given.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import path from 'node:path';

/** The gzip budget for everything the page loads, in KB (1 KB = 1024 bytes). It was 300 until
 *  the exercises (the quiz, tour questions, challenges, progress and the rules in the help:
 *  27 KB) and the dark and print styles (1 KB) came into the page, at 327 KB; then 330 until
 *  the download buttons and the recorder's hooks (2.4 KB) and the placement of resting message
 *  labels clear of cards and of each other, shortened where they do not fit (1.4 KB), at
 *  331.0 KB. Badges, tie lines and the projector theme's larger labels (1.1 KB) took it to
 *  332.3 KB; the effects' own layer and the glide out of a tour (0.5 KB) to 332.8 KB. Moving
 *  the messages in place each frame, rather than drawing the layer again (the frame budgets
 *  with the diagram shown: 1.9 KB), took it to 334.8 KB; keeping the diagram's chunks of arrows
 *  and marks by hand, so that a frame adds its new items as one piece and a sealed chunk is
 *  not drawn again, and drawing the diagram as two pictures (the same budgets: 0.9 KB), to
 *  335.9 KB. Closing what an audit of the page against its documents found (a tour of
 *  captions alone, the learning and liveness operations checked in the simulator, a scenario's
 *  title in the picker and its summary as the picker's description, clearer errors: 0.5 KB)
 *  took it to 336.4 KB; keyboard focus kept inside the modal dialogs and given back to what
 *  opened a dialog or panel, and a quiz question that takes focus (1.7 KB), to 338.1 KB; links to
 *  a moment of a challenge, the scenario reader's own words for four mistakes in an action, and
 *  focus and timeline words for screen readers (0.7 KB), to 338.8 KB. Drawing five small parts
 *  of the page (the language switch, the address notice, the banners, the problem box, the
 *  challenge bar) and the stage's frame as plain functions rather than components, each of
 *  which carried about 0.5–1.3 KB of Yew's code for a component, paid for labels that stay
 *  clear of each other in a paused run (0.4 KB) and brought it to 334.5 KB; focus given back
 *  in a microtask on Escape and on the view switch (0.1 KB), to 334.6 KB; keys on the file
 *  chooser, the embed's ↗ writing the run's address, parameters given twice listed, a link's
 *  instant past its run's end said, and the layout's minimums in short windows (0.6 KB), less
 *  the speed's logarithm taken from JavaScript (0.3 KB), to 334.9 KB; the liveness rule in an
 *  embedded "End the livelock" challenge, an address's speed shown as written, the picker's
 *  entry for a loaded file named for screen readers, and the proposal form's defaults recorded
 *  as defaults (0.8 KB), to 335.7 KB; what a reading of the documents against the page found
 *  (a scenario given to the open page in the address's hash, the address kept for a reload and
 *  following the scenario picked, the first usable language of two, a step beside a run listed,
 *  the step keys on the scenario picker, a Multi-Paxos learner's card, a question on a
 *  proposer's own value, an action's own error before its question's, a node the run does not
 *  have named as one: 2.5 KB), to 338.2 KB; what a second such reading found (the start of a
 *  tour before its first step, the address following a challenge, a node card's and a grid
 *  cell's state drawn beside their buttons for "label in name", a reconfigured acceptor's
 *  role, a win kept, the first scenario the page has, clearer reader errors: 1.2 KB), to
 *  339.4 KB; a review of what the page teaches against the course notes (a Multi-Paxos
 *  promise's report slot by slot, one acceptance under accept-first not called a majority, a
 *  value chosen again said to be chosen already, the P2c induction spelt out, the crash's and
 *  the rules' words: 1.3 KB), to 340.7 KB, and back to 340.1 KB with a message menu that no
 *  longer makes the stage be drawn anew; a review of the quiz against the rules (a broken
 *  rule named in the question, "must" only where P2c forces the value, a live-quorum count
 *  not called a majority, a new leader's phase 1 explained: 2.1 KB), to 342.2 KB. The README's
 *  benchmark section says where the bytes go. */
const BUDGET_KB = 343;

/** The download and picture module, the tour recorder (also fetched at load when a recording
 *  was left in progress), and the worker that writes trace and scenario files with
 *  its own wasm (the Rust core and a JSON writer): fetched on the first click of a download
 *  button (index.html's click handler imports export.js), never by a page load. */
const ON_CLICK = /^(export\.js|author\.js|export-worker\.js|paxos-export\.js|paxos-export_bg\.wasm)$/;
// 190 KB until the worker's scenario writer kept a tour's closing summary and its reader
// learnt clearer errors, which took the downloads to 190.0 KB; 191 until the core's notes
// and events carried a proposer's and a learner's quorum and a value chosen earlier (191.0);
// 192 until they carried the majority a value needs too, and the worker's replay of the page's
// state learnt the quiz's words under broken rules (194.3).
const ON_CLICK_BUDGET_KB = 195;

/** XML namespace names: identifiers, never fetched. Allowed in js, wasm and svg only. */
const XML_NAMESPACES = [
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.w3.org/2000/xmlns/',
];

const dist = path.resolve(process.argv[2] ?? 'dist');
const failures = [];
const fail = (msg) => failures.push(msg);

if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`size-check: ${path.join(dist, 'index.html')} not found; build first (bash scripts/build.sh)`);
  process.exit(2);
}

// ---------------------------------------------------------------- files in dist/
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
const rel = (file) => path.relative(dist, file).split(path.sep).join('/');
const allFiles = walk(dist).map(rel).sort();

// ---------------------------------------------------------------- references
// The page is resolved as if served from a sub-path; every asset must land under it.
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
if (html.includes('.well-known/trunk/ws')) {
  fail('dist/ holds a `trunk serve` build (it has Trunk\'s auto-reload script); build with scripts/build.sh');
}
// Attribute values may be quoted or, in minified HTML, bare (href=./app.css).
const ATTR_VALUE = String.raw`\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>\x60]+))`;
const attrValue = (m) => m[1] ?? m[2] ?? m[3];
const baseTag = /<base\b[^>]*>/i.exec(html)?.[0] ?? '';
const baseMatch = new RegExp(String.raw`\shref` + ATTR_VALUE, 'i').exec(baseTag);
const baseHref = baseMatch ? attrValue(baseMatch) : './';
const prefix = baseHref.startsWith('/') ? baseHref.replace(/\/?$/, '/') : '/some-sub-path/';
const pageUrl = new URL(`http://site.invalid${prefix}index.html`);
const baseUrl = new URL(baseHref, pageUrl);

/** Maps a URL written in `fromFile` to a dist-relative path, or records why it cannot. */
function resolveRef(ref, fromFile) {
  if (/^(data|blob|about|javascript):/i.test(ref) || ref.startsWith('#') || ref === '') return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) {
    fail(`${fromFile}: references an external URL: ${ref}`);
    return null;
  }
  // Documents resolve against <base>; CSS and JS modules against their own URL.
  const from = fromFile === 'index.html' ? baseUrl : new URL(fromFile, baseUrl);
  const url = new URL(ref, from);
  if (url.origin !== pageUrl.origin || !url.pathname.startsWith(prefix)) {
    fail(`${fromFile}: "${ref}" resolves outside the site when it is served from a sub-path (${url.pathname})`);
    return null;
  }
  let target = decodeURIComponent(url.pathname.slice(prefix.length));
  if (target === '' || target.endsWith('/')) target += 'index.html';
  return target;
}

function refsInHtml(text) {
  const refs = [];
  // Attributes of the elements that load things. The <base> tag itself is not a load.
  for (const m of text.matchAll(/<(link|script|img|source|iframe|audio|video|object|embed)\b[^>]*>/gi)) {
    for (const a of m[0].matchAll(new RegExp(String.raw`\s(?:href|src)` + ATTR_VALUE, 'gi'))) refs.push(attrValue(a));
  }
  // Trunk's inline loader: import init from './x.js'; init({ module_or_path: './x_bg.wasm' }).
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    refs.push(...refsInJs(m[1]));
    for (const f of m[1].matchAll(/["']([^"'\s]+\.(?:m?js|wasm))["']/g)) refs.push(f[1]);
  }
  return refs;
}

// Static and dynamic imports. (wasm-bindgen's glue also names 'x_bg.wasm' as a fallback
// for init() without arguments; Trunk's loader always passes the hashed file instead.)
function refsInJs(text) {
  const refs = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)) refs.push(m[1]);
  return refs;
}

function refsInCss(text) {
  const refs = [];
  for (const m of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g)) refs.push(m[1] ?? m[2] ?? m[3]);
  for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) refs.push(m[1]);
  return refs;
}

const loaded = new Set(['index.html']);
const queue = ['index.html'];
while (queue.length) {
  const file = queue.shift();
  const full = path.join(dist, file);
  if (!existsSync(full) || !statSync(full).isFile()) {
    fail(`the page loads "${file}", which is not in dist/`);
    continue;
  }
  const ext = path.extname(file).toLowerCase();
  const text = ['.html', '.js', '.mjs', '.css'].includes(ext) ? readFileSync(full, 'utf8') : null;
  const refs = ext === '.html' ? refsInHtml(text) : ext === '.css' ? refsInCss(text) : ['.js', '.mjs'].includes(ext) ? refsInJs(text) : [];
  for (const ref of refs) {
    const target = resolveRef(ref.trim(), file);
    if (target !== null && ON_CLICK.test(target)) {
      if (!existsSync(path.join(dist, target))) fail(`${file} loads "${target}" on a click, which is not in dist/`);
      continue;
    }
    if (target !== null && !loaded.has(target)) {
      loaded.add(target);
      queue.push(target);
    }
  }
}

// ---------------------------------------------------------------- sizes
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
const rows = [];
let total = 0;
const onDemand = (file) => /^scenarios\/[^/]+\.json$/.test(file);
let largestScenario = null;
const clickRows = [];
let clickTotal = 0;
for (const file of [...new Set([...loaded, ...allFiles])].sort()) {
  const full = path.join(dist, file);
  if (!existsSync(full)) continue;
  const raw = readFileSync(full);
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length;
  if (ON_CLICK.test(file)) {
    clickTotal += gz;
    clickRows.push({ file, raw: raw.length, gz, note: '' });
    continue;
  }
  if (onDemand(file)) {
    if (!largestScenario || gz > largestScenario.gz) largestScenario = { file, raw: raw.length, gz };
    continue;
  }
  total += gz;
  rows.push({ file, raw: raw.length, gz, note: loaded.has(file) ? '' : '  (not referenced by the page; counted anyway)' });
}
if (largestScenario) {
  total += largestScenario.gz;
  const count = allFiles.filter(onDemand).length;
  rows.push({ ...largestScenario, note: `  (the largest of ${count} scenario files, fetched one at a time)` });
}
console.log(`size-check: ${dist}`);
console.log(`${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}  file`);
for (const r of rows) console.log(`${kb(r.raw)} ${kb(r.gz)}  ${r.file}${r.note}`);
console.log(`${"".padStart(8)} ${kb(total)}  total gzip (budget ${BUDGET_KB} KB; ${total} bytes)`);
if (total > BUDGET_KB * 1024) fail(`gzip total ${(total / 1024).toFixed(1)} KB is over the ${BUDGET_KB} KB budget`);
console.log('Fetched only on a download (the share dialog):');
for (const r of clickRows) console.log(`${kb(r.raw)} ${kb(r.gz)}  ${r.file}`);
console.log(`${''.padStart(8)} ${kb(clickTotal)}  total gzip (budget ${ON_CLICK_BUDGET_KB} KB)`);
if (clickRows.length < 5) fail(`dist/ lacks the download files: it has ${clickRows.map((r) => r.file).join(', ') || 'none'}`);
if (clickTotal > ON_CLICK_BUDGET_KB * 1024) fail(`the downloads' gzip total ${(clickTotal / 1024).toFixed(1)} KB is over their ${ON_CLICK_BUDGET_KB} KB budget`);

// ---------------------------------------------------------------- external URLs
const strict = new Set(['.html', '.htm', '.css']);
let namespaceHits = 0; // URLs that are allowed (namespace names, comments)
for (const file of allFiles) {
  const ext = path.extname(file).toLowerCase();
  // latin1 keeps every byte, so the scan also works on .wasm and other binaries.
  const text = readFileSync(path.join(dist, file)).toString('latin1');
  // Each match stops where the next "http(s)://" begins, so packed strings are checked one by one.
  for (const m of text.matchAll(/(?:https?|wss?):\/\/(?:(?!(?:https?|wss?):\/\/)[^\s"'`<>()\\\x00-\x20\x7f-\xff])*/g)) {
    const url = m[0];
    // In .wasm, string constants are packed back to back, so a namespace name may run
    // straight into the next string: accept it only if what follows cannot continue a URL.
    // In .js, a URL on a line that is a comment is documentation (wasm-bindgen's glue cites
    // MDN in one); it is never fetched. A URL in code would sit in a string, not after //.
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(lineStart, m.index).trimStart();
    if (['.js', '.mjs'].includes(ext) && /^(\/\/|\/\*|\*)/.test(before)) {
      namespaceHits += 1;
      console.log(`  ok   ${file}: in a comment: ${url}`);
      continue;
    }
    const ns = XML_NAMESPACES.find(
      (n) => url === n || (ext === '.wasm' && url.startsWith(n) && !/^[/.?#:]/.test(url.slice(n.length))),
    );
    if (ns && !strict.has(ext)) {
      namespaceHits += 1;
      console.log(`  ok   ${file}: XML namespace name ${ns} (an identifier, never fetched)`);
    } else {
      fail(`${file}: external URL "${url.slice(0, 120)}"`);
    }
  }
}
if (namespaceHits === 0) console.log('  no http:// or https:// in any file');

if (failures.length) {
  console.error('\nsize-check FAILED:');
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`size-check ok: ${(total / 1024).toFixed(1)} KB gzip of ${BUDGET_KB} KB, no external URLs`);
