// Scenarios in the browser: every built-in tour stepped to its end with its own controls,
// embed mode for slides (sizes, languages, keys, autoplay), the embed code, a scenario written
// from docs/scenarios.md loaded from the address and from a file, and every kind of bad input.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSession, VIEWPORTS, BASE_PATH, assertNothingCutOff, screenshot } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** base64url without padding, as the page reads after `#scenario=`. */
const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const counter = (app, k, n) => app.getByText(`step ${k} / ${n}`, { exact: true });
const next = (app) => app.getByRole('button', { name: /^Next step/ });
const alert = (app) => app.getByRole('alert');

/** The values in the "Chosen:" banner, or [] when nothing is chosen. */
async function chosenOnScreen(app) {
  const banner = app.locator('.banner.chosen');
  if ((await banner.count()) === 0) return [];
  return (await banner.locator('strong').innerText()).split(', ');
}

/** Clicks "Next step" until the last step, checking the counter at each step. */
async function stepToEnd(app, n) {
  await counter(app, 1, n).waitFor();
  for (let k = 2; k <= n; k++) {
    await next(app).click();
    await counter(app, k, n).waitFor();
  }
  assert.ok(await next(app).isDisabled(), 'Next step is disabled at the last step');
}

// ------------------------------------------------------------------ built-in tours

/** What the notes say each example ends with, independently of the scenario files. */
const NOTES = {
  'one-plus-one': { chosen: ['1+1=3'], unsafe: false },
  'annual-meeting-1': { count: 3, unsafe: true },
  'annual-meeting-1-paxos': { count: 1, unsafe: false },
  'annual-meeting-2': { chosen: ['郑州'], unsafe: false },
  'annual-meeting-2-accept-first': { chosen: ['郑州', '海南'], unsafe: true },
  'annual-meeting-2-no-adoption': { chosen: ['郑州', '海南'], unsafe: true },
  livelock: { chosen: [], unsafe: false },
  'livelock-leader': { count: 1, unsafe: false },
  'livelock-backoff': { count: 1, unsafe: false },
};

const SCENARIOS = readdirSync(`${ROOT}static/scenarios`)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), spec: JSON.parse(readFileSync(`${ROOT}static/scenarios/${f}`, 'utf8')) }))
  .filter(({ spec }) => (spec.steps ?? []).some((s) => (s.do ?? []).length > 0));

test('the built-in tours include every example of the notes', () => {
  for (const name of Object.keys(NOTES)) assert.ok(SCENARIOS.some((s) => s.name === name), name);
});

for (const { name, spec } of SCENARIOS) {
  test(`tour "${name}", stepped with its Next button, ends as its expectations say`, async () => {
    // The outcome the file documents: the values its steps expect chosen, the number of
    // decisions and whether there is a violation (`true`, or the name of one), as of its last
    // step that says so.
    const expects = spec.steps.map((s) => s.expect).filter(Boolean);
    const last = (key) => expects.filter((e) => key in e).map((e) => e[key]).at(-1);
    const documented = new Set(expects.map((e) => e.chosen).filter(Boolean));
    const decisions = last('decisions');
    const named = last('violation');
    const violation = named !== undefined && named !== false;
    const n = spec.steps.length;
    await session.withApp({ query: `?lang=en&scenario=${name}` }, async (page, app) => {
      assert.equal(await app.locator('.caption').innerText(), spec.steps[0].caption.en);
      await stepToEnd(app, n);
      assert.equal(await app.locator('.caption').innerText(), spec.steps[n - 1].caption.en);
      const chosen = await chosenOnScreen(app);
      for (const v of documented) assert.ok(chosen.includes(v), `${v} is in the banner (${chosen})`);
      if (decisions !== undefined) assert.equal(chosen.length, decisions, `decisions: ${chosen}`);
      const notes = NOTES[name];
      if (notes?.chosen) assert.deepEqual([...chosen].sort(), [...notes.chosen].sort());
      if (notes?.count !== undefined) assert.equal(chosen.length, notes.count);
      const unsafe = notes?.unsafe ?? violation;
      assert.equal(unsafe, violation, 'the file and the notes agree');
      if (unsafe) {
        await app.locator('.banner.unsafe').waitFor();
        assert.match(await app.locator('.banner.unsafe').innerText(), /two different values chosen/);
        if (typeof named === 'string') assert.equal(named, 'two-values-chosen');
      } else {
        await app.getByText('Safety holds').waitFor();
      }
      // The first step is one click of "Previous step" per step away.
      for (let k = n - 1; k >= 1; k--) await app.getByRole('button', { name: /^Previous step/ }).click();
      await counter(app, 1, n).waitFor();
      // (A Multi-Paxos tour with an initial log starts with slots chosen already.)
      if (!spec.log) {
        assert.deepEqual(await chosenOnScreen(app), spec.steps[0].expect?.chosen ? [spec.steps[0].expect.chosen] : []);
      }
    });
  });
}

// ------------------------------------------------------------------ embed mode

const EMBED_SIZES = [VIEWPORTS.small, { width: 1024, height: 576 }, VIEWPORTS.desktop];

for (const size of EMBED_SIZES) {
  for (const lang of ['zh', 'en']) {
    const tag = `${size.width}x${size.height}-${lang}`;
    test(`embed mode in a ${tag} iframe: stage, caption and step controls only, no scrollbars`, async () => {
      const query = `?scenario=one-plus-one&embed=1&lang=${lang}&step=6`;
      await session.withApp({ embed: size, viewport: { width: size.width + 80, height: size.height + 120 }, query }, async (page, app) => {
        const steps = lang === 'zh' ? '第 6 / 16 步' : 'step 6 / 16';
        await app.getByText(steps, { exact: true }).waitFor();
        await assertNothingCutOff(app, tag);
        // Only the stage, the caption and the step controls: no picker, no log, no settings.
        assert.equal(await app.getByRole('combobox').count(), 0, 'no scenario picker');
        assert.equal(await app.getByRole('toolbar').count(), 0, 'no control bar');
        assert.equal(await app.getByRole('complementary').count(), 0, 'no side panel');
        const caption = await app.locator('.caption').innerText();
        const spec = JSON.parse(readFileSync(`${ROOT}static/scenarios/one-plus-one.json`, 'utf8'));
        assert.equal(caption, spec.steps[5].caption[lang]);
        // Everything visible lies inside the iframe.
        const outside = await app.evaluate(() =>
          [...document.querySelectorAll('.embed-top, .stage-wrap, .tour, .tour button')]
            .map((el) => el.getBoundingClientRect())
            .filter((r) => r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5).length,
        );
        assert.equal(outside, 0, 'nothing is cut off');
        await screenshot(page, `embed-mode-${tag}`);
      });
    });
  }
}

test('embed mode: keys work once the iframe has focus, and autoplay advances the tour', async () => {
  await session.withApp({ embed: VIEWPORTS.small, query: '?scenario=one-plus-one&embed=1&lang=en&step=2' }, async (page, app) => {
    await counter(app, 2, 16).waitFor();
    // Focus the iframe as a lecturer would: a click on the stage.
    await page.locator('iframe').click({ position: { x: 400, y: 200 } });
    await page.keyboard.press('ArrowRight');
    await counter(app, 3, 16).waitFor();
    await page.keyboard.press('PageDown');
    await counter(app, 4, 16).waitFor();
    await page.keyboard.press('PageUp');
    await counter(app, 3, 16).waitFor();
    await page.keyboard.press('ArrowLeft');
    await counter(app, 2, 16).waitFor();
    // Space plays the tour: it moves on by itself, and Space stops it.
    await app.getByRole('button', { name: 'Play the tour (Space)' }).waitFor();
  });
  await session.withApp({ embed: VIEWPORTS.small, query: '?scenario=one-plus-one&embed=1&lang=en&autoplay=1&speed=10' }, async (page, app) => {
    await app.getByRole('button', { name: 'Pause the tour (Space)' }).waitFor();
    await counter(app, 3, 16).waitFor({ timeout: 5000 });
    await app.getByRole('button', { name: 'Pause the tour (Space)' }).click();
    const at = await app.locator('.counter').innerText();
    await page.waitForTimeout(2500);
    assert.equal(await app.locator('.counter').innerText(), at, 'paused, the tour stays');
    await app.getByRole('button', { name: 'Play the tour (Space)' }).waitFor();
  });
});

test('embed mode without a tour: play and event steps, and the full page one click away', async () => {
  await session.withApp({ embed: VIEWPORTS.small, query: '?embed=1&lang=zh' }, async (page, app) => {
    await app.getByRole('button', { name: '播放 (空格)' }).waitFor();
    await app.getByRole('button', { name: /^前进一个事件/ }).waitFor();
    const full = app.getByRole('link', { name: '在新标签页中打开完整的 Paxos 实验室' });
    const href = await full.getAttribute('href');
    assert.match(href, new RegExp(`^http://127\\.0\\.0\\.1:\\d+${esc(BASE_PATH)}\\?scenario=sandbox&lang=zh$`));
    assert.equal(await full.getAttribute('target'), '_blank');
    await assertNothingCutOff(app, 'sandbox embed');
  });
});

test('"Embed in slides" gives an iframe for the scenario and step, which opens there', async () => {
  let src;
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2' }, async (page, app) => {
    for (let i = 0; i < 3; i++) await next(app).click();
    await counter(app, 4, 8).waitFor();
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    const code = await dialog.getByRole('textbox', { name: 'Embed code' }).inputValue();
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/paxos-lab\/\?scenario=annual-meeting-2&amp;lang=en&amp;embed=1&amp;step=4" width="800" height="450" title="Paxos Lab: [^"]+" style="border:0" loading="lazy" allowfullscreen><\/iframe>$/);
    await dialog.getByRole('combobox', { name: 'Size' }).selectOption({ label: '1280×720' });
    await dialog.getByRole('checkbox', { name: 'Autoplay' }).check();
    const bigger = await dialog.getByRole('textbox', { name: 'Embed code' }).inputValue();
    assert.match(bigger, /&amp;step=4&amp;autoplay=1" width="1280" height="720"/);
    await dialog.getByRole('checkbox', { name: 'Autoplay' }).uncheck();
    await dialog.getByRole('combobox', { name: 'Size' }).selectOption({ label: '800×450' });
    await dialog.getByRole('button', { name: 'Copy embed code' }).click();
    // Either the clipboard took it, or the text is selected for Ctrl+C; both say so.
    await dialog.getByRole('status').getByText(/copied|Ctrl\+C/).waitFor();
    const link = await dialog.getByRole('textbox', { name: /^Link/ }).inputValue();
    assert.match(link, /\?scenario=annual-meeting-2&lang=en&step=4$/);
    await screenshot(page, 'embed-dialog-1280x720-en');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  });
  const query = new URL(src).search;
  await session.withApp({ embed: VIEWPORTS.small, query }, async (page, app) => {
    await counter(app, 4, 8).waitFor();
    await assertNothingCutOff(app, 'pasted embed');
  });
});

// ------------------------------------------------------------------ written from the docs

/** The complete example of docs/scenarios.md, which is not a built-in scenario. */
const DOC_EXAMPLE = (() => {
  const doc = readFileSync(`${ROOT}docs/scenarios.md`, 'utf8');
  const section = doc.slice(doc.indexOf('## A complete example'));
  return section.match(/```json\n([\s\S]*?)\n```/)[1];
})();

/** A second scenario, written for this test from the docs' reference tables alone. */
const FIVE_WITH_TWO_DOWN = JSON.stringify({
  title: { zh: '五个里坏了两个', en: 'Two of five down' },
  nodes: [
    { id: 'p', name: { zh: '提议者', en: 'Proposer' }, roles: ['proposer'] },
    ...['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: { zh: id.toUpperCase(), en: id.toUpperCase() }, roles: ['acceptor', 'learner'] })),
  ],
  rules: { latency: 15, seed: 7 },
  steps: [
    { caption: { zh: 'D 和 E 宕机。', en: 'D and E go down.' }, do: [{ kill: { node: 'd' } }, { kill: { node: 'e' } }] },
    { caption: { zh: '提议 x。', en: 'Propose x.' }, do: [{ propose: { node: 'p', value: 'x' } }] },
    { caption: { zh: 'A、B、C 是多数派：x 被选定。', en: 'A, B and C are a majority: x is chosen.' }, do: [{ run: {} }], expect: { chosen: 'x', violation: false } },
  ],
});

test('a scenario written from the documentation loads inline from the address and plays', async () => {
  assert.ok(!SCENARIOS.some((s) => JSON.stringify(s.spec) === JSON.stringify(JSON.parse(DOC_EXAMPLE))), 'not a built-in');
  await session.withApp({ query: `?lang=en#scenario=${b64url(DOC_EXAMPLE)}` }, async (page, app) => {
    assert.equal(await app.getByRole('combobox', { name: 'Scenario' }).inputValue(), '', 'the picker says: from a link');
    await stepToEnd(app, 4);
    assert.match(await app.locator('.caption').innerText(), /C never heard a thing/);
    assert.deepEqual(await chosenOnScreen(app), ['tea']);
    await app.getByText('Safety holds').waitFor();
  });
  await session.withApp({ query: `?lang=zh&embed=1#scenario=${b64url(FIVE_WITH_TWO_DOWN)}` }, async (page, app) => {
    await app.getByRole('heading', { name: '五个里坏了两个' }).waitFor();
    await app.getByRole('button', { name: /^下一步/ }).click();
    await app.getByRole('button', { name: /^下一步/ }).click();
    await app.getByText('第 3 / 3 步', { exact: true }).waitFor();
    await app.getByText('已选定：').waitFor();
    assert.deepEqual(await chosenOnScreen(app), ['x']);
  });
});

test('a tour of captions alone steps like slides; the picker names a linked scenario and describes it by its summary', async () => {
  const slides = {
    title: { zh: '三页', en: 'Three slides' },
    summary: { zh: '只有字幕', en: 'Captions only' },
    nodes: [{ id: 'a', name: { zh: '甲', en: 'A' }, roles: ['acceptor'] }],
    steps: ['one', 'two', 'three'].map((n) => ({ caption: { zh: n, en: `Slide ${n}` } })),
  };
  await session.withApp({ query: `?lang=en&step=2#scenario=${b64url(JSON.stringify(slides))}` }, async (page, app) => {
    await counter(app, 2, 3).waitFor();
    assert.equal(await app.locator('.tour .caption').innerText(), 'Slide two');
    await next(app).click();
    await counter(app, 3, 3).waitFor();
    assert.equal(await app.locator('.tour .caption').innerText(), 'Slide three');
    const picker = app.getByRole('combobox', { name: 'Scenario', description: 'Captions only' });
    assert.equal(await picker.locator('option:checked').getAttribute('label'), 'Three slides (from a link or file)');
    // A screen reader's query finds the entry by the title it shows.
    assert.equal(await picker.getByRole('option', { name: 'Three slides (from a link or file)', selected: true }).count(), 1);
  });
});

test('a scenario file, picked or dropped, opens and goes into the address', async () => {
  await session.withApp({ query: '?lang=en&scenario=one-plus-one' }, async (page, app) => {
    // Pressing the button opens the file chooser: the button is the file input itself.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      app.getByRole('button', { name: 'Open a scenario file' }).click(),
    ]);
    await chooser.setFiles({
      name: 'lost-letter.json',
      mimeType: 'application/json',
      buffer: Buffer.from(DOC_EXAMPLE),
    });
    await app.getByRole('heading', { level: 1 }).waitFor();
    await counter(app, 1, 4).waitFor();
    assert.match(await app.locator('.caption').innerText(), /a majority is 2/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('scenario'), null);
    assert.equal(url.hash, `#scenario=${b64url(DOC_EXAMPLE)}`);
    // Dropping a file on the page does the same.
    await dropFile(app, 'five.json', FIVE_WITH_TWO_DOWN);
    await counter(app, 1, 3).waitFor();
    assert.match(await app.locator('.caption').innerText(), /D and E go down/);
    // The address carries it: a reload shows it again. (Waiting for the network to be idle
    // first, so that the reload does not abort a request of the page, such as its icon.)
    await page.waitForLoadState('networkidle');
    await page.reload();
    await counter(app, 1, 3).waitFor();
  });
});

test('the address keeps a link that opens the scenario shown, and drops the step and run of another', async () => {
  // A link to a moment of a fetched scenario: a reload shows the same moment.
  const run = '1.0.1.0.1.p0~~~eA';
  await session.withApp({ query: `?scenario=annual-meeting-2&lang=en&step=3&run=${run}` }, async (page, app) => {
    await app.getByText('step=3', { exact: false }).first().waitFor();
    await app.getByText(/the run's own instant \(run=\) is shown/).waitFor();
    await page.waitForLoadState('networkidle');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('run'), run, url.href);
    // Picking another scenario: its own start, and an address without the other's step or run.
    const picker = app.getByRole('combobox', { name: 'Scenario' });
    await picker.selectOption('one-plus-one');
    await counter(app, 1, 16).waitFor();
    // The step keys step the tour even with the focus still on the picker (a lecturer picks
    // with the mouse, then presses the clicker), while ↓ still chooses in it.
    await picker.focus();
    await page.keyboard.press('ArrowRight');
    await counter(app, 2, 16).waitFor();
    await page.keyboard.press('PageUp');
    await counter(app, 1, 16).waitFor();
    assert.equal(await picker.inputValue(), 'one-plus-one');
    const after = new URL(page.url());
    assert.equal(after.search, '?scenario=one-plus-one&lang=en', after.href);
    await page.waitForLoadState('networkidle');
    await page.reload();
    await counter(app, 1, 16).waitFor();
  });
  // A scenario given to the open page in the address's hash opens without a reload.
  await session.withApp({ query: '?lang=en&scenario=one-plus-one' }, async (page, app) => {
    await counter(app, 1, 16).waitFor();
    const slides = {
      title: { zh: '两页', en: 'Two slides' },
      nodes: [{ id: 'a', name: { zh: '甲', en: 'A' }, roles: ['acceptor'] }],
      steps: [{ caption: { zh: '一', en: 'Slide one' } }, { caption: { zh: '二', en: 'Slide two' } }],
    };
    await page.evaluate((hash) => { location.hash = hash; }, `scenario=${b64url(JSON.stringify(slides))}`);
    await counter(app, 1, 2).waitFor();
    assert.equal(await app.locator('.tour .caption').innerText(), 'Slide one');
    // A bad one says why, and the tour on the stage stays.
    await page.evaluate(() => { location.hash = 'scenario=e30x'; });
    await app.getByRole('alert').first().waitFor();
    await counter(app, 1, 2).waitFor();
  });
  // Of two languages, the first the page can use applies; the one it cannot is listed.
  await session.withApp({ query: '?lang=xx&lang=zh&scenario=one-plus-one' }, async (page, app) => {
    await app.getByText('第 1 / 16 步', { exact: true }).waitFor();
    await app.getByText(/lang=xx/).first().waitFor();
  });
});

test('the address follows the scenario picked and the language chosen, so it can be shared', async () => {
  await session.withApp({ query: '?scenario=one-plus-one&speed=2' }, async (page, app) => {
    await counter(app, 1, 16).waitFor();
    await app.getByRole('button', { name: '中文' }).click();
    await app.getByText('第 1 / 16 步', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).search, '?scenario=one-plus-one&speed=2&lang=zh');
    await app.getByRole('combobox', { name: '场景' }).selectOption('odd-3');
    await app.getByText('第 1 / 7 步', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).search, '?scenario=odd-3&speed=2&lang=zh');
    await page.waitForLoadState('networkidle');
    await page.reload();
    await app.getByText('第 1 / 7 步', { exact: true }).waitFor();
  });
});

/** Drops a file with `text` on the stage, as a drag from the desktop would. */
async function dropFile(app, name, text) {
  const transfer = await app.evaluateHandle(([name, text]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'application/json' }));
    return dt;
  }, [name, text]);
  const stage = app.getByRole('img', { name: /Paxos/ }).first();
  await stage.dispatchEvent('dragover', { dataTransfer: transfer });
  await stage.dispatchEvent('drop', { dataTransfer: transfer });
}

// ------------------------------------------------------------------ bad input

const doc = () => JSON.parse(DOC_EXAMPLE);
const BAD = [
  ['text that is not base64url', '!!!not*base64', /base64/],
  ['base64 of text that is not JSON', b64url('{ "title": '), /line 1/],
  ['an unknown field', b64url(JSON.stringify({ ...doc(), colour: 'red' })), /colour/],
  ['a misspelt key in a step', b64url(DOC_EXAMPLE.replace('"expect": { "chosen"', '"expect": { "chosn"')), /chosn/],
  ['an unknown node', b64url(DOC_EXAMPLE.replace('"node": "p"', '"node": "q"')), /"q"|q\b/],
  ['a step that matches no message', b64url(DOC_EXAMPLE.replace('{ "drop": { "type": "prepare", "to": "c" } }', '{ "drop": { "type": "accept", "to": "c" } }')), /step 2/],
  ['a ballot out of range', b64url(DOC_EXAMPLE.replace('"ballot": 1', '"ballot": 99999999999')), /99999999999/],
  ['a loss rate out of range', b64url(JSON.stringify({ ...doc(), rules: { loss: 300 } })), /300/],
  ['a run longer than the format allows', b64url(DOC_EXAMPLE.replace('{ "run": {} }', '{ "run": { "max-steps": 2001 } }')), /max-steps\W+the number 2001 is out of range; expected a whole number from 0 to 2000/],
  ['an action with fields written as its bare name', b64url(DOC_EXAMPLE.replace('{ "deliver": { "type": "prepare", "to": "a" } }', '"deliver"')), /`deliver` needs its fields: write \{"deliver": \{ … \}\}/],
  ['two actions in one object', b64url(DOC_EXAMPLE.replace('{ "deliver": { "type": "prepare", "to": "a" } }', '{ "deliver": { "type": "prepare", "to": "a" }, "step": null }')), /at `steps\[\d\]\.do\[0\]\.deliver`: one key only here/],
  ['a misspelt switch', b64url(JSON.stringify({ ...doc(), steps: [{ caption: { zh: '开', en: 'on' }, do: [{ set: { switch: 'nack', on: true } }] }] })), /nack/],
];

for (const [what, data, names] of BAD) {
  test(`bad input in the address, ${what}: an error that names it, and the sandbox works`, async () => {
    await session.withApp({ query: `?lang=en#scenario=${data}` }, async (page, app) => {
      const message = await alert(app).innerText();
      assert.match(message, /The scenario could not be loaded/);
      assert.match(message, names);
      assert.match(message, /Showing "sandbox"/);
      await assertStillWorks(page, app);
    });
    await session.withApp({ query: `?lang=zh#scenario=${data}` }, async (page, app) => {
      const message = await alert(app).innerText();
      assert.match(message, /场景无法加载/);
      assert.ok(!/could not|expected|unknown field|missing field/.test(message), `no English left: ${message}`);
    });
  });
}

test('a link that names a node that is not there, or not a learner or a proposer, as learner or leader: the page says so and works on', async () => {
  for (const [op, says] of [
    ['gd99', /Operation 1 no longer applies: node #99 does not exist/],
    ['gs5,99', /Operation 1 no longer applies: node #99 does not exist/],
    ['gd2', /Operation 1 no longer applies: A1 is not a learner/],
    ['vd2', /Operation 1 no longer applies: A1 is not a proposer/],
  ]) {
    await session.withApp({ query: `?lang=en&run=1.0.22.0.22.${op}.p0~~~eA.s20` }, async (page, app) => {
      assert.match(await alert(app).innerText(), says, op);
      await assertStillWorks(page, app);
    });
  }
});

/** The sandbox is on the stage and answers: a proposal goes out and is chosen. */
async function assertStillWorks(page, app) {
  await app.getByRole('button', { name: /^Proposer[a-z, ]* P1(,|$)/ }).click();
  await app.getByRole('button', { name: 'Propose from P1' }).click();
  await page.keyboard.press('Escape');
  const step = app.getByRole('button', { name: /^Step forward one event/ });
  for (let i = 0; i < 40 && (await app.locator('.banner.chosen').count()) === 0; i++) await step.click();
  assert.deepEqual(await chosenOnScreen(app), ['x']);
}

test('a 1 MB scenario is refused, in the address and as a file, and nothing is lost', async () => {
  const huge = JSON.stringify({ ...doc(), summary: { zh: '大'.repeat(10), en: 'x'.repeat(1 << 20) } });
  assert.ok(huge.length > 1 << 20);
  await session.withApp({ query: `?lang=en#scenario=${b64url(huge)}` }, async (page, app) => {
    assert.match(await alert(app).innerText(), /too large|limit/i);
    await assertStillWorks(page, app);
  });
  await session.withApp({ query: '?lang=en&scenario=one-plus-one' }, async (page, app) => {
    await next(app).click();
    await counter(app, 2, 16).waitFor();
    await app.getByLabel('Open a scenario file').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(huge) });
    const message = await alert(app).innerText();
    assert.match(message, /huge\.json/);
    assert.match(message, /too large|limit/i);
    // The tour on the stage stays where it was.
    await counter(app, 2, 16).waitFor();
    // A dropped file with a mistake is refused the same way.
    await dropFile(app, 'typo.json', DOC_EXAMPLE.replace('"roles"', '"role"'));
    await alert(app).getByText(/typo\.json/).waitFor();
    assert.match(await alert(app).innerText(), /role/);
    await counter(app, 2, 16).waitFor();
    await next(app).click();
    await counter(app, 3, 16).waitFor();
  });
});

test('unknown and garbage address parameters are listed in a notice, never a blank page', async () => {
  const query = '?lang=en&scenario=one-plus-one&step=99&embed=perhaps&speed=fast&%E2%9C%93=1&colour=red&lang=zh&embed=0&embed=1';
  await session.withApp({ query }, async (page, app) => {
    const notice = app.getByRole('status').filter({ hasText: 'Ignored in the address' });
    await notice.waitFor();
    const text = await notice.innerText();
    for (const bit of ['step=99', 'the tour has 16 steps', 'embed=perhaps', 'speed=fast', '✓=1', 'colour=red', 'no such parameter', 'lang=zh: given twice; the first one applies', 'embed=1: given twice']) {
      assert.ok(text.includes(bit), `${bit} in: ${text}`);
    }
    await counter(app, 16, 16).waitFor();
    await assertNothingCutOff(app, 'with the notice');
    await app.getByRole('button', { name: 'Dismiss notice' }).click();
    await notice.waitFor({ state: 'detached' });
  });
  // In a slide-sized iframe the notice is read whole, and the page still fits.
  const embedQuery = '?lang=zh&scenario=annual-meeting-2-no-adoption&embed=1&step=99&foo=1&autoplay=2';
  await session.withApp({ embed: VIEWPORTS.small, viewport: { width: 880, height: 570 }, query: embedQuery }, async (page, app) => {
    const notice = app.getByRole('status').filter({ hasText: '链接中有参数未被使用' });
    await notice.waitFor();
    for (const bit of ['foo=1', 'step=99', 'autoplay=2']) assert.ok((await notice.innerText()).includes(bit), bit);
    const clipped = await app.evaluate(() => {
      const box = document.querySelector('.notice').getBoundingClientRect();
      return [...document.querySelectorAll('.notice li')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top < box.top || r.bottom > box.bottom + 0.5;
      }).length;
    });
    assert.equal(clipped, 0, 'no line of the notice is cut off');
    await assertNothingCutOff(app, 'embed with a notice');
    await app.getByText('第 8 / 8 步', { exact: true }).waitFor();
    await screenshot(page, 'embed-mode-notice-800x450-zh');
  });
  await session.withApp({ query: '?%ZZ&&=&scenario=&lang=zh&step=abc' }, async (page, app) => {
    const notice = app.getByRole('status').filter({ hasText: '链接中有参数未被使用' });
    assert.match(await notice.innerText(), /step=abc/);
    await app.getByRole('button', { name: /^提议者.* P1(，|,|$)/ }).waitFor();
  });
});

// "Chosen" is a fact about the acceptors: in the 1+1 tour, the moment User2 accepts ⟨3, 1+1=3⟩
// the value is chosen, and the page says so before anyone has learned it.
for (const lang of ['zh', 'en']) {
  test(`1+1: the page shows the value chosen before anyone learns it (${lang})`, async () => {
    await session.withApp({ query: `?scenario=one-plus-one&lang=${lang}&step=13` }, async (page, app) => {
      const banner = app.locator('.banner.chosen');
      await banner.waitFor();
      assert.deepEqual(await chosenOnScreen(app), ['1+1=3']);
      assert.match(await banner.innerText(), lang === 'zh' ? /还没有人知道/ : /nobody knows yet/);
      const log = app.getByRole('list', { name: lang === 'zh' ? '事件日志' : 'Event log' });
      await log.getByText(lang === 'zh' ? /⟨3, 1\+1=3⟩ 此刻已被选定：User1 和 User2 接受了它/ : /⟨3, 1\+1=3⟩ is now chosen: User1 and User2 accepted it/).first().waitFor();
      await app.locator('.banner.safe').waitFor();
      // The acceptors that chose it say so on their cards, and to a screen reader.
      const mark = lang === 'zh' ? /User2.*已接受 ⟨3, 1\+1=3⟩（已选定）/ : /User2.*accepted ⟨3, 1\+1=3⟩, chosen/;
      await app.getByRole('button', { name: mark }).waitFor();
      await screenshot(page, `chosen-not-learned-1280x720-${lang}`);
      // One step on, User3 learns it.
      await app.getByRole('button', { name: lang === 'zh' ? /^下一步/ : /^Next step/ }).click();
      await app.getByText(lang === 'zh' ? '第 14 / 16 步' : 'step 14 / 16', { exact: true }).waitFor();
      await banner.filter({ hasText: lang === 'zh' ? /已得知：User3/ : /learned by User3/ }).waitFor();
      await screenshot(page, `chosen-learned-1280x720-${lang}`);
    });
  });
}

test('a caption of the longest length the format allows is readable from its first line, in the embed and on a small screen', async () => {
  const en = 'The first words of a long caption. '.repeat(17).slice(0, 595).trim();
  const zh = '这是一段很长的说明的第一句话。'.repeat(40).slice(0, 595);
  const scenario = JSON.stringify({
    title: { zh: '长说明', en: 'A long caption' },
    nodes: [
      { id: 'a', name: { zh: '甲', en: 'A' }, roles: ['proposer', 'acceptor', 'learner'] },
      { id: 'b', name: { zh: '乙', en: 'B' }, roles: ['acceptor'] },
      { id: 'c', name: { zh: '丙', en: 'C' }, roles: ['acceptor'] },
    ],
    steps: [{ caption: { zh, en } }],
  });
  for (const lang of ['zh', 'en']) {
    for (const [where, options, query] of [
      ['embed 800×450', { embed: VIEWPORTS.small }, `?embed=1&lang=${lang}`],
      ['1024×576', { viewport: { width: 1024, height: 576 } }, `?lang=${lang}`],
    ]) {
      await session.withApp({ ...options, query: `${query}#scenario=${b64url(scenario)}` }, async (page, app) => {
        const caption = app.locator('.tour .caption');
        await caption.waitFor();
        const { bar, text, scroll } = await caption.evaluate((el) => {
          const tour = el.closest('.tour');
          return { bar: tour.getBoundingClientRect().top, text: el.getBoundingClientRect().top, scroll: tour.scrollTop };
        });
        // Unscrolled, the caption's first line is at or below the bar's top edge, not above it.
        assert.equal(scroll, 0, `${lang}, ${where}`);
        assert.ok(text >= bar, `${lang}, ${where}: the caption starts ${bar - text} px above its bar`);
        // And the bar scrolls to the caption's last line.
        const end = await caption.evaluate((el) => {
          const tour = el.closest('.tour');
          tour.scrollTop = tour.scrollHeight;
          return el.getBoundingClientRect().bottom - tour.getBoundingClientRect().bottom;
        });
        assert.ok(end <= 1, `${lang}, ${where}: the caption's end is ${end} px below the bar`);
      });
    }
  }
});

test('after a tour file is opened with the file chooser, focus stays there and the keys still step the tour (a clicker sends PageDown)', async () => {
  const file = readFileSync(`${ROOT}static/scenarios/one-plus-one.json`);
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    const chooser = app.getByLabel('Open a scenario file');
    await chooser.setInputFiles({ name: 'tour.json', mimeType: 'application/json', buffer: file });
    await chooser.focus();
    await app.getByText('step 1 / 16').waitFor();
    await page.keyboard.press('PageDown');
    await app.getByText('step 2 / 16').waitFor();
    await page.keyboard.press('ArrowRight');
    await app.getByText('step 3 / 16').waitFor();
    await page.keyboard.press('PageUp');
    await app.getByText('step 2 / 16').waitFor();
    assert.equal(await app.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Open a scenario file');
    await page.keyboard.press('?');
    await app.getByRole('dialog', { name: /Keyboard/ }).waitFor();
  });
});

test('a safety violation is read whole in an 800×450 embed and in a short window, in both languages', async () => {
  /** The violation banner's text, and whether all of it is shown (no ellipsis, no clipped line). */
  const violation = (app) =>
    app.evaluate(() => {
      const el = document.querySelector('.banner.unsafe');
      const whole = el.scrollWidth <= el.clientWidth + 0.5 && el.scrollHeight <= el.clientHeight + 0.5;
      return { text: el.textContent, whole };
    });
  const meeting = /^✗ (two different values chosen: ⟨1, 上海⟩, then ⟨3, 广州⟩|选定了两个不同的值：先是 ⟨1, 上海⟩，后是 ⟨3, 广州⟩)$/;
  const places = [
    { embed: VIEWPORTS.small, query: '?scenario=annual-meeting-1&embed=1&lang=zh&step=6&theme=projector', text: meeting },
    { embed: VIEWPORTS.small, query: '?scenario=annual-meeting-1&embed=1&lang=en&step=6', text: meeting },
    { viewport: { width: 1024, height: 576 }, query: '?scenario=annual-meeting-1&lang=en&step=6', present: true, text: meeting },
    // A long title, a long list of values chosen, and the violation of a slot, beside the grid.
    { embed: VIEWPORTS.small, query: '?scenario=multi-skip-phase1&embed=1&lang=en&step=3', text: /^✗ two different values chosen in slot 136: ⟨1, withdraw …⟩, then ⟨2, deposit 8⟩$/ },
    { embed: { width: 1280, height: 720 }, query: '?scenario=annual-meeting-2-no-adoption&embed=1&lang=en&step=8', text: /^✗ two different values chosen: ⟨1, 郑州⟩, then ⟨4, 海南⟩$/ },
  ];
  for (const { present, text, ...options } of places) {
    await session.withApp(options, async (page, app) => {
      if (present) await app.getByRole('button', { name: 'Presentation mode (larger)' }).click();
      await app.locator('.banner.unsafe').waitFor();
      const seen = await violation(app);
      assert.match(seen.text, text);
      assert.ok(seen.whole, `the whole violation is shown: ${JSON.stringify(seen)} (${options.query})`);
      await assertNothingCutOff(app, options.query);
      // In the embed, the title keeps a few letters and the list of values chosen its first words.
      if (options.embed) {
        const room = await app.evaluate(() => ['.embed-title', '.embed-top .banner.chosen'].map((s) => document.querySelector(s).getBoundingClientRect().width));
        assert.ok(room[0] >= 40 && room[1] >= 120, `title and chosen widths: ${room}`);
      }
    });
  }
  await session.withApp(places[0], async (page) => screenshot(page, 'violation-embed-zh-projector'));
});
