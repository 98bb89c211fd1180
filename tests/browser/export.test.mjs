// Downloads from the share dialog: the run as a trace (JSON lines) and as a scenario file that
// replays it, and the stage as an SVG and a PNG picture. Each file is checked for what it must be.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSession, screenshot, node, message, propose, esc, OUT_DIR } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The kinds of event docs/trace.md documents: the first column of its tables of kinds
 *  ("| `held` / `released` |"). */
const KINDS = new Set(
  [...readFileSync(path.join(ROOT, 'docs', 'trace.md'), 'utf8').matchAll(/^\| (`[a-z-]+`(?: \/ `[a-z-]+`)*) \|/gm)]
    .flatMap((m) => [...m[1].matchAll(/`([a-z-]+)`/g)].map((k) => k[1]))
    .filter((k) => k !== 'kind'),
);

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** Clicks `button` and reads the file it downloads: [name, Buffer]. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const stream = await file.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return [file.suggestedFilename(), Buffer.concat(chunks)];
}

/** What the stage shows, as a screen reader reads it. */
const labels = (app) => app.locator('svg [role=button]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

/** Opens the menu of the message named `label`, presses its button `action`, and returns the
 *  menu (once closed, unless the action keeps it open). */
async function onMessage(app, label, action, { keepsOpen = false } = {}) {
  await message(app, label).click();
  const menu = app.getByRole('dialog', { name: new RegExp(`^${esc(label)}`) });
  await menu.getByRole('button', { name: action }).click();
  if (!keepsOpen) await menu.waitFor({ state: 'detached' });
  return menu;
}

/** A run with a proposal, a drop, a copy of a message, and the copy delivered. */
async function someRun(page, app) {
  await propose(app, page, 'P1', 'x');
  await onMessage(app, 'Prepare 1 from P1 to A1', 'Drop');
  const menu = await onMessage(app, 'Prepare 1 from P1 to A2', 'Duplicate', { keepsOpen: true });
  // The menu stays open after a copy (to copy again); Escape closes it.
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  await propose(app, page, 'P2', 'y');
  for (let i = 0; i < 4; i++) await app.getByRole('button', { name: /^Step forward/ }).click();
}

test('the trace and the scenario file of a run: documented events, and a file that replays the same run', async () => {
  let seen;
  let scenario;
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await someRun(page, app);
    seen = await labels(app);
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    await dialog.getByRole('heading', { name: 'Download this moment' }).waitFor();
    await screenshot(page, 'export-dialog-en');

    const [traceName, trace] = await download(page, dialog.getByRole('button', { name: 'Trace (JSON lines)' }));
    assert.match(traceName, /^paxos-lab-sandbox-\d{8}-\d{4}\.jsonl$/);
    const events = trace.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(events[0].kind, 'began');
    assert.equal(events[0].format, 2);
    assert.ok(events.length > 20, `${events.length} events`);
    assert.ok(KINDS.size > 10, `the documented kinds: ${[...KINDS]}`);
    events.forEach((e, i) => {
      assert.equal(e.id, i);
      assert.ok(KINDS.has(e.kind), `event ${i}: "${e.kind}" is not a documented kind`);
    });
    for (const kind of ['proposed', 'sent', 'dropped', 'duplicated', 'delivered']) {
      assert.ok(events.some((e) => e.kind === kind), `the trace has a ${kind} event`);
    }
    await dialog.getByRole('status').filter({ hasText: /^Downloaded paxos-lab-sandbox-.*\.jsonl\.$/ }).waitFor();

    const [scenarioName, file] = await download(page, dialog.getByRole('button', { name: 'Scenario file (replays it)' }));
    assert.match(scenarioName, /^paxos-lab-sandbox-\d{8}-\d{4}\.json$/);
    scenario = JSON.parse(file.toString('utf8'));
    // The sandbox's opening caption, then one step per operation, captioned by the narration.
    assert.equal(scenario.steps.length, 1 + 2 + 1 + 1 + 4);
    // The form's filled-in number and acceptors are the defaults, so the step leaves them out.
    assert.deepEqual(scenario.steps[1].do, [{ propose: { node: 'p1', value: 'x' } }]);
    assert.equal(scenario.steps[2].do[0].drop.type, 'prepare');
    assert.match(scenario.steps[2].caption.en, /Prepare/);
    assert.match(scenario.steps[2].caption.zh, /Prepare|准备/);
  });
  // Opened as a file, and played to its end, it shows the same picture.
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await app.getByLabel('Open a scenario file').setInputFiles({
      name: 'saved.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(scenario)),
    });
    const last = app.getByRole('button', { name: /^Last step/ });
    if (await last.count()) {
      await last.click();
    } else {
      for (let i = 1; i < scenario.steps.length; i++) await app.getByRole('button', { name: /^Next step/ }).click();
    }
    await app.getByText(/Step 9 of 9|9 \/ 9/).first().waitFor();
    assert.deepEqual(await labels(app), seen, 'the same nodes and messages');
    assert.equal(await app.getByRole('alert').count(), 0);
  });
});

test('a run too long for a scenario file says so, as a failure, with the steps it would need', async () => {
  // 201 operations after the sandbox's opening caption: kill and restart A1, over and over.
  const ops = Array.from({ length: 201 }, (_, i) => (i % 2 === 0 ? 'k2' : 'u2'));
  await session.withApp({ query: `?scenario=sandbox&lang=en&run=1.0.201.0.201.${ops.join('.')}` }, async (page, app) => {
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    await dialog.getByRole('button', { name: 'Scenario file (replays it)' }).click();
    const status = dialog.getByRole('status').filter({ hasText: /^Export failed: this run needs 202 steps \(the scenario's own 1 among them\), and a scenario has at most 200; keep it with the link to this moment/ });
    await status.waitFor();
    assert.equal(await status.getAttribute('data-failed'), '');
    const [failed, ok] = await status.evaluate((el) => {
      const color = getComputedStyle(el).color;
      el.removeAttribute('data-failed');
      return [color, getComputedStyle(el).color];
    });
    assert.notEqual(failed, ok, 'a failure is not shown in the colour of a success');
  });
});

test('pictures of the stage: a self-contained SVG with every node name, and PNGs of the asked size', async () => {
  await session.withApp({ query: '?lang=zh&scenario=annual-meeting-2&step=7' }, async (page, app) => {
    const names = await app.locator('svg.stage [role=button]').evaluateAll((els) => els.length);
    assert.ok(names >= 5);
    await app.getByRole('button', { name: '嵌入幻灯片' }).click();
    const dialog = app.getByRole('dialog', { name: '嵌入幻灯片' });
    const [svgName, svg] = await download(page, dialog.getByRole('button', { name: '图片（SVG）' }));
    assert.match(svgName, /^paxos-lab-annual-meeting-2-\d{8}-\d{4}\.svg$/);
    const text = svg.toString('utf8');
    // Well-formed, standalone, with no outside references, and its text is text.
    const check = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent).join(' '),
        external: [...doc.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name !== 'xmlns').filter((a) => /^(https?:|\/\/)|url\(\s*['"]?https?:/.test(a.value) || (a.localName === 'href' && !a.value.startsWith('#'))).map((a) => `${el.localName} ${a.name}=${a.value}`),
        ),
      };
    }, text);
    assert.equal(check.error, null);
    assert.equal(check.root, 'svg');
    assert.deepEqual(check.external, []);
    assert.doesNotMatch(text, /<image|<use [^>]*href="[^#]|@import|<link/);
    for (const name of ['张三', '李四', '王五', '赵六', '孙七']) assert.ok(check.texts.includes(name), `the SVG names ${name}`);
    assert.ok(check.texts.includes('年会'), 'the title is in the picture');
    // Without the title and banners.
    await dialog.getByRole('checkbox', { name: '图片不含标题与横幅' }).check();
    const [, bare] = await download(page, dialog.getByRole('button', { name: '图片（SVG）' }));
    assert.ok(!bare.toString('utf8').includes('年会'), 'no title');
    await dialog.getByRole('checkbox', { name: '图片不含标题与横幅' }).uncheck();

    for (const [label, w, h] of [['PNG 1920×1080', 1920, 1080], ['PNG 1280×720', 1280, 720]]) {
      const [pngName, png] = await download(page, dialog.getByRole('button', { name: label }));
      assert.match(pngName, new RegExp(`^paxos-lab-annual-meeting-2-${w}x${h}-\\d{8}-\\d{4}\\.png$`));
      assert.equal(png.readUInt32BE(16), w, 'PNG width');
      assert.equal(png.readUInt32BE(20), h, 'PNG height');
      const pixels = await page.evaluate(async (b64) => {
        const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        const [r0, g0, b0] = data;
        let other = 0;
        const colours = new Set();
        for (let i = 0; i < data.length; i += 4 * 7) {
          if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) other += 1;
          colours.add((data[i] >> 4) * 256 + (data[i + 1] >> 4) * 16 + (data[i + 2] >> 4));
        }
        return { background: [r0, g0, b0], other: other / (data.length / 28), colours: colours.size };
      }, png.toString('base64'));
      assert.ok(pixels.background.every((c) => c > 200), `a light background: ${pixels.background}`);
      assert.ok(pixels.other > 0.02, `not blank: ${(pixels.other * 100).toFixed(1)}% of pixels differ from the background`);
      assert.ok(pixels.colours > 8, `${pixels.colours} colours`);
      if (w === 1920) {
        writeFileSync(path.join(OUT_DIR, 'export-annual-meeting-2-1920.png'), png);
      }
    }
    await dialog.getByRole('status').filter({ hasText: /^已下载 paxos-lab-annual-meeting-2-1280x720-.*\.png。$/ }).waitFor();
    // The PNG's picture is read in the projector theme's contrast: every label stays inside its
    // pill, which the page measured for its own (not the theme's larger, bolder) labels.
    const pills = await page.evaluate(async () => {
      const { picture } = await import('./export.js');
      const pic = picture(document, true, 'projector', '');
      document.body.append(pic.svg);
      try {
        const labels = [...pic.svg.querySelectorAll('g')].filter((g) => g.children.length === 2 && g.querySelector(':scope > rect') && g.querySelector(':scope > text'));
        return labels.map((g) => ({
          text: g.textContent,
          over: g.querySelector(':scope > text').getBBox().width - g.querySelector(':scope > rect').getBBox().width,
        }));
      } finally {
        pic.svg.remove();
      }
    });
    assert.ok(pills.length >= 3, `message labels in the picture: ${pills.length}`);
    assert.deepEqual(pills.filter((p) => p.over > 0), [], 'labels wider than their pills');
    await screenshot(page, 'export-dialog-zh');
  });
});

test('the handout of a tour prints a page per step, each with its picture and caption', async () => {
  const tour = JSON.parse(readFileSync(path.join(ROOT, 'static', 'scenarios', 'annual-meeting-2.json'), 'utf8'));
  const count = tour.steps.length;
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2' }, async (page, app) => {
    // The print dialog is the browser's; here it is only counted.
    await page.evaluate(() => {
      window.print = () => {
        window.printed = (window.printed ?? 0) + 1;
      };
    });
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    await dialog.getByRole('button', { name: 'Handout: a page per step (print)' }).click();
    await dialog.getByRole('status').filter({ hasText: `The handout is ready: ${count} pages.` }).waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.printed), 1);
    const pages = await page.locator('.handout .handout-page').evaluateAll((els) =>
      els.map((el) => ({
        head: el.querySelector('h2').textContent,
        caption: el.querySelector('p').textContent,
        names: [...el.querySelectorAll('svg text')].map((t) => t.textContent).join(' '),
      })),
    );
    assert.equal(pages.length, count);
    pages.forEach((p, i) => {
      assert.equal(p.head, `${tour.title.en} · Step ${i + 1} of ${count}`);
      assert.ok(p.caption.startsWith(tour.steps[i].caption.en.slice(0, 30)), `page ${i + 1}: ${p.caption}`);
      for (const name of ['Zhang San', 'Zhao Liu']) assert.ok(p.names.includes(name), `page ${i + 1} names ${name}`);
    });
    // Hidden on screen; printed, one page each.
    assert.equal(await page.locator('.handout').isVisible(), false);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ landscape: true, format: 'A4', printBackground: true });
    const printed = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
    assert.equal(printed, count, 'PDF pages');
    await screenshot(page, 'export-handout-print');
  });
});

/** The tour recorder's panel. */
const recorder = (app) => app.getByRole('region', { name: 'Tour recorder' });

/** Opens the share dialog and starts recording. */
async function startRecording(app) {
  await app.getByRole('button', { name: 'Embed in slides' }).click();
  await app.getByRole('dialog', { name: 'Embed in slides' }).getByRole('button', { name: 'Record a tour…' }).click();
  await recorder(app).getByRole('heading', { name: /Recording a tour/ }).waitFor();
}

test('recording a tour by clicking: five actions, two captions edited, a step deleted, saved, and played back', async () => {
  let saved;
  let link;
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await startRecording(app);
    const panel = recorder(app);
    const steps = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    // Five operations: a proposal, a delivery, a drop and two steps of time.
    await propose(app, page, 'P1', 'x');
    await onMessage(app, 'Prepare 1 from P1 to A1', 'Deliver now');
    await onMessage(app, 'Prepare 1 from P1 to A2', 'Drop');
    for (let i = 0; i < 2; i++) await app.getByRole('button', { name: /^Step forward/ }).click();
    // The sandbox's opening caption, then one step per operation, each with a narrated draft.
    await steps.nth(5).waitFor();
    assert.equal(await steps.count(), 6);
    assert.match(await panel.getByRole('textbox', { name: 'Step 2 caption (English)' }).inputValue(), /P1/);
    await panel.getByRole('textbox', { name: 'Step 2 caption (English)' }).fill('P1 asks first.');
    await panel.getByRole('textbox', { name: 'Step 3 caption (Chinese)' }).fill('A1 先收到。');
    await panel.getByRole('textbox', { name: 'Title (English)' }).fill('My first tour');
    await panel.getByRole('button', { name: 'Expect what holds now' }).click();
    await steps.nth(5).getByText('Expect: no violation').waitFor();
    await screenshot(page, 'export-recorder-en');
    // The panel speaks the page's language, and keeps what was typed.
    await app.getByRole('button', { name: '中文', exact: true }).click();
    await app.getByRole('region', { name: '录制导览' }).getByRole('textbox', { name: '第 2 步的说明（英文）' }).waitFor();
    assert.equal(await app.getByRole('region', { name: '录制导览' }).getByRole('textbox', { name: '第 3 步的说明（中文）' }).inputValue(), 'A1 先收到。');
    await app.getByRole('button', { name: 'English', exact: true }).click();
    // Stopped, the steps can be changed: the drop (step 4) goes.
    await panel.getByRole('button', { name: 'Stop recording' }).click();
    await panel.getByRole('button', { name: 'Delete step 4' }).click();
    assert.equal(await steps.count(), 5);
    // The edits stay.
    assert.equal(await panel.getByRole('textbox', { name: 'Step 2 caption (English)' }).inputValue(), 'P1 asks first.');
    // Preview plays it as a guided tour, in an embed over the page.
    await panel.getByRole('button', { name: 'Preview' }).click();
    const preview = app.getByRole('dialog', { name: 'Tour preview' });
    const tour = page.frameLocator('.author-preview iframe');
    await tour.getByText('My first tour').first().waitFor();
    await tour.getByRole('button', { name: /^Next step/ }).click();
    await tour.getByText('P1 asks first.').waitFor();
    await screenshot(page, 'export-recorder-preview-en');
    await preview.getByRole('button', { name: 'Close the preview' }).click();
    await preview.waitFor({ state: 'detached' });
    const [name, file] = await download(page, panel.getByRole('button', { name: 'Save' }));
    assert.match(name, /^paxos-lab-tour-\d{8}-\d{4}\.json$/);
    saved = JSON.parse(file.toString('utf8'));
    await panel.getByRole('status').filter({ hasText: /^Saved paxos-lab-tour-.*\(5 steps\)\.$/ }).waitFor();
    link = await panel.getByRole('textbox', { name: 'Link to the tour' }).inputValue();
    assert.match(link, /#scenario=/);
    assert.match(await panel.getByRole('textbox', { name: 'Embed code of the tour' }).inputValue(), /^<iframe src=".*embed=1#scenario=/);
    await screenshot(page, 'export-recorder-saved-en');
  });
  assert.equal(saved.title.en, 'My first tour');
  assert.equal(saved.steps.length, 5);
  assert.equal(saved.steps[1].caption.en, 'P1 asks first.');
  assert.equal(saved.steps[2].caption.zh, 'A1 先收到。');
  assert.deepEqual(saved.steps[4].expect, { violation: false });
  // The file loads at once, and its steps show the captions.
  await session.withApp({ query: '?lang=zh' }, async (page, app) => {
    await app.getByLabel('打开场景文件').setInputFiles({ name: 'tour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
    await app.getByRole('button', { name: /^下一步/ }).click();
    await app.getByRole('button', { name: /^下一步/ }).click();
    await app.getByText('A1 先收到。').waitFor();
    assert.equal(await app.getByRole('alert').count(), 0);
  });
  await session.withApp({ query: new URL(link).search + new URL(link).hash }, async (page, app) => {
    await app.getByRole('button', { name: /^Next step/ }).click();
    await app.getByText('P1 asks first.').waitFor();
  });
});

test('a reload in the middle of a recording offers to resume it, and leaving asks first', async () => {
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await startRecording(app);
    await propose(app, page, 'P2', 'y');
    await app.getByRole('button', { name: /^Step forward/ }).click();
    const steps = recorder(app).getByRole('list', { name: 'Steps' }).getByRole('listitem');
    await steps.nth(2).waitFor();
    await recorder(app).getByRole('textbox', { name: 'Step 3 caption (English)' }).fill('Time passes.');
    const seen = await labels(app);
    // Leaving with unsaved steps asks first.
    const asked = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      dialog.accept();
    });
    await page.reload();
    assert.deepEqual(asked, ['beforeunload']);
    const prompt = app.getByRole('dialog', { name: 'A tour recording is in progress' });
    await prompt.getByText('It has 3 steps').waitFor();
    await prompt.getByRole('button', { name: 'Resume' }).click();
    // The page opens at the run the recording had reached, and the recording goes on.
    await recorder(app).getByRole('heading', { name: /Recording a tour/ }).waitFor();
    await steps.nth(2).waitFor();
    assert.equal(await recorder(app).getByRole('textbox', { name: 'Step 3 caption (English)' }).inputValue(), 'Time passes.');
    await app.getByRole('button', { name: /^Step forward/ }).waitFor();
    assert.deepEqual(await labels(app), seen, 'the same run on the stage');
    // Folded away, the panel leaves the page its whole width, and recording goes on.
    await recorder(app).getByRole('button', { name: 'Hide the recorder' }).click();
    const width = await app.evaluate(() => document.querySelector('.app').getBoundingClientRect().width);
    assert.equal(width, 1280);
    await app.getByRole('button', { name: /^Step forward/ }).click();
    await recorder(app).getByRole('button', { name: 'Show the recorder' }).filter({ hasText: '4 steps' }).waitFor();
    await recorder(app).getByRole('button', { name: 'Show the recorder' }).click();
    await steps.nth(3).waitFor();
    // Discarded, it is gone after a reload too.
    await recorder(app).getByRole('button', { name: 'Discard' }).click();
    await recorder(app).getByRole('button', { name: 'Really discard?' }).click();
    await recorder(app).waitFor({ state: 'detached' });
    await page.reload();
    await app.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await app.getByRole('dialog', { name: 'A tour recording is in progress' }).count(), 0);
  });
});

test('a picture of the space-time diagram, where it is shown: SVG and PNG', async () => {
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2&step=7&view=both' }, async (page, app) => {
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    await dialog.getByRole('combobox', { name: 'Pictures of' }).selectOption('diagram');
    const [name, svg] = await download(page, dialog.getByRole('button', { name: 'Picture (SVG)' }));
    assert.match(name, /^paxos-lab-annual-meeting-2-diagram-\d{8}-\d{4}\.svg$/);
    const check = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent).join(' '),
        paths: doc.querySelectorAll('path, line').length,
        styles: doc.querySelectorAll('style').length,
      };
    }, svg.toString('utf8'));
    assert.equal(check.error, null);
    assert.equal(check.styles, 0, 'styles inlined, no style sheet');
    assert.ok(check.paths > 10, `${check.paths} lines and arrows`);
    for (const lane of ['Zhang San', 'Li Si', 'Wang Wu', 'Zhao Liu', 'Sun Qi']) assert.ok(check.texts.includes(lane), `the lane of ${lane}`);
    assert.doesNotMatch(svg.toString('utf8'), /url\(\s*"?(https?:|\/\/)/);
    const [pngName, png] = await download(page, dialog.getByRole('button', { name: 'PNG 1280×720' }));
    assert.match(pngName, /-diagram-1280x720-/);
    assert.equal(png.readUInt32BE(16), 1280);
    assert.equal(png.readUInt32BE(20), 720);
    writeFileSync(path.join(OUT_DIR, 'export-diagram-1280.png'), png);
  });
  // With the stage alone, the choice is not offered.
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2&step=7' }, async (page, app) => {
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    await dialog.getByRole('button', { name: 'Picture (SVG)' }).waitFor();
    assert.equal(await dialog.getByRole('combobox', { name: 'Pictures of' }).count(), 0);
  });
});
