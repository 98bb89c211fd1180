// A link to this moment: what the user did, replayed from the address (`run=`, docs/links.md).
// Made by clicking and by the L key, opened in a new page with the same picture; in embed mode;
// and every kind of bad link, in both languages, with the page working afterwards.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSession, VIEWPORTS, assertNothingCutOff, screenshot, esc, node, message, propose } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});


/** What the page shows, as a screen reader reads it: every node and message, the time, the
 *  event log and the banners. */
async function picture(app) {
  // Once the stage stands still: a message that a step back brings back eases in from its
  // sender, and a label that rests beside its lane is not yet there.
  await app.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 });
  const labels = await app.locator('svg [role=button]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const positions = await app.locator('[data-msg]').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return `${e.getAttribute('data-msg')}@${Math.round(r.x)},${Math.round(r.y)}`;
    }),
  );
  const at = await app.getByRole('slider', { name: 'Timeline' }).inputValue();
  // The event log and the banners (chosen, safety) say the same too.
  const [log, banners] = await app.evaluate(() => ['ol.log', '.banners'].map((s) => document.querySelector(s)?.innerText ?? null));
  return { labels, positions, at, log, banners };
}

test('"Copy link to this moment" reopens the same run at the same instant, by button and by key', async () => {
  let link;
  let seen;
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await propose(app, page, 'P1', 'x');
    await message(app, 'Prepare 1 from P1 to A1').click();
    const menu = app.getByRole('dialog', { name: /^Prepare 1 from P1 to A1/ });
    await menu.getByRole('button', { name: 'Drop' }).click();
    await menu.waitFor({ state: 'detached' });
    await propose(app, page, 'P2', 'y');
    for (let i = 0; i < 3; i++) await app.getByRole('button', { name: /^Step forward/ }).click();
    await node(app, 'A3').click();
    await app.getByRole('region', { name: /^A3/ }).getByRole('button', { name: 'Kill' }).click();
    await page.keyboard.press('Escape');
    await app.getByRole('button', { name: /^Step forward/ }).click();
    await app.getByRole('button', { name: /^Step back/ }).click();
    seen = await picture(app);
    // The key opens the share dialog with the link to this moment, and copies it.
    await page.keyboard.press('l');
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    await dialog.getByRole('status').getByText(/copied|Ctrl\+C/).waitFor();
    assert.ok(await dialog.getByRole('checkbox', { name: /^At this moment/ }).isChecked());
    link = await dialog.getByRole('textbox', { name: /^Link/ }).inputValue();
    // P1 proposes x (`eA`) with the form as filled in: its next ballot, to every acceptor, which the link leaves unsaid; then the drop, P2's proposal…
    assert.match(link, /[?&]run=1\.0\.7\.[0-9a-f]+\.8\.p0~~~eA\.x\d+\.p1~~~eQ\.s3\.k4\.s$/);
    // The embed code carries the same moment.
    const code = await dialog.getByRole('textbox', { name: 'Embed code' }).inputValue();
    assert.ok(code.includes(new URL(link).searchParams.get('run')), code);
    await screenshot(page, 'share-moment-dialog-en');
    // Without the moment, the link is the scenario's again.
    await dialog.getByRole('checkbox', { name: /^At this moment/ }).uncheck();
    assert.doesNotMatch(await dialog.getByRole('textbox', { name: /^Link/ }).inputValue(), /run=/);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
  await session.withApp({ query: new URL(link).search }, async (page, app) => {
    await app.getByRole('button', { name: /^Step forward/ }).waitFor();
    assert.deepEqual(await picture(app), seen, 'the same picture');
    assert.equal(await app.getByRole('alert').count(), 0, 'no problem reported');
    await screenshot(page, 'share-moment-reopened-en');
    // The run goes on from there: the step that was undone is redone.
    await app.getByRole('button', { name: /^Step forward/ }).click();
    assert.notDeepEqual(await picture(app), seen);
  });
  await session.withApp({ embed: VIEWPORTS.small, query: `${new URL(link).search}&embed=1` }, async (page, app) => {
    const { labels } = await picture(app);
    assert.deepEqual(labels, seen.labels, 'the same nodes and messages in the embed');
    await assertNothingCutOff(app, 'moment embed');
  });
});

test('a link taken from a tour that was taken over reopens off the script, and Undo brings the script back', async () => {
  let link;
  await session.withApp({ query: '?lang=en&scenario=one-plus-one' }, async (page, app) => {
    await app.getByRole('button', { name: /^Next step/ }).click();
    await message(app, 'Prepare').first().click();
    await app.getByRole('dialog').getByRole('button', { name: 'Drop' }).click();
    await app.getByText('You changed history.').waitFor();
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    link = await app.getByRole('dialog').getByRole('textbox', { name: /^Link/ }).inputValue();
    assert.match(link, /scenario=one-plus-one&lang=en&run=1\.\d+\./);
  });
  await session.withApp({ query: new URL(link).search }, async (page, app) => {
    await app.getByText('You changed history.').waitFor();
    await page.keyboard.press('Control+z');
    await app.getByText(/step 2 \/ \d+/).waitFor();
  });
});

test('a link to a moment of a scenario opened from a file carries the scenario and reopens the same picture', async () => {
  const file = JSON.parse(readFileSync(path.join(ROOT, 'static', 'scenarios', 'sandbox.json'), 'utf8'));
  file.title = { zh: '来自文件', en: 'From a file' };
  let link;
  let seen;
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await app.getByLabel('Open a scenario file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await app.getByText('From a file').first().waitFor();
    await propose(app, page, 'P2', 'z');
    await app.getByRole('button', { name: /^Prepare \d+ from P2 to A3/ }).click();
    const menu = app.getByRole('dialog', { name: /^Prepare \d+ from P2 to A3/ });
    await menu.getByRole('button', { name: 'Hold' }).click();
    await page.keyboard.press('Escape');
    for (let i = 0; i < 2; i++) await app.getByRole('button', { name: /^Step forward/ }).click();
    seen = await picture(app);
    await page.keyboard.press('l');
    link = await app.getByRole('dialog', { name: 'Embed in slides' }).getByRole('textbox', { name: /^Link/ }).inputValue();
    assert.match(link, /[?&]run=1\..*#scenario=/);
  });
  const url = new URL(link);
  await session.withApp({ query: url.search + url.hash }, async (page, app) => {
    await app.getByRole('button', { name: /^Step forward/ }).waitFor();
    assert.deepEqual(await picture(app), seen, 'the same picture');
    assert.equal(await app.getByRole('alert').count(), 0, 'no problem reported');
    await app.getByText('From a file').first().waitFor();
  });
});

const BAD = [
  // [what, run=, English, Chinese]
  ['cut off', (run) => run.slice(0, run.lastIndexOf('.')), /cut off: it holds 4 of its 5 operations\. Replayed 4 of 5/, /链接不完整：5 个操作只剩 4 个。已重放 4\/5 个操作/],
  ['corrupted', (run) => run.replace(/\.x(\d+)\./, '.q$1.'), /corrupted at operation 4\. Replayed 3 of 5/, /链接在第 4 个操作处损坏/],
  ['no longer applies', (run) => run.replace(/\.x(\d+)\./, '.x999.'), /Operation 4 no longer applies: .*999.*Replayed 3 of 5/, /第 4 个操作已不适用/],
  ['from a newer version', (run) => `9${run.slice(1)}`, /made by a newer Paxos Lab \(run format 9\); this page reads format 1/, /更新版本的 Paxos 实验室生成（运行格式 9）/],
  ['unreadable', () => 'x', /cannot be read/, /无法读取/],
  ['an instant past its end', (run) => run.replace(/^1\.0\.5\./, '1.0.99.'), /asks for the instant after operation 99, but its run ends after operation 5\. The run is shown at its end/, /第 99 个操作之后的时刻，但它的运行在第 5 个操作后就结束了/],
];

test('a bad link shows the run as far as it goes, says why in either language, and the page keeps working', async () => {
  let run;
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await propose(app, page, 'P1', 'x');
    await app.getByRole('button', { name: /^Step forward/ }).click();
    await app.getByRole('button', { name: /^Step forward/ }).click();
    const msg = app.getByRole('button', { name: /^(Prepare|Promise) \d/ }).first();
    await msg.click();
    await app.getByRole('dialog').getByRole('button', { name: 'Drop' }).click();
    await app.getByRole('button', { name: /^Step forward/ }).click();
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const link = await app.getByRole('dialog').getByRole('textbox', { name: /^Link/ }).inputValue();
    run = new URL(link).searchParams.get('run');
  });
  assert.match(run, /^1\.0\.5\.[0-9a-f]+\.5\.p0~~~eA\.s2\.x\d+\.s$/);
  for (const [what, spoil, en, zh] of BAD) {
    for (const [lang, words] of [['en', en], ['zh', zh]]) {
      await session.withApp({ query: `?lang=${lang}&run=${spoil(run)}` }, async (page, app) => {
        const alert = app.getByRole('alert');
        await alert.waitFor();
        assert.match(await alert.innerText(), words, `${what} (${lang})`);
        if (lang === 'en' && what === 'cut off') await screenshot(page, 'share-bad-link-cut-en');
        // Still working: dismiss the message, propose, step.
        await alert.getByRole('button').click();
        await app.getByRole('button', { name: lang === 'en' ? /^Proposer P2/ : /^提议者 P2/ }).click();
        await app.getByRole('button', { name: lang === 'en' ? 'Propose from P2' : '由 P2 提议' }).click();
        await app.getByRole('button', { name: /^(Prepare|Prepare 请求)/ }).first().waitFor();
      });
    }
  }
});

test('the embed\'s ↗ opens the full page at the same moment: the step, the run changed in the embed, or the challenge; its key help has no L', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&embed=1&step=2&theme=projector' }, async (page, app) => {
    const full = app.getByRole('link', { name: 'Open the full Paxos Lab in a new tab' });
    const href = () => full.getAttribute('href');
    assert.match(await href(), /\?scenario=one-plus-one&lang=en&step=2&theme=projector$/);
    // Off the script: a message dropped in the embed. The press writes the run's own address.
    await message(app, 'Prepare 1 from User1 to User2').click();
    await app.getByRole('dialog').getByRole('button', { name: 'Drop' }).click();
    await app.getByText('You changed history.').waitFor();
    const [tab] = await Promise.all([page.context().waitForEvent('page'), full.click()]);
    const opened = tab.url();
    await tab.close();
    assert.match(opened, /\?scenario=one-plus-one&lang=en&theme=projector&run=1\.[^&]*x\d+$/, opened);
    assert.equal(opened.slice(opened.indexOf('?')), (await href()).slice((await href()).indexOf('?')));
    assert.doesNotMatch(opened, /embed=/);
    // The help lists the keys the embed has: no L, since it has no share dialog.
    await page.keyboard.press('?');
    const help = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    assert.equal(await help.getByText('Copy a link to this moment').count(), 0);
    assert.equal(await help.getByText('Show / hide this help').count(), 1);
  });
  // The full page opens that run: the message stays dropped.
  let link;
  await session.withApp({ query: '?scenario=one-plus-one&lang=en&embed=1&step=2' }, async (page, app) => {
    await message(app, 'Prepare 1 from User1 to User2').click();
    await app.getByRole('dialog').getByRole('button', { name: 'Drop' }).click();
    const full = app.getByRole('link', { name: 'Open the full Paxos Lab in a new tab' });
    // A right-click, as "Copy link address" needs, writes it too.
    await full.dispatchEvent('mousedown', { button: 2 });
    link = await full.getAttribute('href');
  });
  await session.withApp({ query: link.slice(link.indexOf('?')) }, async (page, app) => {
    await app.getByText('You changed history.').waitFor();
    assert.match(await app.getByRole('list', { name: 'Event log' }).innerText(), /You dropped Prepare\(1\)/);
  });
  // A challenge's embed opens the challenge, not its scenario alone.
  await session.withApp({ query: '?exercise=break-no-adoption&lang=en&embed=1' }, async (page, app) => {
    const full = app.getByRole('link', { name: 'Open the full Paxos Lab in a new tab' });
    assert.match(await full.getAttribute('href'), /\?exercise=break-no-adoption&lang=en$/);
  });
});
