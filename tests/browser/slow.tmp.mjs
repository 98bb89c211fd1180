import { startSession } from './harness.mjs';
const session = await startSession();
await session.withApp({ viewport: { width: 1280, height: 720 }, query: `?scenario=stress&lang=en&view=both` }, async (page) => {
  await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg]').length >= 190);
  await page.evaluate(() => {
    window.__f = [];
    let cur = null;
    const key = (n) => {
      const el = n.nodeType === 1 ? n : n.parentElement;
      if (!el) return '?';
      const c = el.closest('[class]');
      return (c ? c.getAttribute('class').split(' ')[0] : el.tagName) ;
    };
    new MutationObserver((ms) => {
      if (!cur) return;
      for (const m of ms) {
        const k = m.type[0] + ':' + key(m.target);
        cur.m[k] = (cur.m[k] || 0) + (m.addedNodes?.length || 0) + (m.removedNodes?.length || 0) + (m.type === 'attributes' || m.type === 'characterData' ? 1 : 0);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((ts) => {
      const start = performance.now();
      const f = { start, app: 0, m: {} };
      cur = f;
      cb(ts);
      queueMicrotask(() => queueMicrotask(() => { f.app = performance.now() - start; window.__f.push(f); }));
    });
  });
  await page.keyboard.press(' ');
  await page.waitForTimeout(3000);
  const t0 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(6000);
  const fs = await page.evaluate((t0) => window.__f.filter((f) => f.start >= t0), t0);
  fs.sort((a, b) => b.app - a.app);
  const n = fs.length;
  console.log('frames', n, 'p95', fs[Math.floor(n * 0.05)].app.toFixed(1), 'median', fs[Math.floor(n / 2)].app.toFixed(1));
  const show = (f) => console.log(f.app.toFixed(1).padStart(6), Object.entries(f.m).sort((a, b) => b[1] - a[1]).slice(0, 9).map(([k, v]) => `${k}=${v}`).join(' '));
  console.log('slowest:'); fs.slice(0, 14).forEach(show);
  console.log('typical:'); fs.slice(Math.floor(n / 2), Math.floor(n / 2) + 5).forEach(show);
});
await session.close();
