// The timeline: scrubbing to an instant, a line of the log as a way there, playing from the
// past (it replays the recording), and a fork undone and redone. Screenshots at 1280x720 and
// in an 800x450 embed. Elements are found by role and accessible name.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNothingCutOff, screenshot } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const node = (page, name) =>
  page.getByRole('button', { name: new RegExp(`^(Proposer|Acceptor|Learner)[a-z, ]* ${esc(name)}(,|$)`) });
const slider = (page) => page.getByRole('slider', { name: 'Timeline' });
const log = (page) => page.getByRole('list', { name: /^Event log/ });
const undo = (page) => page.getByRole('button', { name: 'Undo', exact: true });
const redo = (page) => page.getByRole('button', { name: 'Redo', exact: true });

/** The slider's value and max, as numbers. */
const where = async (page) => ({
  at: Number(await slider(page).inputValue()),
  max: Number(await slider(page).getAttribute('max')),
});

/** Drags the timeline to instant `k`, as the slider's own input events would. */
async function scrub(page, k) {
  await slider(page).evaluate((el, k) => {
    el.value = String(k);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, k);
  await page.waitForFunction((k) => document.querySelector('.tl-slider')?.value === String(k), k);
}

/** What the page shows of the world: every node's label, and the log. */
const picture = (page) =>
  page.evaluate(() => ({
    nodes: [...document.querySelectorAll('[data-node]')].map((e) => e.getAttribute('aria-label')),
    log: document.querySelector('.log').innerText,
  }));

/** Gives the keys back to the page (not the slider or a button). */
const blur = (page) => page.evaluate(() => document.activeElement?.blur());

async function propose(page, who, value) {
  await node(page, who).click();
  const panel = page.getByRole('region', { name: new RegExp(`^${esc(who)}`) });
  await panel.getByRole('textbox', { name: 'Value to propose' }).fill(value);
  await panel.getByRole('button', { name: `Propose from ${who}` }).click();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
}

async function fastest(page) {
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await blur(page);
}

/** Plays until nothing is in flight any more, then pauses. */
async function playToQuiet(page, chosen) {
  await page.getByRole('button', { name: /^Play/ }).click();
  await page.locator('.banner.chosen', { hasText: `Chosen: ${chosen}` }).waitFor();
  await page.locator('[data-msg]').first().waitFor({ state: 'detached', timeout: 10_000 });
  await page.getByRole('button', { name: /^Pause/ }).click();
  await blur(page);
}

/** A sandbox run: P1 proposes x, played until quiet. */
async function aRun(page) {
  await propose(page, 'P1', 'x');
  await fastest(page);
  await playToQuiet(page, 'x');
  return where(page);
}

test('scrubbing to an instant shows what stepping back to it shows', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    const { at, max } = await aRun(page);
    assert.equal(at, max);
    assert.ok(max > 10, `${max} ops`);
    const k = Math.floor(max / 2);
    await scrub(page, k);
    assert.match(await slider(page).getAttribute('aria-valuetext'), new RegExp(`^step ${k} of ${max}, tick \\d+(; [^;]+)*$`));
    // The marks are hidden from a screen reader, but the slider names those at its instant.
    await scrub(page, 1);
    assert.match(await slider(page).getAttribute('aria-valuetext'), new RegExp(`^step 1 of ${max}, tick \\d+; .*P1.*\\bx\\b`));
    await scrub(page, k);
    const there = await picture(page);
    await scrub(page, max);
    assert.notDeepEqual(await picture(page), there);
    for (let i = max; i > k; i--) await page.keyboard.press('ArrowLeft');
    assert.equal((await where(page)).at, k);
    assert.deepEqual(await picture(page), there, 'the same nodes and the same log');
    assert.equal((await where(page)).max, max, 'nothing is lost');

    // The slider's own arrow keys move one instant; the page does not step as well.
    await slider(page).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((k) => document.querySelector('.tl-slider').value === String(k + 1), k);
    await page.waitForTimeout(100);
    assert.equal((await where(page)).at, k + 1);
    await page.keyboard.press('Home');
    await page.waitForTimeout(100);
    assert.equal((await where(page)).at, 0);
    assert.equal(await page.locator('[data-msg]').count(), 0, 'the start: nothing in flight');
  });
});

test('a line of the log goes to its instant', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    const { max } = await aRun(page);
    const line = log(page).getByRole('button', { name: /^⟨1, x⟩ is now chosen/ });
    const text = await line.innerText();
    await line.click();
    const { at } = await where(page);
    assert.ok(at < max, `went back: ${at} of ${max}`);
    await page.locator('.banner.chosen', { hasText: 'Chosen: x' }).waitFor();
    assert.doesNotMatch(await node(page, 'L1').getAttribute('aria-label'), /learned x/, 'nobody knows yet');
    assert.ok((await log(page).innerText()).includes(text));
    // Just after the event: one step back, and it has not happened yet.
    await blur(page);
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(100);
    assert.ok(!(await log(page).innerText()).includes(text));
    assert.equal(await page.locator('.banner.chosen').count(), 0);
    // The keyboard reaches the lines too: Enter on one goes there.
    const first = log(page).getByRole('button').first();
    await first.focus();
    await page.keyboard.press('ArrowUp');
    const older = await page.evaluate(() => document.activeElement.innerText);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
    const lines = await log(page).getByRole('button').allInnerTexts();
    assert.equal(lines[0], older, 'the line entered is now the newest');
  });
});

test('fork, then Undo gives back the abandoned future exactly, and Redo the fork', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    const end = await aRun(page);
    const whole = await picture(page);
    assert.ok(await undo(page).isDisabled());
    assert.ok(await redo(page).isDisabled());
    const k = Math.floor(end.max / 3);
    await scrub(page, k);
    const before = await picture(page);
    // Acting at a past instant starts a new future there.
    await node(page, 'A1').click();
    await page.getByRole('region', { name: /^A1/ }).getByRole('button', { name: 'Kill' }).click();
    await page.keyboard.press('Escape');
    await page.getByText('A new future starts here; Ctrl+Z brings back the old one.').waitFor();
    assert.deepEqual(await where(page), { at: k + 1, max: k + 1 });
    await screenshot(page, 'timeline-fork-1280x720-en');
    const forked = await picture(page);
    // Undo: the old future, at the instant of the fork.
    await undo(page).click();
    await page.getByText('The old future is back; Ctrl+Shift+Z returns to the new one.').waitFor();
    assert.deepEqual(await where(page), { at: k, max: end.max });
    assert.deepEqual(await picture(page), before);
    await scrub(page, end.max);
    assert.deepEqual(await picture(page), whole, 'the whole abandoned future');
    // Redo: the fork again; and the keys do the same.
    await redo(page).click();
    assert.deepEqual(await where(page), { at: k + 1, max: k + 1 });
    assert.deepEqual(await picture(page), forked);
    await blur(page);
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(100);
    assert.equal((await where(page)).max, end.max);
    await page.keyboard.press('Control+Shift+Z');
    await page.waitForTimeout(100);
    assert.equal((await where(page)).max, k + 1);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    await page.waitForTimeout(100);
    assert.equal((await where(page)).max, k + 1);
  });
});

test('playing from a past instant replays the recording', async () => {
  await session.withApp({ query: '?lang=en' }, async (page) => {
    await propose(page, 'P1', 'x');
    await fastest(page);
    await playToQuiet(page, 'x');
    await propose(page, 'P2', 'y');
    await page.getByRole('button', { name: /^Play/ }).click();
    await page.locator('[data-msg]').first().waitFor({ state: 'attached' });
    await page.locator('[data-msg]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByRole('button', { name: /^Pause/ }).click();
    const end = await where(page);
    const whole = await picture(page);
    // From the first deliveries, before P2 proposed.
    await scrub(page, 2);
    assert.doesNotMatch((await picture(page)).log, /P2 proposes/);
    await page.getByRole('button', { name: /^Play/ }).click();
    await page.waitForFunction((max) => document.querySelector('.tl-slider').value === String(max), end.max, {
      timeout: 15_000,
    });
    await page.getByRole('button', { name: /^Pause/ }).click();
    assert.deepEqual(await where(page), end, 'the same run, no longer');
    assert.deepEqual(await picture(page), whole, 'P2 proposed again, as recorded');
    assert.ok(await undo(page).isDisabled(), 'no fork');
  });
});

test('the timeline in a tour, and in an 800x450 embed', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&step=6' }, async (page) => {
    const { at, max } = await where(page);
    assert.ok(at > 0 && at < max);
    assert.ok((await page.locator('.tl-mark.k-step').count()) >= 10);
    assert.ok((await page.locator('.tl-mark.k-chosen').count()) >= 1);
    // Each mark stands where the slider's thumb stands at its instant: in order, inside the
    // track, the first step's near the start and the last one's near the end.
    const xs = await page.evaluate(() => {
      const track = document.querySelector('.tl-track').getBoundingClientRect();
      return [...document.querySelectorAll('.tl-mark.k-step')].map((m) => {
        const r = m.getBoundingClientRect();
        return (r.left + r.right) / 2 - track.left;
      }).concat([track.width]);
    });
    const width = xs.pop();
    assert.ok(xs.every((x, i) => x >= 0 && x <= width && (i === 0 || x >= xs[i - 1])), `marks in order: ${xs}`);
    assert.ok(xs[xs.length - 1] - xs[0] > width / 2, `marks spread along the track: ${xs}`);
    await scrub(page, max);
    await page.getByText(/^step \d+ \/ \d+$/).filter({ hasText: /^step (\d+) \/ \1$/ }).waitFor();
    await screenshot(page, 'timeline-tour-1280x720-en');
  });
  await session.withApp(
    { query: '?scenario=one-plus-one&lang=zh&embed=1&step=6', embed: { width: 800, height: 450 } },
    async (page, app) => {
      await app.getByRole('slider', { name: '时间线' }).waitFor();
      await assertNothingCutOff(app, 'embed 800x450');
      await screenshot(page, 'timeline-embed-800x450-zh');
    },
  );
});

test('the start of a tour whose first step acts is shown as the start, not as step 1', async () => {
  const scenario = {
    title: { zh: '先坏一个', en: 'One down first' },
    summary: { zh: '先坏一个接受者，再提议。', en: 'An acceptor fails, then a proposal.' },
    nodes: [
      { id: 'p', name: { zh: 'P', en: 'P' }, roles: ['proposer'] },
      ...['a1', 'a2', 'a3'].map((id) => ({ id, name: { zh: id.toUpperCase(), en: id.toUpperCase() }, roles: ['acceptor'] })),
    ],
    steps: [
      { caption: { zh: 'A1 宕机。', en: 'A1 crashes.' }, do: [{ kill: { node: 'a1' } }] },
      { caption: { zh: 'P 提议。', en: 'P proposes.' }, do: [{ propose: { node: 'p', value: 'v' } }] },
    ],
  };
  const data = Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url');
  await session.withApp({ query: `?lang=en#scenario=${data}` }, async (page) => {
    const tour = page.getByRole('group', { name: 'Tour' });
    await tour.getByText('step 1 / 2').waitFor();
    await page.getByText('A1 crashes.').waitFor();
    await slider(page).focus();
    await page.keyboard.press('Home');
    await tour.getByText('start · 2 steps').waitFor();
    await page.getByText('An acceptor fails, then a proposal.').waitFor();
    assert.doesNotMatch(await node(page, 'A1').getAttribute('aria-label'), /crashed|down/i, 'A1 is still up');
    await page.getByRole('button', { name: /^Next step/ }).click();
    await tour.getByText('step 1 / 2').waitFor();
    assert.match(await node(page, 'A1').getAttribute('aria-label'), /crashed|down/i);
  });
});
