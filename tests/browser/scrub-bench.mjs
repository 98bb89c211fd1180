#!/usr/bin/env node
// Scrubbing benchmark (not part of the test suite): how long the page takes to answer a move
// of the timeline in a long run.
//
//   node tests/browser/scrub-bench.mjs          (after a build: bash scripts/build.sh)
//
// Loads the built-in "stress" scenario (9 nodes, 198 Prepares in flight), plays it at 10×
// to the end, then has every node propose again and plays that, until about 2,000 messages
// have been sent (MESSAGES=… for another size); then moves the timeline's slider to
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
const NAMES = ['Zhang San', 'Li Si', 'Wang Wu', 'Zhao Liu', 'Sun Qi', 'Zhou Ba', 'Wu Jiu', 'Zheng Shi', 'Feng Shiyi'];

try {
  await session.withApp({ viewport: { width: 1280, height: 720 }, query: '?scenario=stress&lang=en' }, async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('[data-msg]').length >= 190);
    await page.getByRole('slider', { name: 'Speed' }).focus();
    await page.keyboard.press('End');
    await page.evaluate(() => document.activeElement?.blur());
    // Messages sent so far: the run's ops (each delivers one message; this run has no timers
    // and no loss) and the messages still in flight.
    const sent = () =>
      page.evaluate(
        () => Number(document.querySelector('.tl-slider').max) + document.querySelectorAll('[data-msg]').length,
      );
    const playToQuiet = async () => {
      await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press(' ');
      await page.getByRole('button', { name: /^Pause/ }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-msg]').length === 0, null, {
        timeout: 120_000,
        polling: 250,
      });
      await page.getByRole('button', { name: /^Pause/ }).click();
      await page.evaluate(() => document.activeElement?.blur());
    };
    await playToQuiet();
    // Then more rounds: every node proposes again (about 100 messages each), played to quiet.
    let round = 0;
    while ((await sent()) < MESSAGES) {
      round += 1;
      for (const who of NAMES) {
        if ((await sent()) >= MESSAGES) break;
        await page.getByRole('button', { name: new RegExp(`^Proposer[a-z, ]* ${who}(,|$)`) }).click();
        const panel = page.getByRole('region', { name: new RegExp(`^${who}`) });
        await panel.getByRole('textbox', { name: 'Value to propose' }).fill(`r${round}`);
        await panel.getByRole('button', { name: `Propose from ${who}` }).click();
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'detached' });
      }
      await playToQuiet();
    }
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
