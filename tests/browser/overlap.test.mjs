// No label covers another label or a node card: every built-in tour but `stress` is stepped
// to its end with its own "Next step" button, at 1920×1080, 1280×720 and in the 800×450
// embed, and at 1920×1080 in the projector theme (larger labels), in English. At each step
// (once the stage has stopped moving) the test takes the bounding boxes of every message label
// (`[data-msg] > rect`, its pill) and every node card (`[data-node] .card`), and fails on any
// pair that overlaps by more than 2 px each way: label on label, or label on card (its own
// sender's and receiver's cards included), and on any label that reaches past the stage's
// edge. The stress scenario is left out, as the layout's budget allows; there labels collapse
// to the middle of their paths. It also writes what it saw to tests/browser/out/overlaps.json.
//
//   node --test tests/browser/overlap.test.mjs        (after a build: bash scripts/build.sh)
//   TOUR=learners-set node --test tests/browser/overlap.test.mjs    one tour only

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT_DIR, VIEWPORTS, startSession, screenshot } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const only = process.env.TOUR;
const TOURS = readdirSync(path.join(ROOT, 'static/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), spec: JSON.parse(readFileSync(path.join(ROOT, 'static/scenarios', f), 'utf8')) }))
  .filter(({ name }) => name !== 'stress' && (!only || name === only))
  .filter(({ spec }) => (spec.steps ?? []).some((s) => (s.do ?? []).length > 0));

const SIZES = [
  { label: '1920x1080', options: { viewport: VIEWPORTS.large } },
  { label: '1280x720', options: { viewport: VIEWPORTS.desktop } },
  { label: 'embed 800x450', options: { embed: VIEWPORTS.small }, query: '&embed=1' },
  { label: '1920x1080 projector', options: { viewport: VIEWPORTS.large }, query: '&theme=projector' },
];

/** The overlapping pairs on the stage now. */
function overlaps(app) {
  return app.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const labels = [...document.querySelectorAll('[data-msg] > rect')].map((r) => ({
      who: r.parentElement.getAttribute('aria-label'),
      b: box(r),
    }));
    const cards = [...document.querySelectorAll('[data-node] .card')].map((r) => ({
      who: r.closest('[data-node]').getAttribute('aria-label'),
      b: box(r),
    }));
    const hit = (a, b) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
    const found = [];
    const stage = box(document.querySelector('svg.stage-top'));
    const out = (b) => b.left < stage.left - 2 || b.right > stage.right + 2 || b.top < stage.top - 2 || b.bottom > stage.bottom + 2;
    labels.forEach((l, i) => {
      if (out(l.b)) found.push({ kind: 'off-stage', a: l.who });
      labels.slice(i + 1).forEach((m) => hit(l.b, m.b) && found.push({ kind: 'label-label', a: l.who, b: m.who }));
      cards.forEach((c) => hit(l.b, c.b) && found.push({ kind: 'label-card', a: l.who, b: c.who }));
    });
    return { labels: labels.length, found };
  });
}

/** Waits until no CSS animation or transition runs on the page. */
async function settled(app) {
  await app.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
    timeout: 5000,
  }).catch(() => {});
}

let session;
const report = [];
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
  writeFileSync(path.join(OUT_DIR, 'overlaps.json'), JSON.stringify(report, null, 1));
});

test('there are tours to walk', () => {
  assert.ok(only || TOURS.length >= 20, `${TOURS.length} tours found`);
});

for (const { name } of TOURS) {
  test(`no label covers a label or a card in ${name}`, async () => {
    const seen = [];
    for (const size of SIZES) {
      await session.withApp({ ...size.options, query: `?scenario=${name}&lang=en${size.query ?? ''}` }, async (page, app) => {
        const next = app.getByRole('button', { name: /^Next step/ });
        let labels = 0;
        for (let step = 1; ; step++) {
          await settled(app);
          const now = await overlaps(app);
          labels += now.labels;
          if (now.found.length) {
            seen.push({ size: size.label, step, found: now.found });
            if (seen.length === 1) await screenshot(page, `overlap-${name}-${size.label.replace(/\W+/g, '-')}-${step}`);
          }
          if ((await next.count()) === 0 || (await next.isDisabled())) break;
          await next.click();
        }
        report.push({ tour: name, size: size.label, labels, overlaps: seen.filter((s) => s.size === size.label) });
      });
    }
    assert.deepEqual(seen, [], `${name}: labels overlap`);
  });
}

test('the walk measured labels', { skip: Boolean(only) }, () => {
  // Some tours (the odd numbers of acceptors) show no message in flight at any step; the
  // others together show thousands of labels.
  const labels = report.reduce((sum, r) => sum + r.labels, 0);
  assert.ok(labels > 1000, `only ${labels} labels seen over every tour step: nothing was measured`);
  console.log(`${labels} labels over ${report.length} tour walks, no overlap`);
});
