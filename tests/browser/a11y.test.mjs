// An accessibility audit by a tool: axe-core (npm, pinned in package.json), run inside the page
// with its default rules (WCAG 2.0, 2.1 and 2.2 A and AA, and best practices) on every kind of
// view: the sandbox in both languages, a tour, the stage with the diagram, the diagram alone, a
// Multi-Paxos tour with its log grid and a down server, the dialogs and panels, and the embed.
// Any violation fails, with its rule, the elements and what axe says to fix.
//
// No exception: a node card and a log-grid cell are buttons whose own visible text is their
// name alone (a card's name; a cell has none), and the state they draw in symbols (⟨1, 郑州⟩ ✓,
// ○ known, ● executed) lies over them, hidden from screen readers, while their accessible names
// spell it out in words. So "label in name" (WCAG 2.5.3) holds for every element.
//
// The embed views are the embed mode (`embed=1`) in an 800×450 iframe.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSession, VIEWPORTS } from './harness.mjs';

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** Each view: its name, the page options, what to click first (role, accessible name; or a
 *  list of those, clicked in turn), and what to wait for then (role, name), if anything. */
const VIEWS = [
  ['the sandbox (en)', { query: '?lang=en' }],
  ['the sandbox (zh)', { query: '?lang=zh' }],
  ['a tour', { query: '?lang=en&scenario=one-plus-one&step=5' }],
  ['the stage and the diagram', { query: '?lang=en&scenario=annual-meeting-2&step=4&view=both' }],
  ['the diagram alone', { query: '?lang=zh&scenario=livelock&step=4&view=diagram' }],
  ['a Multi-Paxos tour with a down server', { query: '?lang=en&scenario=multi-new-leader&step=3' }],
  ['the share dialog', { query: '?lang=en', click: ['button', 'Embed in slides'] }],
  ['the keyboard help (zh)', { query: '?lang=zh', click: ['button', '键盘快捷键'] }],
  ['a node panel', { query: '?lang=en', click: ['button', /^Proposer P1/] }],
  ['the protocol settings', { query: '?lang=en', click: ['button', /^Protocol/] }],
  ['the embed (800×450)', { query: '?lang=en&scenario=one-plus-one&step=3&embed=1', embed: VIEWPORTS.small }],
  ['the embed (zh), a violation', { query: '?lang=zh&scenario=annual-meeting-1&step=6&embed=1', embed: VIEWPORTS.small }],
  ['the projector theme', { query: '?lang=en&theme=projector&scenario=annual-meeting-2&step=5' }],
  ['a tour question, answered wrong (zh)', { query: '?lang=zh&scenario=annual-meeting-2&step=6', click: [['button', '提问：下一步的问题 (Q)'], ['button', /海南/]] }],
  ['a question in the embed', { query: '?lang=en&scenario=one-plus-one&step=11&embed=1', embed: VIEWPORTS.small, click: ['button', "Ask the next step's question (Q)"] }],
  ['a challenge under way, with the challenges panel', { query: '?lang=en&exercise=break-paxos', click: ['button', /^Challenges/] }],
  ['the dark theme: the sandbox with a node panel', { query: '?lang=en', colorScheme: 'dark', click: ['button', /^Proposer P1/] }],
  ['the dark theme: a tour with the diagram', { query: '?lang=en&scenario=annual-meeting-2&step=7&view=both', colorScheme: 'dark' }],
  ['the dark theme: a violation, in the diagram too (zh)', { query: '?lang=zh&scenario=annual-meeting-2-no-adoption&step=8&view=both', colorScheme: 'dark' }],
  ['the dark theme: the protocol settings', { query: '?lang=en', colorScheme: 'dark', click: ['button', /^Protocol/] }],
  ['the dark theme: the keyboard help', { query: '?lang=en', colorScheme: 'dark', click: ['button', 'Keyboard shortcuts'] }],
  ['the dark theme: the share dialog', { query: '?lang=en', colorScheme: 'dark', click: ['button', 'Embed in slides'] }],
  ['the dark theme: a quiz question answered wrong', { query: '?lang=en&scenario=annual-meeting-2&step=6', colorScheme: 'dark', click: [['button', "Ask the next step's question (Q)"], ['button', /海南/]] }],
  ['the dark theme: a challenge and the challenges panel', { query: '?lang=en&exercise=break-no-adoption', colorScheme: 'dark', click: ['button', /^Challenges/] }],
  ['the dark theme: the embed', { query: '?lang=en&scenario=one-plus-one&step=13&embed=1', embed: VIEWPORTS.small, colorScheme: 'dark' }],
  ['values chosen, shortened on the cards', { query: '?lang=en&scenario=annual-meeting-1&step=6' }],
  ['a Multi-Paxos tour with a down server (zh)', { query: '?lang=zh&scenario=multi-new-leader&step=3' }],
  ['a Multi-Paxos log grid beside the diagram', { query: '?lang=en&scenario=multi-new-leader&step=6&view=both' }],
  ['presentation mode, two acceptors down', { query: '?lang=en&scenario=odd-5&step=5', click: ['button', 'Presentation mode (larger)'] }],
  ['the dark theme: a Multi-Paxos log grid', { query: '?lang=en&scenario=multi-new-leader&step=3', colorScheme: 'dark' }],
  ['the projector theme with the diagram (zh)', { query: '?lang=zh&theme=projector&scenario=learners-set&step=3&view=both' }],
  ['the tour recorder', { query: '?lang=en', click: [['button', 'Embed in slides'], ['button', 'Record a tour…']], wait: ['region', 'Tour recorder'] }],
  ['the tour recorder (zh), in the dark theme', { query: '?lang=zh', colorScheme: 'dark', click: [['button', '嵌入幻灯片'], ['button', '录制导览……']], wait: ['region', '录制导览'] }],
];

for (const [name, { click, wait, ...options }] of VIEWS) {
  test(`axe finds no violation: ${name}`, async () => {
    await session.withApp(options, async (page, app) => {
      for (const [role, name] of Array.isArray(click?.[0]) ? click : click ? [click] : []) {
        await app.getByRole(role, { name }).first().click();
      }
      // A view that comes up by itself after the clicks (the recorder is fetched on demand).
      if (wait) await app.getByRole(wait[0], { name: wait[1] }).getByRole('textbox').first().waitFor();
      await app.evaluate(AXE);
      const violations = await app.evaluate(async () => {
        const result = await window.axe.run(document);
        return result.violations.map((v) => ({
          rule: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
        }));
      });
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    });
  });
}

test('a tour that plays by itself makes one announcement per step: its caption', async () => {
  await session.withApp({ query: '?lang=en&scenario=one-plus-one&speed=10' }, async (page, app) => {
    // Every change inside a live region (aria-live, or the roles status, alert and log), by
    // the step shown when it happened.
    await app.evaluate(() => {
      window.__announced = [];
      const regionOf = (node) => {
        for (let el = node.nodeType === 1 ? node : node.parentElement; el; el = el.parentElement) {
          const live = el.getAttribute('aria-live');
          if (live === 'off') return null;
          if (live === 'polite' || live === 'assertive' || ['status', 'alert', 'log'].includes(el.getAttribute('role'))) return el;
        }
        return null;
      };
      new MutationObserver((records) => {
        const step = document.querySelector('.tour .counter')?.textContent;
        for (const r of records) {
          const region = regionOf(r.target);
          if (region) window.__announced.push({ step, region: region.className || region.getAttribute('role') });
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await app.getByRole('button', { name: 'Play the tour (Space)' }).click();
    await app.getByText('step 16 / 16', { exact: true }).waitFor({ timeout: 60000 });
    await page.waitForTimeout(300);
    const announced = await app.evaluate(() => window.__announced);
    const byStep = new Map();
    for (const { step, region } of announced) byStep.set(step, new Set([...(byStep.get(step) ?? []), region]));
    assert.ok(byStep.size >= 15, `announcements in ${byStep.size} steps: ${JSON.stringify([...byStep.keys()])}`);
    for (const [step, regions] of byStep) {
      assert.deepEqual([...regions], ['caption'], `${step}: ${[...regions].join(', ')}`);
    }
  });
});

test('message types are told apart without colour: by their words on the stage, by dash and arrowhead in the diagram', async () => {
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2&view=both' }, async (page, app) => {
    const stageWords = new Map(); // type class → first words of its labels
    const lineLooks = new Map(); // type class → dash pattern, width and arrowhead, colour left out
    for (let step = 1; step <= 8; step++) {
      if (step > 1) await app.getByRole('button', { name: /^Next step/ }).click();
      await app.getByText(`step ${step} / 8`, { exact: true }).waitFor();
      const seen = await app.evaluate(() => {
        const type = (el) => [...el.classList].find((c) => c.startsWith('m-'));
        const stage = [...document.querySelectorAll('[data-msg]')].map((g) => [type(g), g.querySelector('text')?.textContent.trim().split(/\s/)[0]]);
        const lines = [...document.querySelectorAll('.dg-line')].map((line) => {
          const group = line.parentElement;
          const css = getComputedStyle(line);
          const head = group.querySelector('.dg-heads') ?? document.querySelector(`.dg-head.${type(group)} path`);
          const open = head ? getComputedStyle(head).fill === 'none' : null;
          return [type(group), `${css.strokeDasharray} ${css.strokeWidth} open=${open}`];
        });
        return { stage, lines };
      });
      for (const [t, word] of seen.stage) stageWords.set(t, new Set([...(stageWords.get(t) ?? []), word]));
      for (const [t, look] of seen.lines) if (t) lineLooks.set(t, new Set([...(lineLooks.get(t) ?? []), look]));
    }
    assert.ok(stageWords.size >= 3, `types on the stage: ${[...stageWords.keys()]}`);
    const words = new Map();
    for (const [t, ws] of stageWords) {
      assert.equal(ws.size, 1, `${t} labels start with one word: ${[...ws]}`);
      const [w] = ws;
      assert.ok(!words.has(w), `${t} and ${words.get(w)} both start with "${w}"`);
      words.set(w, t);
    }
    assert.ok(lineLooks.size >= 3, `types in the diagram: ${[...lineLooks.keys()]}`);
    const looks = new Map();
    for (const [t, ls] of lineLooks) {
      for (const l of ls) {
        assert.ok(!looks.has(l) || looks.get(l) === t, `${t} and ${looks.get(l)} look alike without colour: ${l}`);
        looks.set(l, t);
      }
    }
  });
});
