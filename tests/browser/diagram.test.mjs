// The space-time diagram in the browser: the 1+1 tour in the notes' order with its refusals,
// drops and dead lanes, links between the stage, the diagram and the log, the keyboard cursor,
// zoom and fit, every tour stepped to its end with no overlapping label, and the embed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSession, VIEWPORTS, assertNothingCutOff, screenshot } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIOS = readdirSync(`${ROOT}static/scenarios`)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');
const diagram = (app, lang = 'en') =>
  app.getByRole('region', { name: lang === 'zh' ? '时空图' : 'Space-time diagram' });
const next = (app) => app.getByRole('button', { name: /^Next step|^下一步/ });

/** Clicks "Next step" until it is disabled. */
async function stepToEnd(app) {
  for (let i = 0; i < 60 && !(await next(app).isDisabled()); i++) {
    await next(app).click();
  }
  assert.ok(await next(app).isDisabled(), 'at the last step');
}

/** The labels' pills in the diagram, as rectangles on the screen. */
async function labelBoxes(app) {
  return app.locator('.diagram .dg-label rect').evaluateAll((rects) =>
    rects.map((r) => {
      const b = r.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height, text: r.nextElementSibling?.textContent };
    }),
  );
}

function assertNoOverlap(boxes, what) {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap =
        a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
      assert.ok(!overlap, `${what}: "${a.text}" overlaps "${b.text}"`);
    }
  }
}

/** Each arrow of a message that arrived or was lost: its accessible name and where it starts
 *  and ends on screen. */
async function arrows(app) {
  return app.locator('.diagram .dg-arrow:not(.dg-flying)').evaluateAll((gs) =>
    gs.map((g) => {
      const line = g.querySelector('.dg-line');
      const len = line.getTotalLength();
      const m = line.getScreenCTM();
      const at = (p) => ({ x: p.x * m.a + m.e, y: p.y * m.d + m.f });
      return {
        name: g.getAttribute('aria-label'),
        start: at(line.getPointAtLength(0)),
        end: at(line.getPointAtLength(len)),
      };
    }),
  );
}

test("the 1+1 tour's diagram shows the messages in the notes' order, and the refusals where the notes put them", async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&view=both' }, async (page, app) => {
    await stepToEnd(app);
    await diagram(app).getByRole('button', { name: 'Fit' }).click();
    const all = await arrows(app);
    const first = (prefix) => {
      const found = all.filter((a) => a.name.startsWith(prefix));
      assert.ok(found.length, `an arrow "${prefix}…" is drawn (arrows: ${all.map((a) => a.name).join(' | ')})`);
      return Math.min(...found.map((a) => a.start.x));
    };
    const order = [
      'Prepare 1 ',
      'Promise 1 ',
      "Accept 1 '1+1=1'",
      'Prepare 2 ',
      'Promise 2 ',
      "Accept 2 '1+1=2'",
      'Prepare 3 ',
      'Promise 3 ',
      "Accept 3 '1+1=3'",
      "Accepted 3 '1+1=3'",
      'Prepare 4 ',
      'Prepare 5 ',
    ];
    for (let i = 1; i < order.length; i++) {
      assert.ok(first(order[i - 1]) < first(order[i]), `${order[i - 1]} is sent before ${order[i]}`);
    }
    // Accept(1) is refused by User2 and User3, Accept(2) by User1: a refusal mark sits where
    // each refused Accept arrives, naming the rule.
    const refusals = await app.locator('.diagram .dg-refused').evaluateAll((gs) =>
      gs.map((g) => {
        const b = g.querySelector('.dg-hit').getBoundingClientRect();
        return { name: g.getAttribute('aria-label'), x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }),
    );
    const cases = [
      ["Accept 1 '1+1=1' from User1 to User2", /^User2 refuses Accept\(1\)/],
      ["Accept 1 '1+1=1' from User1 to User3", /^User3 refuses Accept\(1\)/],
      ["Accept 2 '1+1=2' from User2 to User1", /^User1 refuses Accept\(2\)/],
    ];
    for (const [arrow, refusal] of cases) {
      const a = all.find((x) => x.name.startsWith(arrow));
      assert.ok(a, `${arrow} is drawn`);
      const r = refusals.find((x) => refusal.test(x.name));
      assert.ok(r, `a refusal ${refusal} (refusals: ${refusals.map((x) => x.name).join(' | ')})`);
      assert.ok(
        Math.abs(r.x - a.end.x) < 2 && Math.abs(r.y - a.end.y) < 2,
        `${refusal} sits where ${arrow} arrives: ${JSON.stringify(r)} vs ${JSON.stringify(a.end)}`,
      );
    }
    // The instant ⟨3, 1+1=3⟩ became chosen is marked across the diagram.
    await diagram(app).getByRole('img', { name: /⟨3, 1\+1=3⟩ is now chosen/ }).waitFor();
    assertNoOverlap(await labelBoxes(app), 'one-plus-one');
  });
});

test('the 1+1 diagram at its end, in Chinese, 1280x720', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=zh&view=both' }, async (page, app) => {
    await stepToEnd(app);
    await page.waitForTimeout(300);
    assertNoOverlap(await labelBoxes(app), 'one-plus-one zh');
    await screenshot(page, 'diagram-one-plus-one-1280x720-zh');
  });
});

const DROP_AND_KILL = JSON.stringify({
  title: { zh: '丢弃与崩溃', en: 'Drop and kill' },
  nodes: [
    { id: 'p', name: { zh: 'P', en: 'P' }, roles: ['proposer'] },
    { id: 'a1', name: { zh: 'A1', en: 'A1' }, roles: ['acceptor'] },
    { id: 'a2', name: { zh: 'A2', en: 'A2' }, roles: ['acceptor'] },
    { id: 'a3', name: { zh: 'A3', en: 'A3' }, roles: ['acceptor'] },
  ],
  steps: [
    { caption: { zh: 'P 提议。', en: 'P proposes.' }, do: [{ propose: { node: 'p', value: 'x' } }] },
    {
      caption: { zh: 'A3 崩溃；发给 A1 的 Prepare 被丢弃。', en: 'A3 crashes; the Prepare to A1 is dropped.' },
      do: [{ kill: { node: 'a3' } }, { drop: { type: 'prepare', to: 'a1' } }],
    },
    { caption: { zh: '其余的到达。', en: 'The rest arrives.' }, do: [{ run: {} }] },
  ],
});

test('a dropped message ends in a cross, a message to a dead node too, and a dead lane is dashed', async () => {
  await session.withApp({ query: `?lang=en&view=diagram#scenario=${b64url(DROP_AND_KILL)}` }, async (page, app) => {
    await stepToEnd(app);
    const d = diagram(app);
    const dropped = d.getByRole('img', { name: 'Prepare 1 from P to A1, dropped' });
    await dropped.waitFor();
    assert.equal(await dropped.locator('.dg-cross').count(), 1, 'the dropped arrow ends in ✕');
    const lost = d.getByRole('img', { name: /^Prepare 1 from P to A3, lost: the receiver is down$/ });
    assert.equal(await lost.locator('.dg-cross').count(), 1, 'the message to the dead node ends in ✕');
    const down = app.locator('.diagram line.dg-down');
    assert.equal(await down.count(), 1, 'A3 is down from its crash on');
    assert.equal(await down.evaluate((l) => getComputedStyle(l).strokeDasharray !== 'none'), true, 'drawn dashed');
    const a3 = await app.locator('.diagram .dg-name', { hasText: 'A3' }).boundingBox();
    const lane = await down.boundingBox();
    assert.ok(Math.abs(lane.y + lane.height / 2 - (a3.y + a3.height / 2)) < 20, 'on A3’s lane');
  });
});

test('the stage and the diagram point at the same message, both ways, and the log follows', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&view=both' }, async (page, app) => {
    await next(app).click(); // step 2: Prepare(1) on its way
    const stageMsg = app.locator('.stage-top [data-msg]').first();
    const id = await stageMsg.getAttribute('data-msg');
    assert.equal(await app.locator('.diagram .dg-lit').count(), 0);
    await stageMsg.hover();
    // The arrow of the same message is drawn again, thicker, over the others.
    const lit = app.locator('.diagram .dg-lit');
    await lit.waitFor();
    const tip = await app.locator(`.diagram [data-arrow="${id}"] .dg-hit`).evaluate((p) => p.getAttribute('d').split(' ')[0]);
    assert.ok((await lit.getAttribute('d')).startsWith(tip), 'it starts where the arrow of that message starts');
    assert.ok((await lit.evaluate((l) => parseFloat(getComputedStyle(l).strokeWidth))) > 3, 'and is thicker');
    await page.mouse.move(2, 2);
    await lit.waitFor({ state: 'detached' });
    await page.waitForFunction(() => !document.querySelector('.stage-top .msg.linked'));
    await app.locator(`.diagram [data-arrow="${id}"] .dg-hit`).hover({ force: true });
    await app.locator(`.stage-top .msg.linked[data-msg="${id}"]`).waitFor();
  });
});

test('j and k walk the run event by event, read out; Home and End go to its ends', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&view=both' }, async (page, app) => {
    await stepToEnd(app);
    const area = diagram(app).getByRole('group', { name: 'Space-time diagram' });
    await area.focus();
    const live = app.locator('.diagram [aria-live="polite"]');
    await page.keyboard.press('Home');
    const log = await app.getByRole('list', { name: /Event log/ }).locator('li').allInnerTexts();
    await page.keyboard.press('End');
    const last = await live.innerText();
    assert.ok(log.some((line) => line.startsWith(last.slice(0, 30))), `the last event is a line of the log: ${last}`);
    await page.keyboard.press('k');
    const before = await live.innerText();
    assert.notEqual(before, last, 'k moves back one event');
    await page.keyboard.press('j');
    assert.equal(await live.innerText(), last, 'j moves forward again');
    assert.equal(await app.locator('.diagram style').evaluate((s) => s.textContent.includes('data-ev')), true, 'the event is highlighted');
    // Tab leaves the diagram at once: its arrows are not tab stops.
    await page.keyboard.press('Tab');
    assert.equal(await app.evaluate(() => !!document.activeElement.closest('.dg-scroll')), false);
  });
});

test('zoom in and out, fit the whole run, and a compact mode without labels', async () => {
  await session.withApp({ query: '?scenario=annual-meeting-2&lang=en&view=diagram' }, async (page, app) => {
    await stepToEnd(app);
    const d = diagram(app);
    const content = app.locator('.dg-content');
    const width = async () => (await content.boundingBox()).width;
    const w0 = await width();
    await d.getByRole('button', { name: 'Zoom in' }).click();
    assert.ok((await width()) > w0, 'zoom in widens the run');
    await d.getByRole('button', { name: 'Zoom out' }).click();
    await d.getByRole('button', { name: 'Zoom out' }).click();
    assert.ok((await width()) < w0, 'zoom out narrows it');
    await d.getByRole('button', { name: 'Fit' }).click();
    const scroller = await app.locator('.dg-scroll').evaluate((s) => [s.scrollWidth, s.clientWidth]);
    assert.ok(scroller[0] <= scroller[1] + 1, `fit: the whole run in view (${scroller})`);
    // Ctrl+wheel zooms the diagram, not the page.
    const fitted = await width();
    await app.locator('.dg-scroll').hover();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await page.waitForFunction((w) => document.querySelector('.dg-content').getBoundingClientRect().width > w, fitted);
    const labels = d.getByRole('button', { name: 'Labels' });
    assert.equal(await labels.getAttribute('aria-pressed'), 'true');
    assert.ok((await app.locator('.diagram .dg-arrow .dg-label').count()) > 0);
    await labels.click();
    assert.equal(await labels.getAttribute('aria-pressed'), 'false');
    assert.equal(await app.locator('.diagram .dg-arrow .dg-label').count(), 0, 'compact: no labels on arrows');
  });
});

test('the view switch and the address choose the stage, the diagram or both', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en' }, async (page, app) => {
    const views = app.getByRole('radiogroup', { name: 'View' });
    assert.equal(await views.getByRole('radio', { name: 'Stage' }).getAttribute('aria-checked'), 'true', 'the stage by default');
    assert.equal(await diagram(app).count(), 0);
    await views.getByRole('radio', { name: 'Both' }).click();
    await diagram(app).waitFor();
    await views.getByRole('radio', { name: 'Stage' }).click();
    assert.equal(await diagram(app).count(), 0);
    await views.getByRole('radio', { name: 'Diagram' }).click();
    await diagram(app).waitFor();
    assert.equal(await app.getByRole('img', { name: 'Paxos stage' }).count(), 0);
    await views.getByRole('radio', { name: 'Diagram' }).press('ArrowLeft');
    assert.equal(await views.getByRole('radio', { name: 'Both' }).getAttribute('aria-checked'), 'true');
  });
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&embed=1' }, async (page, app) => {
    assert.equal(await diagram(app).count(), 0, 'an embed shows the stage unless asked');
  });
  await session.withApp({ query: '?lang=en&view=sideways' }, async (page, app) => {
    await app.getByText(/view=sideways/).waitFor();
    await app.getByText(/use stage, diagram or both/).waitFor();
  });
});

test('a view of the diagram past the end of a run that shrank comes back to its end', async () => {
  await session.withApp({ query: '?scenario=livelock&lang=en&view=diagram' }, async (page, app) => {
    await stepToEnd(app);
    const d = diagram(app);
    for (let i = 0; i < 4; i++) await d.getByRole('button', { name: 'Zoom in' }).click();
    // The reader takes the view (a wheel), and scrolls it to the far right of the whole run.
    const scroller = app.locator('.dg-scroll');
    await scroller.hover();
    await page.mouse.wheel(400, 0);
    await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    await d.getByRole('button', { name: 'Jump to now' }).waitFor();
    // Back to the start of the run: nearly nothing is drawn, and the view must show it.
    await app.getByRole('slider', { name: 'Timeline' }).press('Home');
    await page.waitForTimeout(300);
    const at = await scroller.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const now = el.querySelector('.dg-now').getBoundingClientRect();
      const content = el.querySelector('.dg-content').getBoundingClientRect().width;
      return { left: el.scrollLeft, most: el.scrollWidth - el.clientWidth, now: now.left - box.left, width: box.width, content, view: el.clientWidth };
    });
    assert.ok(at.left <= at.most + 1, `scrolled to ${at.left} of at most ${at.most}`);
    // The drawing is as wide as the view and sticky: a box narrower than it would let it
    // stretch the scrollable width to wherever the view was, over nothing.
    assert.ok(at.content >= at.view, `the content box ${at.content} px wide in a view ${at.view} px wide`);
    assert.ok(at.now >= 0 && at.now <= at.width, `the "now" line at ${at.now} of a view ${at.width} wide`);
    await screenshot(page, 'diagram-shrunk-1280x720-en');
  });
});

test('back from the diagram alone, the stage is drawn for its own size again', async () => {
  // The node cards' boxes, as a page opened with that view draws them.
  const cards = (app) =>
    app.getByRole('button', { name: /^Proposer and acceptor Server/ }).evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map(Math.round).join(',');
      }),
    );
  const fresh = {};
  for (const view of ['both', 'stage']) {
    await session.withApp({ query: `?scenario=multi-new-leader&lang=en&view=${view}`, viewport: VIEWPORTS.large }, async (page, app) => {
      fresh[view] = await cards(app);
    });
  }
  assert.notDeepEqual(fresh.both, fresh.stage, 'the two views give the stage two shapes');
  await session.withApp({ query: '?scenario=multi-new-leader&lang=en&view=both', viewport: VIEWPORTS.large }, async (page, app) => {
    const views = app.getByRole('radiogroup', { name: 'View' });
    for (const view of ['Diagram', 'Both', 'Diagram', 'Stage', 'Both']) {
      await views.getByRole('radio', { name: view }).click();
      if (view === 'Diagram') continue;
      const want = fresh[view.toLowerCase()];
      // The stage's new size arrives from a resize observer, a frame or two later.
      let got = await cards(app);
      for (let i = 0; i < 30 && JSON.stringify(got) !== JSON.stringify(want); i++) {
        await page.waitForTimeout(100);
        got = await cards(app);
      }
      assert.deepEqual(got, want, `after ${view}: the cards where a fresh page draws them`);
    }
  });
});

for (const lang of ['en', 'zh']) {
  test(`the embed with view=diagram fits 800x450 without scrollbars (${lang})`, async () => {
    const query = `?scenario=annual-meeting-2-no-adoption&lang=${lang}&embed=1&view=diagram`;
    await session.withApp({ query, embed: VIEWPORTS.small, viewport: { width: 900, height: 600 } }, async (page, app) => {
      await stepToEnd(app);
      await assertNothingCutOff(app, 'embed view=diagram');
      await diagram(app, lang).getByRole('img', { name: lang === 'en' ? /two different values chosen/ : /两个不同的值/ }).first().waitFor();
      const red = app.locator('.diagram .dg-violation');
      assert.equal(await red.count(), 1, 'the red mark, once');
      assert.match(await red.locator('text').textContent(), lang === 'en' ? /two values chosen/ : /选定了两个值/);
      assertNoOverlap(await labelBoxes(app), `embed ${lang}`);
      const frame = page.locator('iframe');
      await frame.screenshot({ path: `${ROOT}tests/browser/out/diagram-no-adoption-800x450-${lang}.png` });
    });
  });
}

test('livelock: the duelling Prepares', async () => {
  await session.withApp({ query: '?scenario=livelock&lang=en&view=both' }, async (page, app) => {
    await stepToEnd(app);
    await diagram(app).getByRole('button', { name: 'Fit' }).click();
    const names = (await arrows(app)).map((a) => a.name);
    const prepares = new Set(names.filter((n) => n.startsWith('Prepare ')).map((n) => n.split(' ')[1]));
    assert.ok(prepares.size >= 4, `ballot after ballot: ${[...prepares]}`);
    await screenshot(page, 'diagram-livelock-1280x720-en');
  });
});

test('every built-in tour stepped to its end with view=both: no console error, no overlapping label', async () => {
  for (const name of SCENARIOS) {
    await session.withApp({ query: `?scenario=${name}&lang=en&view=both`, viewport: VIEWPORTS.desktop }, async (page, app) => {
      if ((await next(app).count()) > 0) await stepToEnd(app);
      await diagram(app).waitFor();
      assertNoOverlap(await labelBoxes(app), name);
      await assertNothingCutOff(app, name);
    });
  }
});

test('every view fits 1920x1080, 1280x720 and 800x450: nothing cut off', async () => {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const view of ['stage', 'both', 'diagram']) {
      await session.withApp({ query: `?scenario=one-plus-one&lang=zh&view=${view}&step=13`, viewport }, async (page, app) => {
        const inside = async (locator, what) => {
          const b = await locator.boundingBox();
          assert.ok(b, `${what} is shown (${size}, ${view})`);
          assert.ok(
            b.x >= 0 && b.y >= 0 && b.x + b.width <= viewport.width + 0.5 && b.y + b.height <= viewport.height + 0.5,
            `${what} lies inside the ${size} window with view=${view}: ${JSON.stringify(b)}`,
          );
        };
        await inside(app.getByRole('button', { name: /^下一步/ }), 'the next-step button');
        await inside(app.getByRole('radiogroup', { name: '视图' }), 'the view switch');
        if (view !== 'stage') {
          const d = diagram(app, 'zh');
          await inside(d, 'the diagram');
          const body = await app.locator('.dg-scroll').boundingBox();
          assert.ok(body.height >= 60, `the diagram has room to draw (${size}, ${view}): ${body.height}px`);
        }
        if (view !== 'diagram') await inside(app.getByRole('img', { name: 'Paxos 舞台' }), 'the stage');
        await assertNothingCutOff(app, `${size} ${view}`);
      });
    }
  }
});

/** What the page shows of the world: every node's label, and the log. */
const picture = (app) =>
  app.evaluate(() => ({
    nodes: [...document.querySelectorAll('[data-node]')].map((e) => e.getAttribute('aria-label')),
    log: document.querySelector('.log').innerText,
  }));

test('clicking an old event in the diagram equals stepping back to it, event by event', async () => {
  const PLAIN = JSON.stringify({
    title: { zh: '自由', en: 'Free' },
    nodes: [
      { id: 'p', name: { zh: 'P', en: 'P' }, roles: ['proposer'] },
      { id: 'a1', name: { zh: 'A1', en: 'A1' }, roles: ['acceptor'] },
      { id: 'a2', name: { zh: 'A2', en: 'A2' }, roles: ['acceptor'] },
      { id: 'a3', name: { zh: 'A3', en: 'A3' }, roles: ['acceptor'] },
    ],
    steps: [{ caption: { zh: '提议', en: 'Propose' }, do: [{ propose: { node: 'p', value: 'x' } }, { run: {} }] }],
  });
  const query = `?lang=en&view=both#scenario=${b64url(PLAIN)}`;
  let target;
  let clicked;
  await session.withApp({ query }, async (page, app) => {
    await diagram(app).getByRole('button', { name: 'Fit' }).click();
    const accepted = app.locator('.diagram .dg-mark.dg-accepted').first();
    target = Number(await accepted.getAttribute('data-goto'));
    await accepted.locator('.dg-hit').click({ force: true });
    await app.getByRole('img', { name: /^A\d accepted ⟨1, x⟩$/ }).first().waitFor();
    clicked = { ...(await picture(app)), at: await app.getByRole('slider', { name: 'Timeline' }).inputValue() };
    assert.ok(!clicked.log.includes('learns'), 'the run is back before anyone learned');
  });
  await session.withApp({ query }, async (page, app) => {
    const slider = app.getByRole('slider', { name: 'Timeline' });
    const back = app.getByRole('button', { name: /^Step back one event/ });
    while ((await slider.inputValue()) !== clicked.at) {
      const before = Number(await slider.inputValue());
      assert.ok(before > Number(clicked.at), 'stepping back reaches the clicked instant');
      await back.click();
      await page.waitForFunction((b) => Number(document.querySelector('.tl-slider').value) < b, before);
    }
    const { at, ...picked } = clicked;
    assert.deepEqual(await picture(app), picked, `the same picture at instant ${at} (event ${target})`);
  });
});

test('a message in flight chosen in the diagram opens the same menu as on the stage', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&view=diagram' }, async (page, app) => {
    await next(app).click(); // Prepare(1) on its way
    const flying = app.locator('.diagram .dg-flying').first();
    const name = await flying.getAttribute('aria-label');
    await flying.locator('.dg-hit').click({ force: true });
    const menu = app.getByRole('dialog', { name: new RegExp(`^${name.split(',')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
    await menu.waitFor();
    await menu.getByRole('button', { name: 'Drop' }).click();
    await menu.waitFor({ state: 'detached' });
    await diagram(app).getByRole('img', { name: `${name.split(',')[0]}, dropped` }).waitFor();
  });
});

test('hovering a line of the log lights its message in the diagram and on the stage, and back', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&view=both&step=3' }, async (page, app) => {
    // Step 3: the promises. A promise line of the log is about a delivered Prepare.
    const line = app.getByRole('list', { name: /^Event log/ }).getByRole('button', { name: /^User2 promises 1/ });
    await line.hover();
    const lit = app.locator('.diagram style');
    await page.waitForFunction(() => /data-arrow="\d+"/.test(document.querySelector('.diagram style').textContent));
    const id = (await lit.textContent()).match(/data-arrow="(\d+)"/)[1];
    const arrow = await app.locator(`.diagram [data-arrow="${id}"]`).getAttribute('aria-label');
    assert.match(arrow, /^Prepare 1 from User1 to User2/, 'the Prepare that User2 promised for');
    await page.mouse.move(2, 2);
    await app.locator('.log li.linked').first().waitFor({ state: 'detached' });
    // Pointing at the arrow (its fan of neighbours makes a screen point ambiguous).
    await app
      .locator(`.diagram [data-arrow="${id}"] .dg-line`)
      .evaluate((l) => l.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })));
    await app.locator('.log li.linked').first().waitFor();
    assert.match(await app.locator('.log li.linked').first().innerText(), /User2 promises 1/);
  });
});

test("a tour's current step is highlighted in the diagram", async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&view=both&step=5' }, async (page, app) => {
    const step = app.locator('.diagram .dg-step');
    assert.ok((await step.count()) > 0, 'the step’s own arrows and marks');
    const names = await step.evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.ok(names.every((n) => /2/.test(n)), `step 5 is about ballot 2: ${names.join(' | ')}`);
    await next(app).click();
    const after = await app.locator('.diagram .dg-step').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.notDeepEqual(after, names, 'the highlight moves with the step');
  });
});

test('each message in flight is one named element in the diagram, as the run plays and as the timeline moves far at once', async () => {
  await session.withApp({ query: '?scenario=stress&lang=en&view=both', viewport: VIEWPORTS.desktop }, async (page, app) => {
    // The stage's messages and the diagram's, by id; each of the diagram's has a role, a
    // name and a hit area that starts where its arrow does.
    const flying = () =>
      page.evaluate(() => {
        const ids = (xs, key) => xs.map((e) => e.dataset[key]).sort((a, b) => a - b);
        const gs = [...document.querySelectorAll('.diagram .dg-flying')];
        return {
          stage: ids([...document.querySelectorAll('.stage-top [data-msg]')], 'msg'),
          diagram: ids(gs, 'arrow'),
          unnamed: gs.filter(
            (g) =>
              g.getAttribute('role') !== 'img' ||
              !/^\w+ .* from .+ to .+/.test(g.getAttribute('aria-label')) ||
              !/^M[\d.-]+,[\d.-]+ L/.test(g.querySelector('.dg-hit')?.getAttribute('d')),
          ).length,
        };
      });
    const agree = async (when) => {
      const f = await flying();
      assert.ok(f.stage.length > 0, `messages are in flight ${when}`);
      assert.deepEqual(f.diagram, f.stage, `the diagram shows the stage's messages in flight ${when}`);
      assert.equal(f.unnamed, 0, `each has its role, name and hit area ${when}`);
    };
    await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg]').length >= 190);
    await agree('at the start');
    await app.getByRole('slider', { name: 'Speed' }).focus();
    await page.keyboard.press('End');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Pause/ }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('.tl-slider').max) >= 400, null, { polling: 100, timeout: 60_000 });
    await page.getByRole('button', { name: /^Pause/ }).click();
    await agree('after playing');
    const far = await page.evaluate(async () => {
      const scroll = document.querySelector('.dg-scroll');
      const slider = document.querySelector('.tl-slider');
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const nowInView = () => {
        const box = scroll.getBoundingClientRect();
        const x = document.querySelector('.dg-now').getBoundingClientRect().x;
        return x >= box.x && x <= box.right;
      };
      const before = scroll.scrollLeft;
      await frame();
      slider.value = '3';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      const drawn = nowInView();
      for (let i = 0; i < 3; i++) await frame();
      return { before, drawn, after: scroll.scrollLeft, still: nowInView() };
    });
    assert.ok(far.before > 2000, `the view followed the run far to the right: ${far.before}`);
    assert.ok(far.drawn, 'the first frame after the move draws its instant');
    assert.ok(far.after < 200 && far.still, `and the scrollbar follows: ${far.after}`);
    await agree('after the move back');
    await page.keyboard.press('ArrowRight');
    await agree('after a step forward');
  });
});

test('while the run plays, the arrows and marks drawn stay on the page as they are: a frame adds only the new ones, and a full chunk is not drawn again', async () => {
  await session.withApp({ query: '?scenario=stress&lang=en&view=diagram', viewport: VIEWPORTS.large }, async (page, app) => {
    const items = '.diagram .dg-chunk > g';
    const count = () => page.evaluate((items) => document.querySelectorAll(items).length, items);
    await page.waitForFunction(() => document.querySelectorAll('.diagram .dg-flying').length >= 190);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Pause/ }).waitFor();
    await page.waitForFunction((items) => document.querySelectorAll(items).length >= 20, items, { polling: 'raf' });
    // The reader's wheel stops the view following the run, so nothing leaves the view.
    const before = await page.evaluate((items) => {
      document.querySelector('.dg-scroll').dispatchEvent(new WheelEvent('wheel', { deltaY: 1, bubbles: true }));
      window.__drawn = [...document.querySelectorAll(items)];
      return {
        items: window.__drawn.length,
        chunks: document.querySelectorAll('.diagram .dg-chunk').length,
        at: document.querySelector('.dg-svg > g[transform]').getAttribute('transform'),
      };
    }, items);
    await page.waitForFunction((n) => document.querySelectorAll('.diagram .dg-chunk > g').length >= n, before.items + 40, {
      polling: 'raf',
      timeout: 5000,
    });
    await app.getByRole('button', { name: /^Pause/ }).click();
    const after = await page.evaluate(() => ({
      gone: window.__drawn.filter((e) => !e.isConnected).map((e) => e.getAttribute('aria-label')),
      chunks: document.querySelectorAll('.diagram .dg-chunk').length,
      at: document.querySelector('.dg-svg > g[transform]').getAttribute('transform'),
    }));
    assert.equal(after.at, before.at, 'the view did not move');
    assert.ok(after.chunks > before.chunks, `chunks filled up and new ones began: ${before.chunks} then ${after.chunks}`);
    assert.ok((await count()) >= before.items + 40, 'new arrows and marks were drawn');
    assert.deepEqual(after.gone, [], `every arrow and mark drawn before is still the same element (${before.items} of them)`);
  });
});
