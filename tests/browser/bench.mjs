#!/usr/bin/env node
// Frame-time benchmark (not part of the test suite): 9 nodes and about 200 messages in flight,
// with the stage alone and with the space-time diagram beside it.
//
//   node tests/browser/bench.mjs                    (after a build: bash scripts/build.sh)
//   node tests/browser/bench.mjs --runs 3           each view three times, then the medians
//   node tests/browser/bench.mjs --view both        one view only (stage, both, grid or load)
//
// For each view (`?view=stage`, then `?view=both`, the diagram shown under the stage), loads
// the built-in "stress" scenario (9 nodes, 198 Prepares in flight, proposers retry) at
// 1280×720, presses Space to play at 1×, and records every animation frame:
//
//   app    the main-thread time of the app's own frame work: from the start of its
//          requestAnimationFrame callback (which dispatches Action::Frame to the reducer)
//          until Yew has rendered the change. Yew renders in a microtask queued during the
//          callback; a microtask queued after the callback returns runs after it, so
//          performance.now() there closes the measurement.
//   frame  the whole main-thread frame: the same start, until a message posted from the
//          callback is handled. That task runs after the browser's rendering update of the
//          frame (style, layout, paint recording), so it includes them.
//
// Both are measured by wrapping window.requestAnimationFrame once the page has loaded (the app
// asks for every frame anew, and is the only user of it). Three windows are reported:
//
//   gliding      messages on their way (the first deliveries come at 100 ticks; playing
//                starts at 50, where the tour drew them, and 1× is 20 ticks a second);
//   delivering   each frame may apply steps, rebuild the scene and narrate events;
//   large        the speed slider is set to 10× until 2,000 messages have been sent (message
//                ids count up from 1, so the highest id on the stage counts them), then back
//                to 1×: the same measure, with a long run behind the diagram.
//
// Each view's report ends with its budgets (issue "lighter"), met or not: the app's work per
// frame a median ≤ 2 ms and a p95 ≤ 6 ms, gliding and delivering, and the whole frame a p95
// ≤ 16.7 ms while delivering; with --runs, on the medians of the runs too.
//
// `--view grid` is Multi-Paxos instead: 9 servers and a log of 200 slots in the grid that cannot
// be compressed (alternate slots were accepted with different ballots), then a leader with 400
// client commands and a window of 20, so that about 200 messages are in flight, as in "stress"
// (latency 20 ticks with up to 20 of jitter, so that rounds finish within the windows). The
// grid's columns are counted per frame. No long run: the window "large" is left out.
//
// `--view load` measures loading instead: the time from the start of navigation to the first
// node card on the stage (a focusable, clickable `[data-node]`), over 10 cold loads each (a
// fresh browser context, and the server forbids caching), for the sandbox (compiled in) and for
// "annual-meeting-2" (whose file is fetched after the app starts), at full speed and with the
// CPU throttled 4× (Chrome DevTools Protocol, Emulation.setCPUThrottlingRate). A script added
// before the page's own watches the document and notes performance.now() when the first node
// appears. Budgets (issue "lighter"): median ≤ 250 ms, and ≤ 700 ms throttled.
//
// Chromium's own counters (Performance.getMetrics) show where the rest of the main thread's
// time goes. Last, the cost of one step back and one step forward (← and →) at the end of that
// long run: the time from the key to the rendered change.

import { startSession } from './harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const RUNS = Math.max(1, Number(option('runs', 1)));
const VIEWS = option('view', 'stage,both').split(',');
const LARGE = 2000;

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}
const ms = (v) => `${v.toFixed(2)} ms`.padStart(8);

/** Sets the speed slider (position -100..100; 0 is 1×, 100 is 10×). */
async function setSpeed(page, position) {
  await page.getByRole('slider', { name: 'Speed' }).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, position);
  await page.evaluate(() => document.activeElement?.blur());
}

/** The Multi-Paxos scenario of `--view grid`, as the address's `#scenario=` carries it. */
function gridScenario() {
  const ids = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'];
  const text = (en) => ({ zh: en, en });
  const accepted = [];
  for (let s = 1; s <= 200; s++) {
    accepted.push({ from: s, to: s, ballot: 1 + (s % 2), command: `deposit ${s}`, by: ids.slice(0, 5) });
  }
  const submits = [];
  for (let i = 1; i <= 400; i++) submits.push({ submit: { node: 's1', command: `deposit ${i}` } });
  const scenario = {
    title: text('Grid bench'),
    nodes: ids.map((id) => ({ id, name: text(id.toUpperCase()), roles: ['proposer', 'acceptor'] })),
    rules: { multi: { machine: 'bank', window: 20 }, latency: 20, jitter: 20, seed: 11 },
    log: { accepted, known: [{ from: 1, to: 200, nodes: ids }] },
    steps: [{ caption: text('Lead and submit.'), do: [{ lead: { node: 's1' } }, ...submits] }],
  };
  return Buffer.from(JSON.stringify(scenario)).toString('base64url');
}

/** One run of one view: the three windows and the step costs. */
async function measure(session, view) {
  const result = { view, windows: [], steps: {} };
  const grid = view === 'grid';
  const query = grid ? `?lang=en#scenario=${gridScenario()}` : `?scenario=stress&lang=en&view=${view}`;
  await session.withApp({ viewport: { width: 1280, height: 720 }, query }, async (page) => {
    await page.waitForFunction((n) => document.querySelectorAll('.stage-top [data-msg]').length >= n, grid ? 9 : 190);
    result.inFlight = await page.locator('.stage-top [data-msg]').count();
    await page.evaluate(() => {
      window.__frames = [];
      window.__sent = 0;
      const raf = window.requestAnimationFrame.bind(window);
      // Wrapping after load is enough: the app asks for every frame anew.
      window.requestAnimationFrame = (cb) =>
        raf((ts) => {
          const start = performance.now();
          const f = { start, app: 0, frame: 0, msgs: 0, arrows: 0 };
          cb(ts);
          queueMicrotask(() =>
            queueMicrotask(() => {
              f.app = performance.now() - start;
              // Counted after the measurement: the stage's messages, the diagram's arrows.
              const msgs = document.querySelectorAll('.stage-top [data-msg]');
              f.msgs = msgs.length;
              for (const m of msgs) window.__sent = Math.max(window.__sent, Number(m.dataset.msg));
              f.arrows = document.querySelectorAll('.dg-arrow').length;
              f.columns = document.querySelectorAll('.log-grid thead th').length;
            }),
          );
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            f.frame = performance.now() - start;
            window.__frames.push(f);
          };
          ch.port2.postMessage(0);
        });
      document.activeElement?.blur();
    });
    // Chromium's own counters, for where the main thread's time goes (totals, in seconds).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const now = () => page.evaluate(() => performance.now());
    const until = (t) => page.waitForFunction((t) => performance.now() >= t, t, { polling: 50 });
    // Records frames from `from` to `to` ms after `t0`, with the counters at both ends.
    const window_ = async (name, t0, from, to) => {
      await until(t0 + from);
      const a = await metrics();
      await until(t0 + to);
      const b = await metrics();
      const fs = (await page.evaluate(() => window.__frames)).filter(
        (f) => f.start - t0 >= from && f.start - t0 < to,
      );
      const per = (k) => ((b[k] - a[k]) * 1000) / Math.max(1, fs.length);
      result.windows.push({
        name,
        frames: fs.length,
        msgs: [Math.min(...fs.map((f) => f.msgs)), Math.max(...fs.map((f) => f.msgs))],
        arrows: Math.max(...fs.map((f) => f.arrows)),
        columns: Math.max(...fs.map((f) => f.columns)),
        sent: await page.evaluate(() => window.__sent),
        app: [median(fs.map((f) => f.app)), quantile(fs.map((f) => f.app), 0.95)],
        frame: [median(fs.map((f) => f.frame)), quantile(fs.map((f) => f.frame), 0.95)],
        script: per('ScriptDuration'),
        style: per('RecalcStyleDuration'),
        layout: per('LayoutDuration'),
        tasks: per('TaskDuration'),
      });
    };

    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Pause/ }).waitFor();
    let t0 = await now();
    await window_('gliding (0.3-2.3 s)', t0, 300, 2300);
    await window_('delivering (3-9 s)', t0, 3000, 9000);
    if (grid) return;

    // On at 10× until the run is long, then 1× again.
    await setSpeed(page, 100);
    const started = Date.now();
    await page.waitForFunction((n) => window.__sent >= n, LARGE, { polling: 250, timeout: 300_000 });
    result.toLarge = (Date.now() - started) / 1000;
    await setSpeed(page, 0);
    t0 = await now();
    await window_(`large (${LARGE}+ sent, 6 s)`, t0, 1000, 7000);

    // Step costs at the end of the long run: paused, one event back, then forward again.
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Play/ }).waitFor();
    const key = (k) =>
      page.evaluate(async (k) => {
        document.activeElement?.blur();
        const start = performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
        await new Promise((resolve) => queueMicrotask(() => queueMicrotask(resolve)));
        const app = performance.now() - start;
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return app;
      }, k);
    const back = [];
    const forward = [];
    for (let i = 0; i < 10; i++) back.push(await key('ArrowLeft'));
    for (let i = 0; i < 10; i++) forward.push(await key('ArrowRight'));
    result.steps = { back: median(back), forward: median(forward) };
  });
  return result;
}

/** The frame budgets, for the stress scenario at 1×: the app's own work per frame has
 * a median ≤ 2 ms and a p95 ≤ 6 ms, gliding and delivering; the whole frame a p95 ≤ 16.7 ms
 * while delivering. Each as "what: figure (met | NOT met)". */
function verdicts(windows) {
  const out = [];
  const check = (what, value, budget) => out.push(`${what} ${value.toFixed(2)} ≤ ${budget} ${value <= budget ? 'met' : 'NOT met'}`);
  for (const w of windows.filter((w) => w.name.startsWith('gliding') || w.name.startsWith('delivering'))) {
    const name = w.name.split(' ')[0];
    check(`${name} app median`, w.app[0], 2);
    check(`${name} app p95`, w.app[1], 6);
    if (name === 'delivering') check(`${name} frame p95`, w.frame[1], 16.7);
  }
  return out;
}

function print(r, label) {
  console.log(
    `${label}: view=${r.view}, 9 nodes${r.view === 'grid' ? ', 200 slots' : ''}, ${r.inFlight} messages in flight at the start, 1280x720, speed 1×` +
      (r.toLarge ? `; ${r.toLarge.toFixed(0)} s at 10× to reach ${LARGE} sent` : ''),
  );
  for (const w of r.windows) {
    console.log(
      `  ${w.name.padEnd(26)} frames ${String(w.frames).padStart(4)}  messages ${w.msgs[0]}-${w.msgs[1]}` +
        `  sent ${String(w.sent).padStart(4)}  ` +
        (r.view === 'grid' ? `grid columns ${String(w.columns).padStart(4)}` : `arrows drawn ${String(w.arrows).padStart(4)}`) +
        `  app median ${ms(w.app[0])}, p95 ${ms(w.app[1])}  | frame median ${ms(w.frame[0])}, p95 ${ms(w.frame[1])}`,
    );
    console.log(
      `  ${''.padEnd(26)} per frame, Chromium's counters: script ${w.script.toFixed(2)} ms, ` +
        `style ${w.style.toFixed(2)} ms, layout ${w.layout.toFixed(2)} ms, all tasks ${w.tasks.toFixed(2)} ms`,
    );
  }
  if (r.view !== 'grid') console.log(`  budgets: ${verdicts(r.windows).join('; ')}`);
  if (r.steps.back !== undefined) {
    console.log(`  one step at the end of the long run: back ${ms(r.steps.back)}, forward ${ms(r.steps.forward)} (app, median of 10)`);
  }
}

const LOADS = 10;

/** Milliseconds from navigation start to the first node card, for one cold load. */
async function loadOnce(session, query, throttle) {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  try {
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-node]')) {
          window.__firstNode = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(session.server.appUrl(query));
    await page.waitForFunction(() => window.__firstNode !== undefined, null, { timeout: 30000 });
    return await page.evaluate(() => window.__firstNode);
  } finally {
    await context.close();
  }
}

async function measureLoads(session) {
  for (const [name, query] of [['sandbox', '?lang=en'], ['annual-meeting-2', '?lang=en&scenario=annual-meeting-2']]) {
    for (const [throttle, budget] of [[1, 250], [4, 700]]) {
      const times = [];
      for (let i = 0; i < LOADS; i++) times.push(await loadOnce(session, query, throttle));
      const m = median(times);
      console.log(
        `load ${name.padEnd(17)} CPU ${throttle}×: first node at median ${ms(m)}, ` +
          `min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))} (${LOADS} cold loads; budget ${budget} ms: ` +
          `${m <= budget ? 'met' : 'NOT met'})`,
      );
    }
  }
}

const session = await startSession();
try {
  if (VIEWS.includes('load')) await measureLoads(session);
  for (const view of VIEWS.filter((v) => v !== 'load')) {
    const results = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await measure(session, view);
      print(r, RUNS > 1 ? `run ${i + 1}/${RUNS}` : 'bench');
      results.push(r);
    }
    if (RUNS > 1) {
      console.log(`median of ${RUNS} runs, view=${view}:`);
      const med = (f) => median(results.map(f));
      for (const [i, w] of results[0].windows.entries()) {
        console.log(
          `  ${w.name.padEnd(26)} app median ${ms(med((r) => r.windows[i].app[0]))}, p95 ${ms(med((r) => r.windows[i].app[1]))}` +
            `  | frame median ${ms(med((r) => r.windows[i].frame[0]))}, p95 ${ms(med((r) => r.windows[i].frame[1]))}`,
        );
      }
      if (view !== 'grid') {
        console.log(`  one step at the end of the long run: back ${ms(med((r) => r.steps.back))}, forward ${ms(med((r) => r.steps.forward))}`);
        const windows = results[0].windows.map((w, i) => ({
          name: w.name,
          app: [0, 1].map((k) => med((r) => r.windows[i].app[k])),
          frame: [0, 1].map((k) => med((r) => r.windows[i].frame[k])),
        }));
        console.log(`  budgets, on the medians: ${verdicts(windows).join('; ')}`);
      }
    }
  }
} finally {
  await session.close();
}
