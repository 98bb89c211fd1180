// The app shell: loading, title, language switch and ?lang=, layout without scrollbars, and a
// stage that a change beside it does not lay out again.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, VIEWPORTS, BASE_PATH, assertNothingCutOff, screenshot, message, propose } from './harness.mjs';

const TITLE = { zh: 'Paxos 实验室', en: 'Paxos Lab' };
const STAGE = { zh: 'Paxos 舞台', en: 'Paxos stage' };
const HTML_LANG = { zh: 'zh-CN', en: 'en' };

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const heading = (frame, lang) => frame.getByRole('heading', { level: 1, name: TITLE[lang], exact: true });
const htmlLang = (frame) => frame.evaluate(() => document.documentElement.lang);

/** Asserts the whole interface is in `lang`. */
async function assertLanguage(frame, lang) {
  await heading(frame, lang).waitFor({ state: 'visible' });
  await frame.getByRole('img', { name: STAGE[lang] }).waitFor({ state: 'visible' });
  assert.equal(await htmlLang(frame), HTML_LANG[lang]);
  assert.equal(await frame.evaluate(() => document.title), TITLE[lang]);
  const pressed = (name) => frame.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');
  assert.equal(await pressed('中文'), String(lang === 'zh'));
  assert.equal(await pressed('English'), String(lang === 'en'));
}

test('loads under the sub-path with no errors and shows the title and the stage', async () => {
  await session.withApp({ locale: 'en-US' }, async (page) => {
    assert.equal(new URL(page.url()).pathname, BASE_PATH);
    await assertLanguage(page, 'en');
    // The favicon and stylesheet came from the sub-path too (any 404 would fail the test).
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    assert.match(icon, /\.svg$/);
    assert.equal(await page.locator('.stage').evaluate((el) => el.tagName.toLowerCase()), 'svg');
  });
});

test('the browser language decides the default', async () => {
  await session.withApp({ locale: 'zh-CN' }, async (page) => assertLanguage(page, 'zh'));
  await session.withApp({ locale: 'fr-FR' }, async (page) => assertLanguage(page, 'en'));
});

test('the language buttons switch the title, the labels and <html lang>', async () => {
  await session.withApp({ locale: 'en-US' }, async (page) => {
    await assertLanguage(page, 'en');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await assertLanguage(page, 'zh');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await assertLanguage(page, 'en');
  });
});

test('?lang=en and ?lang=zh override the browser language', async () => {
  await session.withApp({ locale: 'zh-CN', query: '?lang=en' }, async (page) => assertLanguage(page, 'en'));
  await session.withApp({ locale: 'en-US', query: '?lang=zh' }, async (page) => assertLanguage(page, 'zh'));
});

test('an unknown ?lang= shows a notice, falls back, and can be dismissed', async () => {
  await session.withApp({ locale: 'en-US', query: '?lang=fr' }, async (page) => {
    await assertLanguage(page, 'en');
    const notice = page.getByRole('status').filter({ hasText: 'lang=fr' });
    await notice.waitFor({ state: 'visible' });
    await assertNothingCutOff(page, 'with the notice:');
    await page.getByRole('button', { name: 'Dismiss notice' }).click();
    await notice.waitFor({ state: 'detached' });
  });
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const lang of ['zh', 'en']) {
    const tag = `${viewport.width}x${viewport.height}-${lang}`;
    test(`fills ${tag} without scrollbars (screenshot shell-${tag}.png)`, async () => {
      await session.withApp({ viewport, query: `?lang=${lang}` }, async (page) => {
        await assertLanguage(page, lang);
        await assertNothingCutOff(page, tag);
        // The stage takes the rest of the viewport below the header.
        const stage = await page.getByRole('img', { name: STAGE[lang] }).boundingBox();
        const header = await page.getByRole('banner').boundingBox();
        assert.ok(stage.y >= header.y + header.height, `${size}: the stage overlaps the header`);
        assert.ok(stage.y + stage.height <= viewport.height, `${size}: the stage runs off the bottom`);
        // Beside it: the controls and the caption bar, and on wide screens the side panel
        // (which becomes a drawer over the stage below 1000x560).
        assert.ok(stage.height >= 0.62 * viewport.height, `${size}: stage only ${stage.height}px tall`);
        const share = viewport.width >= 1000 && viewport.height >= 560 ? 0.6 : 0.95;
        assert.ok(stage.width >= share * viewport.width, `${size}: stage only ${stage.width}px wide`);
        await screenshot(page, `shell-${tag}`);
      });
    });
  }
}

for (const lang of ['zh', 'en']) {
  test(`embedded in an 800×450 iframe (${lang}): no scrollbars inside (screenshot embed-800x450-${lang}.png)`, async () => {
    await session.withApp(
      { viewport: VIEWPORTS.desktop, query: `?lang=${lang}`, embed: { width: 800, height: 450 } },
      async (page, app) => {
        await assertLanguage(app, lang);
        const m = await assertNothingCutOff(app, `iframe ${lang}`);
        assert.equal(m.cw, 800);
        assert.equal(m.ch, 450);
        await screenshot(page, `embed-800x450-${lang}`);
      },
    );
  });
}

test('the top bar: no control lies over another at widths from 1000 to 1280 px, in both languages, with presentation mode off and on', async () => {
  for (const lang of ['en', 'zh']) {
    for (const width of [1000, 1100, 1230, 1280]) {
      await session.withApp({ viewport: { width, height: 720 }, query: `?lang=${lang}` }, async (page, app) => {
        for (const presentation of [false, true]) {
          if (presentation) {
            await app.getByRole('button', { name: lang === 'en' ? 'Presentation mode (larger)' : '演示模式（放大）' }).click();
            await page.waitForTimeout(100);
          }
          const boxes = await app.locator('header.topbar').evaluate((bar) =>
            [...bar.querySelectorAll('select, button, label.btn')].map((e) => {
              const r = e.getBoundingClientRect();
              return { name: e.getAttribute('aria-label') || e.title || e.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
            }),
          );
          for (const [i, a] of boxes.entries()) {
            for (const b of boxes.slice(i + 1)) {
              const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const vertical = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              assert.ok(
                overlap <= 0.5 || vertical <= 0.5,
                `${lang}, ${width} px, presentation ${presentation}: "${a.name}" and "${b.name}" overlap by ${overlap.toFixed(1)} px`,
              );
            }
            assert.ok(a.right <= width + 0.5, `${lang}, ${width} px: "${a.name}" runs off the page`);
          }
        }
      });
    }
  }
});

test('in a small window with presentation mode, a challenge\'s goal and a long caption scroll and leave the stage its room', async () => {
  const places = [
    { query: '?exercise=make-it-live&lang=en&theme=projector', name: 'Presentation mode (larger)' },
    { query: '?scenario=livelock&lang=zh&step=15', name: '演示模式（放大）' },
    // Three views and a three-line "chosen" banner: the banner keeps to one line, the log
    // grid scrolls to its key, and the caption stays in the window.
    { query: '?scenario=multi-new-leader&lang=zh&view=both&step=7', name: '演示模式（放大）' },
  ];
  for (const viewport of [{ width: 1024, height: 576 }, VIEWPORTS.small]) {
    for (const place of places) {
      await session.withApp({ viewport, query: place.query }, async (page, app) => {
        await app.getByRole('button', { name: place.name }).click();
        await page.waitForTimeout(150);
        const tag = `${viewport.width}x${viewport.height} ${place.query}`;
        const m = await app.evaluate(() => {
          const box = (s) => document.querySelector(s).getBoundingClientRect();
          const stage = box('.stage-wrap');
          const outside = [...document.querySelectorAll('[data-node]')]
            .map((e) => [e.getAttribute('aria-label'), e.getBoundingClientRect()])
            .filter(([, r]) => r.top < stage.top - 1 || r.bottom > stage.bottom + 1)
            .map(([name]) => name);
          return { column: box('.stage-col').height, views: box('.views').height, outside };
        });
        // The stage (or the views, where three share it) was squeezed to 2 px at 1024×576 by
        // the challenge, and to 102 px at 800×450.
        assert.ok(m.views >= 0.245 * m.column, `${tag}: the views are ${m.views} px of a ${m.column} px column`);
        assert.deepEqual(m.outside, [], `${tag}: node cards outside the stage`);
        await assertNothingCutOff(app, tag);
        await screenshot(page, `presentation-small-${viewport.width}-${place.query.slice(1).split('&')[0].replace(/=/g, '-')}`);
      });
    }
  }
});

test('the event log fills from its top, at every size, and a long log shows its newest line', async () => {
  for (const viewport of [VIEWPORTS.desktop, { width: 1920, height: 1080 }]) {
    await session.withApp({ viewport, query: '?lang=en&scenario=one-plus-one&step=3' }, async (page, app) => {
      const log = app.getByRole('list', { name: 'Event log' });
      const gap = async () =>
        log.evaluate((ol) => {
          const lines = [...ol.children].map((li) => li.getBoundingClientRect());
          const top = Math.min(...lines.map((r) => r.top));
          return { lines: lines.length, gap: top - ol.getBoundingClientRect().top, newest: lines[0].bottom, box: ol.getBoundingClientRect().bottom };
        });
      const short = await gap();
      assert.ok(short.lines >= 2, 'a few lines');
      assert.ok(short.gap < 12, `${viewport.width}x${viewport.height}: ${short.gap}px above the oldest line`);
      // Long: play the tour to its end; the newest line is in view at the bottom.
      for (let i = 0; i < 12; i++) await app.getByRole('button', { name: /^Next step/ }).click().catch(() => {});
      const long = await gap();
      assert.ok(long.newest <= long.box + 1 && long.newest >= long.box - 40, `the newest line at the bottom: ${JSON.stringify(long)}`);
      await screenshot(page, `log-top-${viewport.width}x${viewport.height}`);
    });
  }
});

test('the projector theme: from the address or its button, thicker, bolder and larger, carried by the links, nothing cut off', async () => {
  const look = (app) =>
    app.evaluate(() => {
      const cards = [...document.querySelectorAll('[data-node] .card')];
      return {
        on: document.querySelector('.app').classList.contains('projector'),
        // The thinnest card border.
        border: Math.min(...cards.map((c) => parseFloat(getComputedStyle(c).strokeWidth))),
        line: getComputedStyle(document.querySelector('.node .line')).fontWeight,
        track: Math.max(0, ...[...document.querySelectorAll('.track')].map((t) => parseFloat(getComputedStyle(t).strokeWidth))),
        // A message label's height on screen, in pixels.
        label: document.querySelector('[data-msg] > rect')?.getBoundingClientRect().height ?? 0,
      };
    });
  let plain;
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2&step=5' }, async (page, app) => {
    plain = await look(app);
    const button = app.getByRole('button', { name: 'Projector theme (high contrast)' });
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    const on = await look(app);
    assert.ok(on.on && on.border > plain.border && on.line > plain.line && on.track > plain.track, JSON.stringify({ plain, on }));
    // Larger labels: the stage is drawn larger, as in presentation mode.
    assert.ok(plain.label > 0 && on.label > 1.1 * plain.label, JSON.stringify({ plain, on }));
    await app.getByRole('button', { name: 'Embed in slides' }).click();
    assert.match(await app.getByRole('textbox', { name: /^Link/ }).inputValue(), /&theme=projector/);
  });
  for (const [scenario, step] of [['learners-set', 4], ['annual-meeting-2', 5]]) {
    await session.withApp({ viewport: { width: 1920, height: 1080 }, query: `?lang=en&theme=projector&scenario=${scenario}&step=${step}` }, async (page, app) => {
      assert.ok((await look(app)).on);
      assert.equal(await app.getByRole('button', { name: 'Projector theme (high contrast)' }).getAttribute('aria-pressed'), 'true');
      await assertNothingCutOff(app, `projector ${scenario}`);
      await screenshot(page, `projector-1920x1080-${scenario}`);
    });
  }
  await session.withApp({ query: '?lang=zh&theme=projector&scenario=one-plus-one&step=4', embed: { width: 800, height: 450 } }, async (page, app) => {
    await assertNothingCutOff(app, 'projector embed');
    await screenshot(page, 'projector-embed-800x450-zh');
  });
  await session.withApp({ query: '?lang=en&theme=neon' }, async (page, app) => {
    await app.getByRole('status').filter({ hasText: 'theme=neon' }).getByText('use projector or light').waitFor();
    assert.equal((await look(app)).on, false);
  });
});

/** The layout invalidations Chromium records while `during` runs, as "reason on element" strings. */
async function layoutInvalidations(page, during) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    categories: 'disabled-by-default-devtools.timeline.invalidationTracking',
    transferMode: 'ReportEvents',
  });
  await during();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return events
    .filter((e) => e.name === 'LayoutInvalidationTracking')
    .map((e) => `${e.args.data.reason} on ${e.args.data.nodeName}`);
}

test('while messages arrive, the stage is never laid out at another size, with the diagram shown or not', async () => {
  for (const view of ['stage', 'both']) {
    await session.withApp({ viewport: VIEWPORTS.desktop, query: `?scenario=stress&lang=en&view=${view}` }, async (page) => {
      await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg]').length >= 190);
      await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press('Space');
      const seen = await layoutInvalidations(page, async () => {
        // The first deliveries come at 2.5 s of play: messages arrive, the log and the
        // timeline grow, the node cards change.
        await page.waitForFunction(() => document.querySelectorAll('.stage-top [data-msg]').length < 150, null, { timeout: 20_000 });
      });
      // The invalidations are seen at all (a tracing that records nothing would pass).
      assert.ok(seen.some((s) => s.startsWith('Removed from layout')), `${view}: no removals traced`);
      // A change beside the stage must not make the browser measure the stage's box at another
      // height first: that lays out every element of its SVGs twice (about 10 ms a frame).
      const resized = seen.filter((s) => /^Size changed on svg/.test(s));
      assert.deepEqual(resized, [], `${view}: the stage's SVGs were laid out at another size`);
    });
  }
});

test('keyboard focus: a modal dialog keeps Tab inside it, and closing a dialog or panel gives focus back to what opened it', async () => {
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    const active = () => app.evaluate(() => {
      const e = document.activeElement;
      return { name: e?.getAttribute('aria-label') ?? e?.textContent.trim() ?? '', inDialog: !!e?.closest('[role="dialog"]'), body: e === document.body };
    });
    for (const opener of ['Keyboard shortcuts', 'Embed in slides']) {
      await app.getByRole('button', { name: opener }).focus();
      await page.keyboard.press('Enter');
      await app.getByRole('dialog').waitFor();
      for (const key of [...Array(30).fill('Tab'), ...Array(30).fill('Shift+Tab')]) {
        await page.keyboard.press(key);
        const now = await active();
        assert.ok(now.inDialog, `${opener}: ${key} left the dialog for "${now.name}"${now.body ? ' (the body)' : ''}`);
      }
      await page.keyboard.press('Escape');
      await app.getByRole('dialog').waitFor({ state: 'detached' });
      await page.waitForTimeout(50);
      assert.equal((await active()).name, opener, `${opener}: focus goes back to its button`);
    }
    // A panel closed by its × button: focus goes back to the button that opened it.
    await app.getByRole('button', { name: 'Protocol switches' }).click();
    await app.getByRole('button', { name: 'Close the protocol switches' }).click();
    await page.waitForTimeout(50);
    assert.equal((await active()).name, 'Protocol switches');
    // A message dropped or delivered from its menu is gone: focus goes to the node it was for.
    await propose(app, page, 'P1', 'x');
    for (const [label, verb, to] of [['Prepare 1 from P1 to A1', 'Drop', 'A1'], ['Prepare 1 from P1 to A2', 'Deliver now', 'A2']]) {
      await message(app, label).focus();
      await page.keyboard.press('Enter');
      const menu = app.getByRole('dialog', { name: new RegExp(`^${label}`) });
      await menu.getByRole('button', { name: verb }).focus();
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'detached' });
      // Later too: the stage is not drawn anew when its menu closes, which would lose it.
      await page.waitForTimeout(300);
      const now = await active();
      assert.ok(!now.body, `after ${verb}, focus is not lost to the page`);
      assert.match(now.name, new RegExp(`^Acceptor ${to},`), `after ${verb}, focus is on ${to}`);
    }
  });
  // The quiz card's question takes focus, so that a screen reader reads it.
  await session.withApp({ query: '?lang=en&scenario=annual-meeting-2&step=5' }, async (page, app) => {
    await page.keyboard.press('q');
    const question = app.locator('.quiz .q');
    await question.waitFor();
    await page.waitForTimeout(50);
    assert.ok(await question.evaluate((q) => q === document.activeElement), 'the question has focus');
  });
});
