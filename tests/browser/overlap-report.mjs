#!/usr/bin/env node
// Label-overlap report (not part of the test suite): how often, in the built-in tours, a
// message's label covers another label or a node card.
//
//   node tests/browser/overlap-report.mjs              (after a build: bash scripts/build.sh)
//   node tests/browser/overlap-report.mjs learners-set one tour only
//
// Every built-in tour is stepped to its end with its own "Next step" button, at 1920×1080,
// 1280×720 and in the 800×450 embed, in English. At each step (once the stage has stopped
// moving) the script takes the bounding boxes of every message label (`[data-msg]`) and every
// node card (`[data-node] .card`), and counts the pairs that overlap by more than 2 px each
// way: label on label, and label on card. A label counts against every card it covers,
// including those of its own sender and receiver. The stress scenario is left out, as the
// layout issue does. It prints one line per tour and size, and a total, and writes the steps
// with overlaps to tests/browser/out/overlaps.json.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT_DIR, VIEWPORTS, startSession } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const only = process.argv[2];
const TOURS = readdirSync(path.join(ROOT, 'static/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), spec: JSON.parse(readFileSync(path.join(ROOT, 'static/scenarios', f), 'utf8')) }))
  .filter(({ name, spec }) => name !== 'stress' && (!only || name === only))
  .filter(({ spec }) => (spec.steps ?? []).some((s) => (s.do ?? []).length > 0));

const SIZES = [
  { label: '1920x1080', options: { viewport: VIEWPORTS.large } },
  { label: '1280x720', options: { viewport: VIEWPORTS.desktop } },
  { label: 'embed 800x450', options: { embed: VIEWPORTS.small }, query: '&embed=1' },
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
    labels.forEach((l, i) => {
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

const session = await startSession();
const report = [];
let totals = { steps: 0, stepsWithOverlap: 0, labelLabel: 0, labelCard: 0 };
try {
  for (const { name } of TOURS) {
    for (const size of SIZES) {
      await session.withApp({ ...size.options, query: `?scenario=${name}&lang=en${size.query ?? ''}` }, async (_page, app) => {
        const row = { tour: name, size: size.label, steps: 0, stepsWithOverlap: 0, labelLabel: 0, labelCard: 0, worst: null };
        const next = app.getByRole('button', { name: /^Next step/ });
        for (let step = 0; ; step++) {
          await settled(app);
          const { found } = await overlaps(app);
          row.steps++;
          const ll = found.filter((f) => f.kind === 'label-label').length;
          const lc = found.length - ll;
          row.labelLabel += ll;
          row.labelCard += lc;
          if (found.length) {
            row.stepsWithOverlap++;
            if (!row.worst || found.length > row.worst.found.length) row.worst = { step, found };
          }
          if ((await next.count()) === 0 || (await next.isDisabled())) break;
          await next.click();
        }
        report.push(row);
        for (const k of Object.keys(totals)) totals[k] += row[k];
        console.log(
          `${name.padEnd(30)} ${size.label.padEnd(14)} ${String(row.stepsWithOverlap).padStart(2)}/${String(row.steps).padEnd(3)} steps with overlaps; label on label ${String(row.labelLabel).padStart(3)}, label on card ${String(row.labelCard).padStart(3)}`,
        );
      });
    }
  }
} finally {
  await session.close();
}
console.log(
  `total: ${totals.stepsWithOverlap} of ${totals.steps} tour steps have an overlap; label on label ${totals.labelLabel}, label on card ${totals.labelCard}`,
);
writeFileSync(path.join(OUT_DIR, 'overlaps.json'), JSON.stringify(report, null, 1));
