// No label covers another label or a node card: every built-in tour but `stress` is stepped
// to its end with its own "Next step" button, at 1920×1080, 1280×720 and in the 800×450
// embed, and at 1920×1080 in the projector theme (larger labels), in English. At each step
// (once the stage has stopped moving) the test takes the bounding boxes of every message label
// (`[data-msg] > rect`, its pill) and every node card (`[data-node] .card`), and fails on any
// pair that overlaps by more than 2 px each way: label on label, or label on card (its own
// sender's and receiver's cards included), on any label that reaches past the stage's edge,
// and on any card crossed by the line that ties a label resting off its lane to the lane. The
// stress scenario is left out, as the layout's budget allows; there labels collapse to the
// middle of their paths. It also writes what it saw to tests/browser/out/overlaps.json.
//
// The same check holds in the sandbox, paused, where a student delivers messages by hand: two
// messages sent at one instant down one lane would sit at one point, and one of them moves
// aside while the other stays where the clock has it.
//
//   node --test tests/browser/overlap.test.mjs        (after a build: bash scripts/build.sh)
//   TOUR=learners-set node --test tests/browser/overlap.test.mjs    one tour only

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT_DIR, VIEWPORTS, startSession, screenshot, propose } from './harness.mjs';

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
    // A tie (the line from a label resting off its lane to its place on the lane) crosses no
    // card: its ends on screen, clipped to each card shrunk by 3 px (Liang–Barsky).
    const crosses = (p, q, b) => {
      let [t0, t1] = [0, 1];
      for (const [a, d, lo, hi] of [
        [p.x, q.x - p.x, b.left + 3, b.right - 3],
        [p.y, q.y - p.y, b.top + 3, b.bottom - 3],
      ]) {
        if (Math.abs(d) < 1e-9) {
          if (a <= lo || a >= hi) return false;
          continue;
        }
        const [ta, tb] = [(lo - a) / d, (hi - a) / d];
        t0 = Math.max(t0, Math.min(ta, tb));
        t1 = Math.min(t1, Math.max(ta, tb));
      }
      return t0 < t1;
    };
    let ties = 0;
    for (const line of document.querySelectorAll('[data-msg] > line.tie')) {
      ties++;
      const m = line.getScreenCTM();
      const end = (x, y) => new DOMPoint(x, y).matrixTransform(m);
      const [p, q] = [end(0, 0), end(line.x2.baseVal.value, line.y2.baseVal.value)];
      const who = line.parentElement.getAttribute('aria-label');
      cards.forEach((c) => crosses(p, q, c.b) && found.push({ kind: 'tie-card', a: who, b: c.who }));
    }
    labels.forEach((l, i) => {
      if (out(l.b)) found.push({ kind: 'off-stage', a: l.who });
      labels.slice(i + 1).forEach((m) => hit(l.b, m.b) && found.push({ kind: 'label-label', a: l.who, b: m.who }));
      cards.forEach((c) => hit(l.b, c.b) && found.push({ kind: 'label-card', a: l.who, b: c.who }));
    });
    return { labels: labels.length, ties, found };
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
        let ties = 0;
        for (let step = 1; ; step++) {
          await settled(app);
          const now = await overlaps(app);
          labels += now.labels;
          ties += now.ties;
          if (now.found.length) {
            seen.push({ size: size.label, step, found: now.found });
            if (seen.length === 1) await screenshot(page, `overlap-${name}-${size.label.replace(/\W+/g, '-')}-${step}`);
          }
          if ((await next.count()) === 0 || (await next.isDisabled())) break;
          await next.click();
        }
        report.push({ tour: name, size: size.label, labels, ties, overlaps: seen.filter((s) => s.size === size.label) });
      });
    }
    assert.deepEqual(seen, [], `${name}: labels overlap`);
  });
}

test('paused, messages sent at one instant down one lane do not hide each other', { skip: Boolean(only) }, async () => {
  for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.large]) {
    await session.withApp({ viewport, query: '?scenario=sandbox&lang=en' }, async (page, app) => {
      const first = app.getByRole('button', { name: /^Prepare 1 from P1 to A2/ });
      await propose(app, page, 'P1', 'x');
      await settled(app);
      const at = await first.boundingBox();
      await propose(app, page, 'P1', 'y');
      await app.getByRole('button', { name: /^Prepare 3 from P1 to A2/ }).waitFor();
      await settled(app);
      const now = await overlaps(app);
      assert.equal(now.labels, 6, 'two Prepares to each of three acceptors');
      if (now.found.length) await screenshot(page, `overlap-paused-${viewport.width}`);
      assert.deepEqual(now.found, [], `${viewport.width}×${viewport.height}`);
      assert.deepEqual(await first.boundingBox(), at, 'the first Prepare stays where it was');
    });
  }
});

test('the walk measured labels', { skip: Boolean(only) }, () => {
  // Some tours (the odd numbers of acceptors) show no message in flight at any step; the
  // others together show thousands of labels.
  const labels = report.reduce((sum, r) => sum + r.labels, 0);
  const ties = report.reduce((sum, r) => sum + r.ties, 0);
  assert.ok(labels > 1000, `only ${labels} labels seen over every tour step: nothing was measured`);
  assert.ok(ties > 50, `only ${ties} labels tied to their lanes: the ties were not checked`);
  console.log(`${labels} labels (${ties} tied to their lanes by a line) over ${report.length} tour walks, no overlap`);
});
