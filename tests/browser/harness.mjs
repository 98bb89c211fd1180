// Shared harness for the browser tests (node --test tests/browser/).
//
// - Serves dist/ with a tiny static server on 127.0.0.1 under the sub-path /paxos-lab/,
//   as GitHub Pages serves /<repo>/ (everything else is 404, except /embed.html, a page
//   that embeds the app in an iframe).
// - Drives Debian's Chromium through playwright-core, with a fresh profile per launch.
// - Fails the test on any console error, uncaught page error, Rust panic text, failed
//   or 4xx/5xx request, WebSocket, and on any request to a host other than the local
//   server (those are aborted and recorded).
// - Saves screenshots into tests/browser/out/ (git-ignored).

import { createServer } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

/** The sub-path the app is served under, like https://<user>.github.io/<repo>/. */
export const BASE_PATH = '/paxos-lab/';
/** A full-HD projector, a laptop, and the smallest supported embed. */
export const VIEWPORTS = {
  large: { width: 1920, height: 1080 },
  desktop: { width: 1280, height: 720 },
  small: { width: 800, height: 450 },
};

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
export const OUT_DIR = path.join(ROOT, 'tests', 'browser', 'out');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 10_000;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// ------------------------------------------------------------------ static server

function embedPage(params) {
  const src = params.get('src') ?? BASE_PATH;
  const width = Number(params.get('w') ?? 800);
  const height = Number(params.get('h') ?? 450);
  assert.ok(src.startsWith(BASE_PATH), 'embed src must point into the app');
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed test</title><link rel="icon" href="data:,">
<style>body{margin:24px;font:16px sans-serif}iframe{border:1px solid #888;display:block}</style></head>
<body><p>A slide with Paxos Lab embedded at ${width}×${height}:</p>
<iframe src="${esc(src)}" width="${width}" height="${height}" title="Paxos Lab"></iframe></body></html>`;
}

/** Starts the static server on a free port. Resolves to { origin, appUrl(query), close() }. */
export async function startServer() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the site first (bash scripts/build.sh)`);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (url.pathname === '/embed.html') return send(200, MIME['.html'], embedPage(url.searchParams));
      if (url.pathname === BASE_PATH.slice(0, -1)) {
        res.writeHead(301, { location: BASE_PATH + url.search });
        return res.end();
      }
      if (!url.pathname.startsWith(BASE_PATH)) return send(404, MIME['.txt'], 'not found');
      let rel = decodeURIComponent(url.pathname.slice(BASE_PATH.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(DIST, rel);
      if (!file.startsWith(DIST + path.sep)) return send(404, MIME['.txt'], 'not found');
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return send(404, MIME['.txt'], 'not found');
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      return send(200, type, await readFile(file));
    } catch (err) {
      return send(500, MIME['.txt'], String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    appUrl: (query = '') => `${origin}${BASE_PATH}${query}`,
    embedUrl: (query = '', { width = 800, height = 450 } = {}) =>
      `${origin}/embed.html?${new URLSearchParams({ src: `${BASE_PATH}${query}`, w: width, h: height })}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// ------------------------------------------------------------------ browser

/** Launches Chromium. Playwright gives every launch a fresh, temporary user-data-dir. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/tools.sh test`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * One server and one browser for a test file:
 *   const session = await startSession();  ...  await session.close();
 */
export async function startSession() {
  mkdirSync(OUT_DIR, { recursive: true });
  const server = await startServer();
  const browser = await launchBrowser().catch(async (err) => {
    await server.close();
    throw err;
  });
  return {
    server,
    browser,
    /** Opens the app (or the embed page) and runs `fn(page, app)`; see `withPage`. */
    withApp: (options, fn) => withPage(browser, server, options, fn),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

const PANIC = /panicked at|RuntimeError|unreachable executed|wasm-bindgen: imported JS function that was not marked as `catch` threw/i;

/**
 * Opens a fresh browser context and page, loads the app, waits until the wasm app has
 * mounted, runs `fn(page, app)`, then fails if anything went wrong on the page.
 *
 * options:
 *   viewport  { width, height }           default VIEWPORTS.desktop
 *   locale    navigator.language          default 'en-US'
 *   query     appended to the app URL     e.g. '?lang=zh'
 *   embed     { width, height } | false   load the app inside an iframe of that size
 *   reducedMotion  'reduce' | 'no-preference'   the prefers-reduced-motion media feature
 *   colorScheme    'light' | 'dark'              the prefers-color-scheme media feature
 *
 * `app` is the Frame the app runs in (the page's main frame, or the iframe), so
 * `app.getByRole(...)` and `app.evaluate(...)` work in both cases.
 */
export async function withPage(browser, server, options, fn) {
  const {
    viewport = VIEWPORTS.desktop,
    locale = 'en-US',
    query = '',
    embed = false,
    reducedMotion = 'no-preference',
    colorScheme = 'light',
  } = options;
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1, reducedMotion, colorScheme });
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === server.origin) return route.continue();
    problems.push(`request to a non-local host (aborted): ${url}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error') problems.push(`console error: ${text}`);
    else if (PANIC.test(text)) problems.push(`panic text in console (${msg.type()}): ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught page error: ${err.stack ?? err}`));
  // The site has no server to talk to; a WebSocket means a dev build (Trunk's auto-reload).
  page.on('websocket', (ws) => problems.push(`the page opened a WebSocket: ${ws.url()}`));
  page.on('requestfailed', (req) => {
    if (new URL(req.url()).origin === server.origin) {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });

  try {
    let app;
    if (embed) {
      await page.goto(server.embedUrl(query, embed));
      const handle = await page.waitForSelector('iframe');
      app = await handle.contentFrame();
    } else {
      await page.goto(server.appUrl(query));
      app = page.mainFrame();
    }
    await waitForApp(app);
    await fn(page, app);
    if (problems.length) assert.fail(`the page reported problems:\n  ${problems.join('\n  ')}`);
  } catch (err) {
    const name = `FAILED-${Date.now()}`;
    await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`) }).catch(() => {});
    if (problems.length && !String(err.message).includes('reported problems')) {
      err.message += `\nProblems seen on the page:\n  ${problems.join('\n  ')}`;
    }
    err.message += `\n(screenshot: tests/browser/out/${name}.png)`;
    throw err;
  } finally {
    await context.close();
  }
}

/** Waits until the Yew app has mounted: the title and the stage (or, with `view=diagram`, the
 *  space-time diagram) are on screen. */
export async function waitForApp(frame) {
  await frame.getByRole('heading', { level: 1 }).waitFor({ state: 'visible' });
  await frame
    .getByRole('img', { name: /Paxos/ })
    .or(frame.getByRole('region', { name: /^(Space-time diagram|时空图)$/ }))
    .first()
    .waitFor({ state: 'visible' });
}

/**
 * Asserts that nothing on the page is cut off, as a reader would see it: the document has no
 * scrollbars, and every visible control and text block lies inside the viewport, or inside a
 * scrolling box where scrolling reaches it, and inside every box that clips it. (The page's html
 * and body hide overflow, so the document's own scroll size alone could never fail: this looks
 * at every element instead.) A text block counts if it holds text of its own; elements of 1×1
 * px or less (the visually hidden ones), those inside an SVG and lines shortened with an ellipsis
 * are not checked.
 */
export async function assertNothingCutOff(frame, label = '') {
  const m = await frame.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    const cut = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const controls = 'button, select, input, textarea, a[href], [role="button"], [tabindex="0"]';
    const own = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    for (const e of document.body.querySelectorAll('*')) {
      if (e.closest('svg')) continue;
      if (!(e.matches(controls) || own(e))) continue;
      let r = e.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue;
      const style = getComputedStyle(e);
      if (style.visibility === 'hidden' || e.getClientRects().length === 0) continue;
      const name = `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40)}"`;
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        const clips = (v) => v !== 'visible';
        if (!clips(s.overflowX) && !clips(s.overflowY)) continue;
        const b = a.getBoundingClientRect();
        // A line shortened with an ellipsis says that it is shortened: not cut off.
        if (s.textOverflow === 'ellipsis') {
          r = b;
          continue;
        }
        const scrolls = (v) => v === 'auto' || v === 'scroll';
        // A scrolling box reaches what lies after its scroll origin; a clipping one shows only
        // what lies inside it.
        // Where scrolling can go back to: 0, or below it in a reversed flow (a log that keeps
        // its newest line in view at the bottom).
        const least = (key) => {
          const now = a[key];
          a[key] = -1e9;
          const min = a[key];
          a[key] = now;
          return now - min;
        };
        const top = scrolls(s.overflowY) ? b.top - least('scrollTop') : b.top;
        const left = scrolls(s.overflowX) ? b.left - least('scrollLeft') : b.left;
        const bottom = scrolls(s.overflowY) ? Infinity : b.bottom;
        const right = scrolls(s.overflowX) ? Infinity : b.right;
        if (r.top < top - 1 || r.left < left - 1 || r.bottom > bottom + 1 || r.right > right + 1) {
          cut.push(`${name} is cut off by ${a.tagName.toLowerCase()}.${[...a.classList].join('.')}`);
          break;
        }
        if (scrolls(s.overflowX) || scrolls(s.overflowY)) {
          // Reached by scrolling this box: from here out, the box itself must be on screen.
          r = b;
        }
      }
      if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
        cut.push(`${name} lies outside the ${vw}×${vh} viewport`);
      }
    }
    return { sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight, cut };
  });
  assert.ok(m.sw <= m.cw, `${label} horizontal overflow: scrollWidth ${m.sw} > clientWidth ${m.cw}`);
  assert.ok(m.sh <= m.ch, `${label} vertical overflow: scrollHeight ${m.sh} > clientHeight ${m.ch}`);
  assert.deepEqual(m.cut, [], `${label} cut off:\n${m.cut.slice(0, 12).join('\n')}`);
  return m;
}

/** Saves a screenshot of the page as tests/browser/out/<name>.png and returns its path. */
export async function screenshot(page, name) {
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Escapes text for use in a regular expression. */
export const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A node card, by its name: "Acceptor A1, promised nothing, accepted nothing". */
export const node = (page, name) =>
  page.getByRole('button', { name: new RegExp(`^(Proposer|Acceptor|Learner)[a-z, ]* ${esc(name)}(,|$)`) });
/** A message, by the start of its label: "Prepare 1 from P1 to A1". */
export const message = (page, label) => page.getByRole('button', { name: new RegExp(`^${esc(label)}`) });
/** `who` proposes `value` to every acceptor from its node panel, which then closes. */
export async function propose(app, page, who, value) {
  await node(app, who).click();
  const panel = app.getByRole('region', { name: new RegExp(`^${esc(who)}`) });
  await panel.getByRole('textbox', { name: 'Value to propose' }).fill(value);
  await panel.getByRole('button', { name: `Propose from ${who}` }).click();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
}
