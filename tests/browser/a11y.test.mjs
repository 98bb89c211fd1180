// An accessibility audit by a tool: axe-core (npm, pinned in package.json), run inside the page
// with its default rules (WCAG 2.0, 2.1 and 2.2 A and AA, and best practices) on every kind of
// view: the sandbox in both languages, a tour, the stage with the diagram, the diagram alone, a
// Multi-Paxos tour with its log grid and a down server, the dialogs and panels, and the embed.
// Any violation fails, with its rule, the elements and what axe says to fix.
//
// One exception, for two kinds of element: "label in name" (WCAG 2.5.3) on a node card and on a
// log-grid cell. Their visible text is a compact picture with symbols (⟨1, 郑州⟩ ✓, ○ known,
// ● executed) and their accessible names spell the symbols out in words ("accepted ⟨1, 郑州⟩,
// chosen"), so the visible words cannot be a run of the name's words. Every other element,
// including the step buttons, the messages and every dialog control, is held to the rule.

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

/** Each view: its name, the page options, and what to click first (role, accessible name). */
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
  ['the embed (800×450)', { query: '?lang=en&scenario=one-plus-one&step=3', embed: VIEWPORTS.small }],
];

for (const [name, { click, ...options }] of VIEWS) {
  test(`axe finds no violation: ${name}`, async () => {
    await session.withApp(options, async (page, app) => {
      if (click) await app.getByRole(click[0], { name: click[1] }).first().click();
      await app.evaluate(AXE);
      const violations = await app.evaluate(async () => {
        const result = await window.axe.run(document);
        const pictured = (n) => document.querySelector(n.target.join(' '))?.matches('[data-node], .log-grid .cell');
        for (const v of result.violations) {
          if (v.id === 'label-content-name-mismatch') v.nodes = v.nodes.filter((n) => !pictured(n));
        }
        return result.violations.filter((v) => v.nodes.length > 0).map((v) => ({
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
