#!/usr/bin/env node
// Scrubbing benchmark (not part of the test suite): how long the page takes to answer a move
// of the timeline in a long run.
//
//   node tests/browser/scrub-bench.mjs          (after a build: bash scripts/build.sh)
//   node tests/browser/scrub-bench.mjs --view both   (with the space-time diagram shown too)
//
// Loads the built-in "stress" scenario (9 nodes, 198 Prepares in flight; its proposers retry,
// so it runs on by itself) and plays it at 10× until the run has 2,000 steps, each delivering
// a message or firing a timer (MESSAGES=… for another size); then moves the timeline's slider to
// many instants (alternately near one end and near the other, and at random), each as the
// slider's own input event would. Each move is timed from just before the input event to
// the first animation frame after it (the app has rendered the change; the browser is about
// to paint it), and to a message posted from that frame (after the browser's style, layout
// and paint of it). Each move starts just after a frame, so these figures come in whole
// frames: a move whose work takes 20 ms is seen at the second frame, about 33 ms later.
// Chromium's counters (Performance.getMetrics) tell how much of it is script and layout.

import { startSession } from './harness.mjs';

const session = await startSession();
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const MESSAGES = Number(process.env.MESSAGES ?? 2000);
const viewAt = process.argv.indexOf('--view');
const VIEW = viewAt > 0 ? process.argv[viewAt + 1] : 'stage';

try {
  await session.withApp({ viewport: { width: 1280, height: 720 }, query: `?scenario=stress&lang=en&view=${VIEW}` }, async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg], .dg-flying').length >= 190);
    await page.getByRole('slider', { name: 'Speed' }).focus();
    await page.keyboard.press('End');
    await page.evaluate(() => document.activeElement?.blur());
    // The stress scenario retries, so it goes on by itself: play it at 10× until the run has
    // MESSAGES steps (each delivers a message or fires a timer), then pause.
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Pause/ }).waitFor();
    await page.waitForFunction((n) => Number(document.querySelector('.tl-slider').max) >= n, MESSAGES, {
      timeout: 180_000,
      polling: 250,
    });
    await page.getByRole('button', { name: /^Pause/ }).click();
    await page.evaluate(() => document.activeElement?.blur());
    const run = await page.evaluate(() => ({
      ops: Number(document.querySelector('.tl-slider').max),
      inFlight: document.querySelectorAll('[data-msg]').length,
      log: document.querySelectorAll('.log li').length,
    }));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const m0 = await metrics();
    const times = await page.evaluate(async (max) => {
      const el = document.querySelector('.tl-slider');
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const after = () =>
        new Promise((resolve) => {
          const ch = new MessageChannel();
          ch.port1.onmessage = resolve;
          ch.port2.postMessage(0);
        });
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const targets = [];
      for (let i = 0; i < 60; i++) {
        targets.push(i % 2 ? max - Math.floor(random() * 40) : Math.floor(random() * 40));
      }
      for (let i = 0; i < 40; i++) targets.push(Math.floor(random() * (max + 1)));
      const out = [];
      for (const k of targets) {
        await frame();
        const t0 = performance.now();
        el.value = String(k);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
        const rendered = performance.now() - t0;
        await after();
        out.push({ k, rendered, painted: performance.now() - t0, ok: el.value === String(k) });
      }
      return out;
    }, run.ops);
    const m1 = await metrics();
    const per = (k) => (((m1[k] - m0[k]) * 1000) / times.length).toFixed(1);
    const ends = times.slice(0, 60);
    const all = times;
    const fmt = (xs, key) =>
      `median ${quantile(xs.map((t) => t[key]), 0.5).toFixed(1)} ms, p95 ${quantile(xs.map((t) => t[key]), 0.95).toFixed(1)} ms, max ${Math.max(...xs.map((t) => t[key])).toFixed(1)} ms`;
    console.log(`scrub bench: stress, ${run.ops} ops recorded (${run.ops + run.inFlight} messages sent, about), ${run.log} log lines, 1280x720`);
    console.log(`end to end (60 moves): to the next frame ${fmt(ends, 'rendered')} | painted ${fmt(ends, 'painted')}`);
    console.log(`all (100 moves):       to the next frame ${fmt(all, 'rendered')} | painted ${fmt(all, 'painted')}`);
    console.log(
      `per move, Chromium's counters: script ${per('ScriptDuration')} ms, style ${per('RecalcStyleDuration')} ms, ` +
        `layout ${per('LayoutDuration')} ms, all tasks ${per('TaskDuration')} ms`,
    );
    if (!times.every((t) => t.ok)) throw new Error('the slider did not stay where it was put');
  });
} finally {
  await session.close();
}
