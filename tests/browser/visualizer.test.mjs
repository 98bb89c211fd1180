// The visualizer: nodes, messages, play/pause, drop, kill/restart, step back, keyboard,
// language, guided tours, and screenshots at 1280x720 and 800x450 in both languages.
// Elements are found by role and accessible name, as a screen reader would find them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, VIEWPORTS, assertNothingCutOff, screenshot, esc, node, message } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const ariaOf = (locator) => locator.getAttribute('aria-label');

/** Opens a proposer's panel, proposes, and closes the panel again with Escape. */
async function propose(page, who, value) {
  await node(page, who).click();
  const panel = page.getByRole('region', { name: new RegExp(`^${esc(who)}`) });
  if (value !== undefined) await panel.getByRole('textbox', { name: 'Value to propose' }).fill(value);
  await panel.getByRole('button', { name: `Propose from ${who}` }).click();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
}

/** Sets the speed to 10× with the End key. A node panel that just closed hands the focus back
 * to its node a moment later, which may take it from the slider: the key is pressed again then. */
async function fastest(page) {
  const speed = page.getByRole('slider', { name: 'Speed' });
  for (let i = 0; i < 3 && (await speed.getAttribute('aria-valuetext')) !== '10×'; i++) await speed.press('End');
  assert.equal(await speed.getAttribute('aria-valuetext'), '10×');
}

const play = (page) => page.getByRole('button', { name: /^Play/ }).click();
const pause = (page) => page.getByRole('button', { name: /^Pause/ }).click();

/** Every message's id and drawn position. */
const messagePositions = (page) =>
  page.locator('.msg-pos').evaluateAll((els) =>
    els.map((g) => {
      const r = g.querySelector('[data-msg]').getBoundingClientRect();
      return `${g.querySelector('[data-msg]').dataset.msg}@${r.x.toFixed(1)},${r.y.toFixed(1)}`;
    }),
  );

/** What the stage shows: every node's state, every message with its position, the banners. */
const picture = (page) =>
  page.evaluate(() => ({
    nodes: [...document.querySelectorAll('[data-node]')].map((e) => e.getAttribute('aria-label')),
    messages: [...document.querySelectorAll('.msg-pos')].map(
      (g) => `${g.getAttribute('transform')} ${g.querySelector('[data-msg]').getAttribute('aria-label')}`,
    ),
    banners: document.querySelector('.banners').innerText,
  }));

test('the sandbox loads with its nodes, no console error, and safety holding', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    for (const name of ['P1', 'P2', 'A1', 'A2', 'A3', 'L1']) await node(page, name).waitFor();
    assert.equal(await ariaOf(node(page, 'A1')), 'Acceptor A1, promised nothing, accepted nothing');
    assert.equal(await ariaOf(node(page, 'P1')), 'Proposer P1, proposer: idle');
    await page.getByText('Safety holds').waitFor();
    assert.equal(await page.locator('[data-msg]').count(), 0);
  });
});

test('a proposal played to the end is chosen and shown in the banner', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'tea');
    assert.equal(await message(page, 'Prepare 1 from P1 to').count(), 3);
    await fastest(page);
    await play(page);
    await page.locator('.banner.chosen', { hasText: 'Chosen: tea' }).waitFor();
    await page.locator('[data-msg]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await node(page, 'L1').and(page.getByRole('button', { name: /learned tea/ })).waitFor();
    await page.getByRole('list', { name: 'Event log' }).getByText(/⟨1, tea⟩ is now chosen/).first().waitFor();
  });
});

test('pause stops all motion', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'x');
    await play(page);
    await page.waitForTimeout(600);
    const moving = await messagePositions(page);
    await page.waitForTimeout(300);
    assert.notDeepEqual(await messagePositions(page), moving, 'messages move while playing');
    await pause(page);
    await page.waitForTimeout(450); // any ease-in has finished
    const still = await messagePositions(page);
    assert.ok(still.length > 0);
    await page.waitForTimeout(500);
    assert.deepEqual(await messagePositions(page), still, 'positions 500 ms apart');
  });
});

test('while messages are sent and delivered, each is drawn between its sender and its receiver', async () => {
  // Each frame moves the messages' elements in place, in the order the layer drew them, and
  // finds the elements of new ones after each delivery: a message moved with another's
  // position, or left where it was drawn (the origin), is caught here.
  await session.withApp({ query: '?scenario=stress&lang=en' }, async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg]').length >= 190);
    await play(page);
    await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg]').length < 120, null, { timeout: 20_000 });
    await pause(page);
    await page.waitForTimeout(450); // any ease-in has finished
    const report = await page.evaluate(() => {
      const centre = (e) => {
        const r = e.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2];
      };
      const nodes = new Map(
        [...document.querySelectorAll('[data-node]')].map((n) => [n.querySelector('.name').textContent.trim(), centre(n)]),
      );
      const wrong = [];
      const messages = [...document.querySelectorAll('.stage-top [data-msg]')];
      for (const m of messages) {
        const [, from, to] = m.getAttribute('aria-label').match(/ from (.+?) to (.+?), /) ?? [];
        const [a, b] = [nodes.get(from), nodes.get(to)];
        if (!a || !b) {
          wrong.push(`${m.getAttribute('aria-label')}: no such nodes`);
          continue;
        }
        const [x, y] = centre(m);
        const margin = 60;
        const inside =
          x >= Math.min(a[0], b[0]) - margin && x <= Math.max(a[0], b[0]) + margin &&
          y >= Math.min(a[1], b[1]) - margin && y <= Math.max(a[1], b[1]) + margin;
        if (!inside) wrong.push(`${m.getAttribute('aria-label')} at ${x.toFixed(0)},${y.toFixed(0)}`);
      }
      return { count: messages.length, wrong };
    });
    assert.ok(report.count > 20, `${report.count} messages in flight`);
    assert.deepEqual(report.wrong, []);
  });
});

test('with reduced motion, messages jump instead of gliding', async () => {
  await session.withApp({ query: '?lang=en', reducedMotion: 'reduce' }, async (page) => {
    await propose(page, 'P1', 'x');
    await play(page);
    await page.waitForTimeout(600);
    const before = new Map((await messagePositions(page)).map((s) => s.split('@')));
    await page.waitForTimeout(300);
    const after = new Map((await messagePositions(page)).map((s) => s.split('@')));
    const both = [...before.keys()].filter((id) => after.has(id));
    assert.ok(both.length > 0, 'some messages are in flight at both moments');
    for (const id of both) assert.equal(after.get(id), before.get(id), `message ${id} stays put while playing`);
  });
});

test('dropping a message removes it and its receiver does not change', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'x');
    const a1 = await ariaOf(node(page, 'A1'));
    await message(page, 'Prepare 1 from P1 to A1').click();
    const menu = page.getByRole('dialog', { name: /^Prepare 1 from P1 to A1/ });
    await menu.getByRole('button', { name: 'Drop' }).click();
    await menu.waitFor({ state: 'detached' });
    assert.equal(await message(page, 'Prepare 1 from P1 to A1').count(), 0);
    assert.equal(await message(page, 'Prepare 1 from P1 to').count(), 2);
    assert.match(await page.getByRole('list', { name: 'Event log' }).innerText(), /You dropped Prepare\(1\)/);
    await fastest(page);
    await play(page);
    await page.locator('.banner.chosen', { hasText: 'Chosen: x' }).waitFor();
    await page.locator('[data-msg]').first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await ariaOf(node(page, 'A1')), a1, 'A1 never heard of ballot 1');
    assert.match(await ariaOf(node(page, 'A2')), /promised 1, accepted ⟨1, x⟩/);
  });
});

test('a dead node loses what arrives, and restarts with its promise and acceptance', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'x');
    await fastest(page);
    await play(page);
    await node(page, 'A1').and(page.getByRole('button', { name: /promised 1/ })).waitFor();
    await pause(page);
    await node(page, 'A1').click();
    const panel = page.getByRole('region', { name: /^A1/ });
    await panel.getByRole('button', { name: 'Kill' }).click();
    await node(page, 'A1').and(page.getByRole('button', { name: /, down$/ })).waitFor();
    const before = (await ariaOf(node(page, 'A1'))).replace(/, down$/, '');
    await page.keyboard.press('Escape');
    await propose(page, 'P2', 'y');
    await play(page);
    const log = page.getByRole('list', { name: 'Event log' });
    await log.getByText(/from P2 to A1 is lost: A1 is down/).first().waitFor();
    await page.locator('[data-msg]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await pause(page);
    await node(page, 'A1').click();
    await page.getByRole('region', { name: /^A1/ }).getByRole('button', { name: 'Restart' }).click();
    await log.getByText(/A1 restarts and still remembers/).waitFor();
    assert.equal(await ariaOf(node(page, 'A1')), before, 'promised and accepted unchanged');
    assert.match(before, /promised 1/);
  });
});

test('a step back restores the previous picture exactly', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'x');
    await propose(page, 'P2', 'y');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(100);
    const a = await picture(page);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(100);
    const b = await picture(page);
    assert.notDeepEqual(b, a);
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(100);
    assert.deepEqual(await picture(page), a);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(100);
    assert.deepEqual(await picture(page), b, 'and forward again');
  });
});

/** Presses Tab until the focused element matches `test`, at most `max` times. */
async function tabTo(page, test, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(test);
    if (found) return;
  }
  assert.fail(`Tab never reached the element: ${test}`);
}

test('everything works from the keyboard', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await tabTo(page, () => document.activeElement?.getAttribute('aria-label')?.startsWith('Proposer P1'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^P1/ }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'node-panel-title');
    await tabTo(page, () => document.activeElement?.textContent === 'Propose from P1');
    await page.keyboard.press('Enter');
    await message(page, 'Prepare 1 from P1 to A1').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: /^P1/ }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.dataset.node === '0');
    await tabTo(page, () => document.activeElement?.dataset.msg !== undefined);
    await page.keyboard.press('Enter');
    const menu = page.getByRole('dialog', { name: /^Prepare 1 from P1/ });
    await menu.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Deliver now');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    assert.equal(await message(page, 'Prepare 1 from P1').count(), 2);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelectorAll('[data-msg]').length === 3);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Pause/ }).waitFor();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Play/ }).waitFor();
  });
});

/** Words of two or more Latin letters in everything the page shows or says. */
const latinWords = (page) =>
  page.evaluate(() => {
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label], [title]')) {
      texts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '');
    }
    for (const o of document.querySelectorAll('option')) texts.push(o.textContent);
    for (const t of document.querySelectorAll('svg title')) texts.push(t.textContent);
    return texts.join(' ').match(/[A-Za-z]{2,}/g) ?? [];
  });
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;
// Protocol names stay as Lamport wrote them; key names are what the keys say.
// So do the names of products and files the embed dialog points to, and of file formats.
const UNTRANSLATED = new Set(['SVG', 'PNG', 'JSON', 'Paxos', 'Multi', 'English', 'Prepare', 'Promise', 'Accept', 'Accepted', 'Nack', 'Chosen',
  'Query', 'Space', 'PageDown', 'PageUp', 'Enter', 'Esc', 'Tab', 'DOWN',
  'Ctrl', 'Shift', 'Home', 'End', 'reveal', 'js', 'PowerPoint', 'Google', 'README']);

test('switching the language changes every visible label', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'x');
    await page.keyboard.press('ArrowRight');
    const states = [
      ['a node panel', () => page.locator('[data-node="2"]').click()],
      ['the protocol switches', () => page.getByRole('button', { name: /^(Protocol switches|协议开关)$/ }).click()],
      ['the keyboard help', () => page.keyboard.press('?')],
      ['a learner panel', () => page.getByRole('button', { name: /^(Learner|学习者).* L1(,|，|$)/ }).click()],
      ['the embed dialog', () => page.getByRole('button', { name: /^(Embed in slides|嵌入幻灯片)$/ }).click()],
    ];
    for (const [what, open] of states) {
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await open();
      await page.waitForTimeout(100);
      const en = await page.evaluate(() => document.body.innerText);
      assert.ok(!CJK.test(en.replace('中文', '')), `Chinese text in English with ${what}: ${en.match(CJK)}`);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await open();
      await page.waitForTimeout(100);
      const left = (await latinWords(page)).filter((w) => !UNTRANSLATED.has(w));
      assert.deepEqual(left, [], `English left in Chinese with ${what}`);
      await page.keyboard.press('Escape');
    }
  });
});

test('a guided tour moves by step, notices a takeover, and restarts', async () => {
  await session.withApp({ query: '?lang=en&scenario=one-plus-one' }, async (page) => {
    await page.getByText('step 1 / 16').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByText('step 2 / 16').waitFor();
    await page.keyboard.press('PageDown');
    await page.getByText('step 3 / 16').waitFor();
    await page.keyboard.press('PageUp');
    await page.getByText('step 2 / 16').waitFor();
    assert.match(await page.locator('.caption').innerText(), /User1 picks number 1/);
    await message(page, 'Prepare 1 from User1 to User2').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drop' }).click();
    await page.getByText('You changed history.').waitFor();
    await page.getByRole('button', { name: 'Restart tour' }).click();
    await page.getByText('step 1 / 16').waitFor();
    assert.equal(await page.getByText('You changed history.').count(), 0);
  });
});

test('at 800x450 the node panel opens away from the node it is about', async () => {
  await session.withApp({ viewport: VIEWPORTS.small, query: '?lang=en' }, async (page) => {
    const cards = page.locator('[data-node]');
    const n = await cards.count();
    assert.ok(n >= 6);
    const sides = new Set();
    for (let i = 0; i < n; i++) {
      const card = page.locator(`[data-node="${i}"]`);
      await card.click();
      const drawer = page.getByRole('complementary');
      await drawer.waitFor();
      const [c, d] = [await card.boundingBox(), await drawer.boundingBox()];
      const overlap = Math.max(0, Math.min(c.x + c.width, d.x + d.width) - Math.max(c.x, d.x));
      assert.equal(overlap, 0, `node ${i} is not under its panel (card ${c.x}-${c.x + c.width}, panel ${d.x}-${d.x + d.width})`);
      sides.add(d.x < 400 ? 'left' : 'right');
      await page.keyboard.press('Escape');
    }
    assert.deepEqual([...sides].sort(), ['left', 'right']);
  });
});

test('a learner asks the acceptors, and their answers teach it the chosen value', async () => {
  await session.withApp({ query: '?lang=en&scenario=learners-ask&step=6' }, async (page) => {
    await page.getByText('step 6 / 10').waitFor();
    const l2 = node(page, 'L2');
    assert.match(await ariaOf(l2), /learned nothing/);
    await l2.click();
    const panel = page.getByRole('region', { name: /^L2/ });
    await panel.getByRole('button', { name: 'Ask the acceptors' }).click();
    await page.keyboard.press('Escape');
    for (const a of ['A1', 'A2', 'A3']) await message(page, `Query from L2 to ${a}`).waitFor();
    await page.getByText('You changed history.').waitFor();
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: /^Step forward one event/ }).click();
    assert.match(await ariaOf(l2), /learned x=1/);
    assert.match(await page.getByRole('list', { name: /Event log/ }).innerText(), /A1 answers L2: it has accepted ⟨1, x=1⟩/);
  });
});

test('an unknown scenario is explained and the sandbox shown', async () => {
  await session.withApp({ query: '?lang=en&scenario=nope' }, async (page) => {
    await page.getByRole('alert').getByText(/no scenario called "nope"/).waitFor();
    await node(page, 'P1').waitFor();
  });
});

const SIZES = [VIEWPORTS.desktop, VIEWPORTS.small];
for (const viewport of SIZES) {
  for (const lang of ['en', 'zh']) {
    const tag = `${viewport.width}x${viewport.height}-${lang}`;
    test(`screenshots at ${tag}: a tour in progress, the sandbox at work, a broken rule`, async () => {
      await session.withApp({ viewport, query: `?lang=${lang}&scenario=one-plus-one` }, async (page) => {
        for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(500);
        await assertNothingCutOff(page, tag);
        await screenshot(page, `viz-tour-${tag}`);
      });
      await session.withApp({ viewport, query: `?lang=${lang}` }, async (page) => {
        await page.locator('[data-node="0"]').click();
        await page.locator('form.propose button[type="submit"]').click();
        await page.keyboard.press('Escape');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await page.locator('[data-node="2"]').click();
        await page.waitForTimeout(500);
        await assertNothingCutOff(page, tag);
        await screenshot(page, `viz-sandbox-${tag}`);
      });
      await session.withApp({ viewport, query: `?lang=${lang}&scenario=annual-meeting-2-no-adoption` }, async (page) => {
        for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
        await page.locator('.banner.unsafe').waitFor();
        await page.waitForTimeout(500);
        await assertNothingCutOff(page, tag);
        await screenshot(page, `viz-unsafe-${tag}`);
      });
    });
  }
}

test('printing gives the picture, the banners and the caption, without the controls', async () => {
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2&step=7', viewport: VIEWPORTS.desktop, colorScheme: 'dark' }, async (page, app) => {
    await page.emulateMedia({ media: 'print' });
    for (const hidden of [app.getByRole('button', { name: /^Play/ }), app.getByRole('group', { name: 'Timeline' }), app.getByRole('button', { name: /^Next step/ })]) {
      assert.equal(await hidden.isVisible(), false);
    }
    await app.getByRole('img', { name: 'Paxos stage' }).waitFor();
    await app.getByText(/^P2c: Zhao Liu must adopt/).waitFor();
    await app.locator('.banner.chosen').waitFor();
    // Paper is light, whatever the screen's theme.
    assert.equal(await app.evaluate(() => getComputedStyle(document.querySelector('.app')).backgroundColor), 'rgb(246, 247, 249)');
    await screenshot(page, 'print-annual-meeting-2-step-7');
  });
});

test('a label that rests where its whole text does not fit is shortened, or a badge, and whole on hover and focus', async () => {
  // In the 800×450 embed at step 3, P and A1 almost touch: the Accept between them rests
  // shortened beside them in "Learners 1", and as a badge with its number in "Learners 3".
  await session.withApp({ query: '?lang=en&scenario=learners-all&step=3&embed=1', embed: VIEWPORTS.small }, async (page, app) => {
    const msg = app.getByRole('button', { name: "Accept 1 'x=1' from P to A1, in flight" });
    const text = msg.locator('text');
    assert.equal(await text.textContent(), 'Accept 1');
    await msg.hover();
    await app.locator('[data-msg] text', { hasText: "Accept 1 'x=1'" }).first().waitFor();
    assert.equal(await text.textContent(), "Accept 1 'x=1'");
    await page.mouse.move(0, 0);
    await app.getByRole('button', { name: /^Accept 1 'x=1' from P to A1/ }).locator('text', { hasText: /^Accept 1$/ }).waitFor();
    await msg.focus();
    assert.equal(await text.textContent(), "Accept 1 'x=1'");
    // The other two have room for their whole labels.
    assert.equal(await app.getByRole('button', { name: "Accept 1 'x=1' from P to A2, in flight" }).locator('text').textContent(), "Accept 1 'x=1'");
  });
  await session.withApp({ query: '?lang=en&scenario=learners-set&step=3&embed=1', embed: VIEWPORTS.small }, async (page, app) => {
    const badge = app.getByRole('button', { name: "Accept 1 'x=1' from P to A1, in flight" });
    assert.equal(await badge.locator('text').textContent(), '1');
    const width = async () => (await badge.locator('rect').first().boundingBox()).width;
    const narrow = await width();
    await badge.hover();
    await badge.locator('text', { hasText: "Accept 1 'x=1'" }).waitFor();
    assert.ok((await width()) > 2 * narrow, `the whole label is wider than the badge (${narrow} px)`);
  });
});

test('Play takes a run out of its tour: messages glide from where their labels rested, unless motion is reduced', async () => {
  // The running transitions of the messages' positions, as [from, to] transforms. (With
  // reduced motion, the page gives every change a transition of 0.01 ms: not a glide.)
  const glides = (page) =>
    page.evaluate(() =>
      document
        .getAnimations()
        .filter((a) => a.transitionProperty === 'transform' && a.effect?.target?.classList.contains('msg-pos'))
        .filter((a) => a.effect.getComputedTiming().duration > 1)
        .map((a) => a.effect.getKeyframes().map((k) => k.transform)),
    );
  for (const reducedMotion of ['no-preference', 'reduce']) {
    // At a tour's last step, Play plays the run on from where the tour drew it.
    await session.withApp({ query: '?lang=en&scenario=livelock&step=17', reducedMotion }, async (page) => {
      await page.getByText('step 17 / 17').waitFor();
      assert.ok((await page.locator('.stage-top [data-msg]').count()) >= 3);
      await play(page);
      await page.getByRole('button', { name: /^Pause/ }).waitFor();
      if (reducedMotion === 'reduce') {
        // Messages still wait midway: nothing to glide from, and nothing glides.
        assert.equal(await page.locator('.messages.settling').count(), 0);
        assert.deepEqual(await glides(page), []);
        return;
      }
      await page.locator('.messages.settling').waitFor({ state: 'attached', timeout: 2000 });
      const seen = await glides(page);
      assert.ok(seen.length >= 1, 'no message glided');
      assert.ok(seen.every(([from, to]) => from !== to), `a glide that goes nowhere: ${JSON.stringify(seen)}`);
      // The glide lasts a moment; then the clock alone moves the messages again. (A glide
      // under way when the class goes runs to its end, at most 400 ms, or until the message
      // moves on.)
      await page.locator('.messages.settling').waitFor({ state: 'detached', timeout: 5000 });
      await page.waitForTimeout(500);
      assert.deepEqual(await glides(page), []);
    });
  }
});
