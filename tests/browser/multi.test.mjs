// Multi-Paxos in the browser: each Multi-Paxos tour stepped to its end with its outcome on screen
// (the numbers of the course notes, §3), the log grid's compressed prefix and its cells, leading,
// killing and submitting by clicking, and the embed at 800×450 in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, VIEWPORTS, assertNothingCutOff, screenshot } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const grid = (app) => app.getByRole('region', { name: /^(Replicated log|复制日志)$/ });
const next = (app) => app.getByRole('button', { name: /^Next step/ });
const counter = (app, k, n) => app.getByText(`step ${k} / ${n}`, { exact: true });
/** A grid cell, by the start of its accessible name: "Server B, slot 135". */
const cell = (app, name) => grid(app).getByRole('button', { name: new RegExp(`^${name}(,|$)`) });
/** A row header of the grid, as text. */
const row = async (app, who) => (await grid(app).locator('th.row-head').filter({ hasText: who }).innerText()).replace(/\s+/g, ' ');

async function stepTo(app, k, n) {
  await counter(app, 1, n).waitFor();
  for (let i = 2; i <= k; i++) {
    await next(app).click();
    await counter(app, i, n).waitFor();
  }
}

test('the steady-state tour: one phase 1, then one round per command, 4 message delays and then 2', async () => {
  await session.withApp({ query: '?lang=en&scenario=multi-steady' }, async (page, app) => {
    await stepTo(app, 3, 6);
    await grid(app).getByText('#1 deposit 50: 4 message delays').waitFor();
    for (let k = 4; k <= 6; k++) {
      await next(app).click();
      await counter(app, k, 6).waitFor();
      if (k === 5) await grid(app).getByText('#2 withdraw 20: 2 message delays').waitFor();
    }
    // Four commands in four slots, executed everywhere: 50 − 20 + 5, and 100 refused.
    for (const who of ['Server A', 'Server B', 'Server C']) {
      assert.match(await row(app, who), /executed to 4 balance 35/);
    }
    assert.match(await cell(app, 'Server B, slot 4').getAttribute('aria-label'), /⟨1, withdraw 100⟩, chosen, executed/);
    await app.getByText('Safety holds').waitFor();
    await screenshot(page, 'multi-tour-1-steady');
  });
});

test('the new-leader tour: 1–134 is one column, 135 and 137 become no-ops, 136 is re-proposed, replicas run to the end', async () => {
  await session.withApp({ query: '?lang=en&scenario=multi-new-leader' }, async (page, app) => {
    await grid(app).waitFor();
    // The notes' numbers: 1–134, 138 and 139 chosen; 135–137 unknown to the new leader.
    const heads = await grid(app).locator('thead th').allInnerTexts();
    assert.deepEqual(heads.map((h) => h.split('\n')[0]), ['Slot', '1–134', '135', '136', '137', '138', '139']);
    assert.match(await row(app, 'Server B'), /executed to 134 balance 1340/);
    assert.match(await cell(app, 'Server B, slot 138').getAttribute('aria-label'), /known chosen/);
    // A cell explains what its acceptor accepted and why.
    await cell(app, 'Server C, slot 136').click();
    await grid(app).getByText(/Server C accepted ⟨1, withdraw 30⟩ in slot 136.*a majority accepted this proposal: it is chosen/).waitFor();
    await stepTo(app, 6, 7);
    assert.match(await cell(app, 'Server B, slot 135').getAttribute('aria-label'), /⟨2, no-op⟩, chosen, executed/);
    assert.match(await cell(app, 'Server C, slot 137').getAttribute('aria-label'), /⟨2, no-op⟩, chosen, executed/);
    assert.match(await cell(app, 'Server B, slot 136').getAttribute('aria-label'), /⟨2, withdraw 30⟩, chosen, executed/);
    assert.match(await row(app, 'Server C'), /executed to 139 balance 1280/);
    await screenshot(page, 'multi-tour-2-new-leader');
    await next(app).click();
    await counter(app, 7, 7).waitFor();
    assert.match(await row(app, 'Server C'), /executed to 140 balance 1380/);
    await grid(app).getByText('#140 deposit 100: 2 message delays').waitFor();
    // Messages name their slot: the stage shows none now, so check the narrated log.
    await app.getByText('Safety holds').waitFor();
  });
});

test('the two-leaders tour: only one command is chosen in slot 2, and the other goes into slot 3', async () => {
  await session.withApp({ query: '?lang=en&scenario=multi-two-leaders' }, async (page, app) => {
    await stepTo(app, 4, 6);
    // Both leaders' Accepts for slot 2 are on the stage, each naming its slot.
    await app.getByRole('button', { name: /^Accept 1 #2 'deposit 20' from Server A/ }).first().waitFor();
    await app.getByRole('button', { name: /^Accept 2 #2 'withdraw 5' from Server B/ }).first().waitFor();
    await next(app).click();
    await next(app).click();
    await counter(app, 6, 6).waitFor();
    assert.match(await cell(app, 'Server C, slot 2').getAttribute('aria-label'), /withdraw 5⟩, chosen/);
    assert.match(await cell(app, 'Server C, slot 3').getAttribute('aria-label'), /deposit 20⟩, chosen/);
    assert.match(await row(app, 'Server A'), /executed to 3 balance 25/);
    await app.getByText('Safety holds').waitFor();
  });
});

test('the reconfiguration tour: slot 4 waits for slot 2, the new set B, C, D chooses it, and B and D alone choose slot 5', async () => {
  await session.withApp({ query: '?lang=en&scenario=multi-reconfig' }, async (page, app) => {
    await stepTo(app, 3, 5);
    // config b,c,d and deposit 20 are in flight in slots 2 and 3; withdraw 10 is held back (α = 2).
    await app.getByText(/Server A holds back slot 4: its acceptors depend on every slot up to 2 \(α = 2\)/).first().waitFor();
    await app.getByRole('button', { name: /^Accept 1 #2 'config b,.*' from Server A to Server C/ }).first().waitFor();
    assert.equal(await app.getByRole('button', { name: /^Accept \d+ #4/ }).count(), 0);
    await next(app).click();
    await counter(app, 4, 5).waitFor();
    // D, a replica before, is now an acceptor of slot 4, and A is not asked there.
    assert.match(await cell(app, 'New server D, slot 4').getAttribute('aria-label'), /⟨5, withdraw 10⟩/);
    assert.doesNotMatch(await cell(app, 'Server A, slot 4').getAttribute('aria-label'), /⟨5, withdraw 10⟩/);
    assert.match(await row(app, 'New server D'), /executed to 4 balance 60/);
    await next(app).click();
    await counter(app, 5, 5).waitFor();
    assert.match(await cell(app, 'New server D, slot 5').getAttribute('aria-label'), /⟨6, deposit 5⟩, chosen/);
    assert.match(await row(app, 'Server B'), /executed to 5 balance 65/);
    await app.getByText('Safety holds').waitFor();
    await screenshot(page, 'multi-tour-4-reconfig');
  });
});

test('the broken tour: a new leader that skips phase 1 overwrites a chosen command, and the banner turns red', async () => {
  await session.withApp({ query: '?lang=en&scenario=multi-skip-phase1' }, async (page, app) => {
    await stepTo(app, 3, 3);
    const banner = app.locator('.banner.unsafe');
    await banner.waitFor();
    assert.match(await banner.innerText(), /two different values chosen in slot 136: ⟨1, withdraw …⟩, then ⟨2, deposit 8⟩/);
    assert.match(await cell(app, 'Server B, slot 136').getAttribute('aria-label'), /⟨2, deposit 8⟩, chosen/);
    await screenshot(page, 'multi-tour-5-skip-phase1');
  });
});

test('by clicking: kill the leader, elect a new one, see the no-op fill, and submit a command', async () => {
  await session.withApp({ query: '?lang=en&scenario=multi-new-leader&speed=10' }, async (page, app) => {
    await grid(app).waitFor();
    const node = (who) => app.locator('[data-node]').filter({ hasText: who });
    await node('Server A').click();
    await app.getByRole('region', { name: /^Server A/ }).getByRole('button', { name: 'Kill' }).click();
    await node('Server B').click();
    const panel = app.getByRole('region', { name: /^Server B/ });
    await panel.getByRole('button', { name: 'Make Server B the leader' }).click();
    await app.getByRole('button', { name: /^Play/ }).click();
    await cell(app, 'Server C, slot 135').and(app.getByRole('button', { name: /no-op⟩, chosen, executed/ })).waitFor();
    assert.match(await row(app, 'Server B'), /★ leader/);
    assert.match(await row(app, 'Server B'), /executed to 139 balance 1280/);
    // A client's withdrawal, from the panel's form, goes into slot 140 in one round.
    await panel.getByRole('combobox', { name: 'Deposit or withdraw' }).selectOption('withdraw');
    await panel.getByRole('textbox', { name: 'Amount' }).fill('80');
    await panel.getByRole('button', { name: 'Submit to Server B' }).click();
    await cell(app, 'Server C, slot 140').and(app.getByRole('button', { name: /withdraw 80⟩, chosen, executed/ })).waitFor();
    assert.match(await row(app, 'Server C'), /executed to 140 balance 1200/);
    // A command the bank does not understand is refused with a message, and nothing changes.
    await panel.getByRole('textbox', { name: 'Amount' }).fill('lots');
    await panel.getByRole('button', { name: 'Submit to Server B' }).click();
    await app.getByRole('alert').getByText(/does not understand the command withdraw lots/).waitFor();
  });
});

for (const lang of ['zh', 'en']) {
  test(`the new-leader tour embedded at 800×450 in ${lang}: grid and stage fit, nothing cut off`, async () => {
    const size = VIEWPORTS.small;
    const query = `?scenario=multi-new-leader&embed=1&lang=${lang}&step=6`;
    await session.withApp({ embed: size, viewport: { width: size.width + 80, height: size.height + 120 }, query }, async (page, app) => {
      await grid(app).waitFor();
      await assertNothingCutOff(app, `embed-${lang}`);
      const outside = await app.evaluate(() =>
        [...document.querySelectorAll('.embed-top, .stage-wrap, .log-grid, .tour, .tour button')]
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5).length,
      );
      assert.equal(outside, 0, 'nothing is cut off');
      // Every column of the grid is in view, the leader's next slot too.
      const clipped = await app.evaluate(() => {
        const box = document.querySelector('.grid-scroll').getBoundingClientRect();
        return [...document.querySelectorAll('.log-grid thead th')].filter((th) => th.getBoundingClientRect().right > box.right + 0.5).length;
      });
      assert.equal(clipped, 0, 'every column is visible');
      // The bank's state in the page's language.
      await grid(app).getByText(lang === 'zh' ? '余额 1280' : 'balance 1280').first().waitFor();
      assert.equal(await grid(app).getByText(lang === 'zh' ? 'balance' : '余额').count(), 0);
      const name = lang === 'zh' ? /^服务器 B，槽位 135/ : /^Server B, slot 135/;
      await grid(app).getByRole('button', { name }).focus();
      await page.keyboard.press('Enter');
      await grid(app).getByText(lang === 'zh' ? /这是空操作/ : /this is a no-op/).waitFor();
      await screenshot(page, `multi-embed-800x450-${lang}`);
    });
  });
}

test('the three views embedded at 800×450: the stage and the grid side by side, the diagram under both, every server row whole', async () => {
  const size = VIEWPORTS.small;
  const query = '?scenario=multi-new-leader&embed=1&lang=en&view=both&step=5';
  await session.withApp({ embed: size, viewport: { width: size.width + 80, height: size.height + 120 }, query }, async (page, app) => {
    await grid(app).waitFor();
    await app.getByRole('region', { name: /^Space-time diagram/ }).waitFor();
    await assertNothingCutOff(app, 'multi-both-embed');
    const box = (sel) => app.evaluate((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height };
    }, sel);
    const [stage, table, diagram] = [await box('.stage-wrap'), await box('.log-grid'), await box('.diagram')];
    assert.ok(table.left >= stage.right - 0.5 && Math.abs(table.top - stage.top) < 1, `grid beside the stage: ${JSON.stringify({ stage, table })}`);
    assert.ok(diagram.top >= Math.max(stage.bottom, table.bottom) - 0.5, `diagram under both: ${JSON.stringify({ stage, table, diagram })}`);
    assert.ok(stage.height >= 120 && diagram.height >= 120, `each view at least 120 px tall: ${stage.height}, ${diagram.height}`);
    // Each server's row of the log is whole in the grid's own window.
    const rows = await app.evaluate(() => {
      const pane = document.querySelector('.log-grid').getBoundingClientRect();
      return [...document.querySelectorAll('.log-grid tbody tr')].map((tr) => {
        const r = tr.getBoundingClientRect();
        return r.top >= pane.top - 0.5 && r.bottom <= pane.bottom + 0.5;
      });
    });
    assert.deepEqual(rows, [true, true, true]);
    // The safety verdict stays whole; the title and the list of values chosen give way to it.
    const safe = await app.evaluate(() => {
      const el = document.querySelector('.embed-top .banner.safe');
      return { text: el.textContent, whole: el.scrollWidth <= el.clientWidth + 0.5 };
    });
    assert.deepEqual(safe, { text: '✓ Safety holds', whole: true });
    await screenshot(page, 'multi-both-embed-800x450');
  });
});
