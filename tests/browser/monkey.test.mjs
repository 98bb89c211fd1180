// A seeded random user ("monkey"): clicks whatever control lies on top where it clicks, types
// into fields, moves sliders, picks options and presses the page's keys, in the sandbox, a tour,
// Multi-Paxos, a challenge, the 800×450 embed, the projector theme in a small window and the
// diagram alone, in both languages. After every action the page must have reported no error and
// no panic. At the end it must still show its title and its stage, fit its window with every
// node card inside the stage, and the link to that moment must open the very same run: the same
// log, the same messages and nodes, the same banners, the same instant (the simulator is
// deterministic, and the link carries every operation).
//
// `MONKEY_SEED=<n>` runs one seed; `MONKEY_RUNS=<n>` more seeds per place (default 1, from
// `MONKEY_FIRST`, default 1), and `MONKEY_ACTIONS=<n>` more actions per run (default 120). A
// failure names the seed and lists the actions that led to it; a run that passes leaves its
// actions and link beside its screenshot (tests/browser/out/monkey-<seed>.txt and .png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSession, VIEWPORTS, waitForApp, screenshot, OUT_DIR, assertNothingCutOff } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** mulberry32: a small seeded generator, the same sequence for the same seed everywhere. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'Space', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft', 'PageDown', 'Escape', 'Escape',
  'Enter', 'Tab', 'Shift+Tab', '?', 'q', 'r', '1', '2', '3', 'Control+z', 'Control+Shift+Z', 'Home', 'End',
];
const TEXTS = ['x', 'y', 'z', '', '   ', '年会在北京', 'a value long enough to need more than one line of the panel', '7', '-3', '99999999999999999999', '<b>', '{"x":1}'];

/** The controls a person could click now: visible, enabled, on top at their centre, and not a
 *  link away from the page, a file picker or a download (each opens something outside it). */
function candidates() {
  const sel = 'button, [role=button], [role=tab], [role=radio], [role=checkbox], [role=option], select, input, textarea, summary';
  const vw = innerWidth;
  const vh = innerHeight;
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    e.removeAttribute('data-monkey');
    if (e.matches('[disabled], [aria-disabled=true], input[type=file], [data-export], a[href]')) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
    const top = document.elementFromPoint(x, y);
    if (!top || !(top === e || e.contains(top) || top.closest(sel) === e)) continue;
    const kind = e.tagName === 'SELECT' ? 'select'
      : e.tagName === 'TEXTAREA' || (e.tagName === 'INPUT' && /^(text|search|number|)$/.test(e.type)) ? 'text'
      : e.tagName === 'INPUT' && e.type === 'range' ? 'range'
      : 'click';
    out.push({ kind, x, y, name: (e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent || e.tagName).trim().replace(/\s+/g, ' ').slice(0, 60) });
  }
  return out;
}

/** Pauses a playing run, so that its picture stands still. */
async function pause(app) {
  const playing = app.getByRole('button', { name: /^(Pause|暂停)/ });
  if (await playing.count()) await playing.first().click();
}

/** What a run looks like to a reader: every node's and message's name, the log, the banners and
 *  the timeline's instant. */
async function picture(app) {
  await app.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 });
  return app.evaluate(() => ({
    names: [...document.querySelectorAll('svg [role=button]')].map((e) => e.getAttribute('aria-label')).sort(),
    log: document.querySelector('ol.log')?.innerText ?? null,
    banners: document.querySelector('.banners')?.innerText ?? null,
    at: document.querySelector('input.tl-slider')?.value ?? null,
  }));
}

async function act(page, app, random, actions) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const roll = random();
  if (roll < 0.25) {
    const key = pick(KEYS);
    actions.push(`key ${key}`);
    await page.keyboard.press(key);
    return;
  }
  const found = await app.evaluate(candidates);
  if (!found.length) {
    actions.push('nothing to click: Escape');
    await page.keyboard.press('Escape');
    return;
  }
  const target = pick(found);
  // In an embed, the frame's coordinates are the page's shifted by the iframe's place.
  const offset = app === page.mainFrame() ? { x: 0, y: 0 } : await (await app.frameElement()).boundingBox();
  const x = target.x + offset.x;
  const y = target.y + offset.y;
  if (target.kind === 'text') {
    const text = pick(TEXTS);
    actions.push(`type ${JSON.stringify(text)} into "${target.name}"${roll < 0.6 ? ' and Enter' : ''}`);
    await page.mouse.click(x, y);
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(text);
    if (roll < 0.6) await page.keyboard.press('Enter');
  } else if (target.kind === 'range') {
    const key = pick(['ArrowRight', 'ArrowLeft', 'Home', 'End', 'PageUp', 'PageDown']);
    actions.push(`slider "${target.name}": ${key}`);
    await page.mouse.click(x, y);
    await page.keyboard.press(key);
  } else if (target.kind === 'select') {
    actions.push(`choose in "${target.name}"`);
    await page.mouse.click(x, y);
    await page.keyboard.press(pick(['ArrowDown', 'ArrowUp', 'End']));
    await page.keyboard.press('Enter');
  } else {
    actions.push(`click "${target.name}"`);
    await page.mouse.click(x, y);
  }
}

const PLACES = [
  { name: 'sandbox', query: '?lang=en' },
  { name: 'annual meeting tour', query: '?scenario=annual-meeting-2&lang=zh' },
  { name: 'Multi-Paxos', query: '?scenario=multi-two-leaders&lang=en&view=both', viewport: VIEWPORTS.large },
  { name: 'challenge', query: '?exercise=break-no-adoption&lang=en' },
  { name: 'embed', query: '?embed=1&lang=zh&scenario=learners-one-killed', embed: VIEWPORTS.small },
  { name: 'projector theme, small window', query: '?scenario=learners-set&lang=en&theme=projector', viewport: { width: 1024, height: 576 } },
  { name: 'diagram alone', query: '?scenario=livelock&lang=zh&view=diagram' },
];

const runs = Number(process.env.MONKEY_RUNS ?? 1);
const steps = Number(process.env.MONKEY_ACTIONS ?? 120);
const first = Number(process.env.MONKEY_FIRST ?? 1);
const seeds = process.env.MONKEY_SEED ? [Number(process.env.MONKEY_SEED)] : Array.from({ length: runs }, (_, i) => first + i);

for (const [p, place] of PLACES.entries()) {
  for (const base of seeds) {
    const seed = base * 100 + p;
    test(`a random user, seed ${seed} (${place.name}): ${steps} actions, no error, and the link to the moment opens the same run`, async () => {
      const random = generator(seed);
      const actions = [];
      let link;
      let seen;
      try {
        await session.withApp({ query: place.query, viewport: place.viewport, embed: place.embed }, async (page, app) => {
          const errors = [];
          page.on('pageerror', (e) => errors.push(`${e}`));
          page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
          // Nothing the monkey does may leave the page: new tabs are closed as they open.
          page.context().on('page', (other) => other.close());
          for (let i = 0; i < steps; i++) {
            await act(page, app, random, actions);
            await page.waitForTimeout(15);
            assert.deepEqual(errors, [], `the page reported an error after action ${i + 1}`);
          }
          await waitForApp(app);
          // Closed, one Escape each: a popover, a node's panel, a dialog.
          for (let i = 0; i < 4 && (await app.locator('[role=dialog], .overlay, .side.open').count()); i++) await page.keyboard.press('Escape');
          await pause(app);
          seen = await picture(app);
          // The picture and the actions are saved first, so that a failure below has them too.
          await screenshot(page, `monkey-${seed}`);
          const told = actions.map((a, i) => `${i + 1}. ${a}`).join('\n');
          writeFileSync(path.join(OUT_DIR, `monkey-${seed}.txt`), `${told}\n`);
          assert.notEqual(seen.at, null, 'the timeline is on the page');
          // Whatever was clicked, the page still fits its window, and every node card its stage.
          await assertNothingCutOff(app, `after ${steps} actions:`);
          const outside = await app.evaluate(() => {
            const stage = document.querySelector('.stage-wrap')?.getBoundingClientRect();
            if (!stage) return [];
            return [...document.querySelectorAll('[data-node]')]
              .map((e) => [e.getAttribute('aria-label'), e.getBoundingClientRect()])
              .filter(([, r]) => r.top < stage.top - 1 || r.left < stage.left - 1 || r.bottom > stage.bottom + 1 || r.right > stage.right + 1)
              .map(([name]) => name);
          });
          assert.deepEqual(outside, [], 'node cards cut off by the edge of the stage');
          link = await app.evaluate(() => window.wasmBindings.moment());
          writeFileSync(path.join(OUT_DIR, `monkey-${seed}.txt`), `${told}\n${link}\n`);
        });
        // The moment's link, opened afresh, shows the same run (the embed's link opens the full page).
        await session.withApp({ query: link.slice(link.indexOf('?')), viewport: place.viewport }, async (page, app) => {
          await pause(app);
          const again = await picture(app);
          assert.deepEqual(again.names, seen.names, `the link ${link} shows other nodes or messages`);
          // An embed has no log of its own; the page its link opens has.
          if (seen.log !== null) assert.equal(again.log, seen.log, `the link ${link} shows another log`);
          assert.equal(again.banners, seen.banners, `the link ${link} shows other banners`);
          assert.equal(again.at, seen.at, `the link ${link} opens at another instant`);
        });
      } catch (err) {
        err.message += `\nseed ${seed} (MONKEY_SEED=${base}), after these actions:\n  ${actions.map((a, i) => `${i + 1}. ${a}`).join('\n  ')}`;
        throw err;
      }
    });
  }
}
