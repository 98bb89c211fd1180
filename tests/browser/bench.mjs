#!/usr/bin/env node
// Frame-time benchmark (not part of the test suite): 9 nodes and about 200 messages in flight.
//
//   node tests/browser/bench.mjs            (after a build: bash scripts/build.sh)
//
// Loads the built-in "stress" scenario (9 nodes, 198 Prepares in flight), presses Space to
// play at 1×, and records every animation frame for a few seconds:
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
// asks for every frame anew, and is the only user of it). Two windows are reported: messages
// gliding (the first deliveries come at 100 ticks; playing starts at 50, where the tour drew
// them, and 1× is 20 ticks a second), then deliveries (each frame may apply steps, rebuild the
// scene and narrate events). Chromium's own counters (Performance.getMetrics) show where the
// rest of the main thread's time goes.

import { startSession } from './harness.mjs';

const session = await startSession();
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

try {
  await session.withApp({ viewport: { width: 1280, height: 720 }, query: '?scenario=stress&lang=en' }, async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('[data-msg]').length >= 190);
    const inFlight = await page.locator('[data-msg]').count();
    await page.evaluate(() => {
      window.__frames = [];
      const raf = window.requestAnimationFrame.bind(window);
      // Wrapping after load is enough: the app asks for every frame anew.
      window.requestAnimationFrame = (cb) =>
        raf((ts) => {
          const start = performance.now();
          const f = { start, app: 0, frame: 0, msgs: 0 };
          cb(ts);
          queueMicrotask(() =>
            queueMicrotask(() => {
              f.app = performance.now() - start;
              f.msgs = document.querySelectorAll('[data-msg]').length;
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
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Pause/ }).waitFor();
    const t0 = await page.evaluate(() => performance.now());
    const marks = [];
    for (const at of [300, 2300, 3000, 9000]) {
      await page.waitForFunction((t) => performance.now() >= t, t0 + at, { polling: 50 });
      marks.push(await metrics());
    }
    const frames = await page.evaluate(() => window.__frames);
    const windows = [
      ['gliding (0.3-2.3 s)', 300, 2300],
      ['delivering (3-9 s)', 3000, 9000],
    ];
    console.log(`bench: 9 nodes, ${inFlight} messages in flight at the start, 1280x720, speed 1×`);
    for (const [i, [name, from, to]] of windows.entries()) {
      const fs = frames.filter((f) => f.start - t0 >= from && f.start - t0 < to);
      const [a, b] = [marks[2 * i], marks[2 * i + 1]];
      const per = (k) => (((b[k] - a[k]) * 1000) / Math.max(1, fs.length)).toFixed(2);
      const msgs = fs.map((f) => f.msgs);
      console.log(
        `${name.padEnd(22)} frames ${String(fs.length).padStart(4)}  ` +
          `messages ${Math.min(...msgs)}-${Math.max(...msgs)}  ` +
          `app median ${median(fs.map((f) => f.app)).toFixed(2)} ms, p95 ${quantile(fs.map((f) => f.app), 0.95).toFixed(2)} ms  ` +
          `| frame median ${median(fs.map((f) => f.frame)).toFixed(2)} ms, p95 ${quantile(fs.map((f) => f.frame), 0.95).toFixed(2)} ms`,
      );
      console.log(
        `${''.padEnd(22)} per frame, Chromium's counters: script ${per('ScriptDuration')} ms, ` +
          `style ${per('RecalcStyleDuration')} ms, layout ${per('LayoutDuration')} ms, all tasks ${per('TaskDuration')} ms`,
      );
    }
  });
} finally {
  await session.close();
}
