// The quiz: "Quiz me" asks about the next event, graded by stepping the simulator; a tour's
// step asks its own question before it plays; in an embed, a lecturer reveals the answer with
// one key. Both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, VIEWPORTS, assertNothingCutOff, screenshot, esc, node, propose } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

test('"Quiz me" asks about the next event; a right and a wrong answer get their feedback', async () => {
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await propose(app, page, 'P1', 'tea');
    const quizMe = app.getByRole('button', { name: /^Quiz me/ });
    await quizMe.click();
    assert.equal(await quizMe.getAttribute('aria-pressed'), 'true');
    const card = app.getByRole('region', { name: 'Predict the next step' });
    await card.getByText(/Prepare\(1\) from P1 arrives\. What does A\d do\?/).waitFor();
    const choices = card.getByRole('listitem').getByRole('button');
    assert.deepEqual(await choices.allTextContents(), ['1Promise, reporting nothing accepted', '2Refuse (ignore it)']);
    const timeline = app.getByRole('slider', { name: 'Timeline' });
    const before = Number(await timeline.inputValue());

    // Right: the step is taken, and the card says why.
    await choices.nth(0).click();
    const feedback = card.getByRole('status');
    await feedback.getByText('Right!').waitFor();
    assert.match(await feedback.textContent(), /promise rule.*promises only a number greater than any it has promised/);
    assert.match(await feedback.getByRole('list', { name: 'What happened' }).textContent(), /promises 1/);
    assert.equal(Number(await timeline.inputValue()), before + 1);
    assert.equal(await choices.nth(0).isDisabled(), true);
    // The rule chip opens the help at the rule's statement.
    await feedback.getByRole('button', { name: 'promise rule: see it in the help' }).click();
    const help = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByRole('heading', { name: 'The rules of Paxos' }).waitFor();
    await help.getByText(/^Quiz me: a question about the next event/).waitFor();
    assert.match(await page.evaluate(() => document.activeElement.textContent), /^promise rule$/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // Wrong, answered by its number key.
    await card.getByRole('button', { name: 'Next question' }).click();
    await card.getByText(/Prepare\(1\) from P1 arrives/).waitFor();
    await page.keyboard.press('2');
    await feedback.getByText('Not quite. The answer: Promise, reporting nothing accepted.').waitFor();
    await card.getByText('level 1 · 1 of 2 right').waitFor();
    assert.match(await app.locator('.choice.wrong').textContent(), /Refuse/);
    await assertNothingCutOff(page, 'quiz card');
    await screenshot(page, 'quiz-feedback-en');

    // Escape closes it; Q opens it again.
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await page.keyboard.press('q');
    await card.waitFor();
  });
});

test('with nothing in flight the card says so, and stepping asks again', async () => {
  await session.withApp({ query: '?lang=en' }, async (page, app) => {
    await app.getByRole('button', { name: /^Quiz me/ }).click();
    const card = app.getByRole('region', { name: 'Predict the next step' });
    await card.getByText(/^Nothing to ask about the next event/).waitFor();
    await assertNothingCutOff(page, 'empty quiz card');
  });
});

test('a tour step asks its question before it plays (zh), and the answer is P2c\'s', async () => {
  await session.withApp({ query: '?scenario=annual-meeting-2&step=5&lang=zh' }, async (page, app) => {
    // At step 5, the tour bar says that step 6 has a question; asking it leaves the stage at
    // step 5.
    const card = app.getByRole('region', { name: '预测下一步' });
    assert.equal(await card.count(), 0);
    await app.getByRole('button', { name: '提问：下一步的问题 (Q)' }).click();
    await card.getByText(/王五已承诺 1，已接受 ⟨1, 郑州⟩。赵六 的 Prepare\(4\) 到达。王五 会怎么做？/).waitFor();
    await app.getByText('第 5 / 8 步').waitFor();
    await card.getByRole('button', { name: /承诺，并报告 ⟨1, 郑州⟩/ }).click();
    await card.getByRole('status').getByText('答对了！').waitFor();
    await app.getByText('第 5 / 8 步').waitFor();
    await assertNothingCutOff(page, 'tour question');
    await screenshot(page, 'quiz-feedback-zh');

    // The step plays on "next"; then step 7's question, in the author's words, asked by key.
    await card.getByRole('button', { name: /播放这一步/ }).click();
    await app.getByText('第 6 / 8 步').waitFor();
    await card.waitFor({ state: 'detached' });
    await page.keyboard.press('q');
    await card.getByText(/赵六想去海南，可他的 Accept 必须带哪个城市？/).waitFor();
    await card.getByRole('button', { name: /海南/ }).click();
    await card.getByRole('status').getByText('不对。答案是：郑州。').waitFor();
    await card.getByText(/P2c：得到多数派的承诺后/).waitFor();
    await page.keyboard.press('ArrowRight');
    await app.getByText('第 7 / 8 步').waitFor();
    await card.waitFor({ state: 'detached' });
    // Step 8 has no question.
    assert.equal(await app.locator('.question-hint').count(), 0);
  });
});

test('in an embed, the question is a large card that one key reveals', async () => {
  const size = VIEWPORTS.small;
  await session.withApp({ query: '?scenario=one-plus-one&step=11&embed=1&lang=en', embed: size }, async (page, app) => {
    const card = app.getByRole('region', { name: 'Predict the next step' });
    // The lecturer's clicker sends keys to the frame once it has been clicked: Q asks.
    await app.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('q');
    await card.getByText(/User3 has promised 2, accepted nothing\. Accept\(2, 1\+1=2\) from User2 arrives\. Does User3 accept it\?/).waitFor();
    assert.ok(await app.locator('.quiz.big').isVisible());
    await assertNothingCutOff(app, 'embed question');
    await screenshot(page, 'quiz-embed-question-en');
    // R reveals.
    await page.keyboard.press('r');
    await card.getByRole('status').getByText('The answer: Accept it.').waitFor();
    await app.getByText('step 11 / 16').waitFor();
    await assertNothingCutOff(app, 'embed answer');
    await screenshot(page, 'quiz-embed-revealed-en');
    // "Next" plays the step; step 13 has no question, 14 has.
    await page.keyboard.press('ArrowRight');
    await app.getByText('step 12 / 16').waitFor();
    await card.waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowRight');
    await app.getByRole('button', { name: "Ask the next step's question (Q)" }).click();
    await card.getByText(/User3 receives Accepted\(3, 1\+1=3\) from User2\. Does User3 learn the value now\?/).waitFor();
  });
});

/** Delivers the message whose label starts with `label`, from its menu. */
async function deliver(app, label) {
  await app.getByRole('button', { name: new RegExp(`^${esc(label)}`) }).click();
  const menu = app.getByRole('dialog', { name: new RegExp(`^${esc(label)}`) });
  await menu.getByRole('button', { name: 'Deliver now' }).click();
  await menu.waitFor({ state: 'detached' });
}

test('"break it" under no-adoption, done by clicking, is judged by the safety checker and kept', async () => {
  let link;
  await session.withApp({ query: '?exercise=break-no-adoption&lang=en' }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: Break Paxos without P2c/ });
    await bar.getByText('Actions 0 / 21').waitFor();
    const steps = [
      ['P1', 'x', 1, ['A1', 'A2']],
      ['P2', 'y', 2, ['A2', 'A3']],
    ];
    for (const [who, value, ballot, acceptors] of steps) {
      await propose(app, page, who, value);
      for (const a of acceptors) await deliver(app, `Prepare ${ballot} from ${who} to ${a}`);
      for (const a of acceptors) {
        await app.getByRole('button', { name: new RegExp(`^Promise ${ballot}.* from ${a} to ${who}`) }).click();
        await app.getByRole('dialog').getByRole('button', { name: 'Deliver now' }).click();
      }
      for (const a of acceptors) await deliver(app, `Accept ${ballot} '${value}' from ${who} to ${a}`);
    }
    await bar.getByText('Actions 14 / 21').waitFor();
    await bar.getByRole('status').getByText(/^Done! The safety checker confirms/).waitFor();
    await app.locator('.banner.unsafe').waitFor();
    // How it went, each moment a way back to its instant.
    const moments = bar.getByRole('listitem');
    assert.ok((await moments.count()) >= 5, await moments.allTextContents());
    await bar.getByRole('button', { name: /ignores|keeps its own/ }).first().waitFor();
    // A link to this moment names the challenge, so that it reopens as this attempt.
    await page.keyboard.press('l');
    const dialog = app.getByRole('dialog', { name: 'Embed in slides' });
    link = await dialog.getByRole('textbox', { name: /^Link/ }).inputValue();
    assert.match(new URL(link).search, /^\?exercise=break-no-adoption&lang=en&run=1\.0\.\d+\./);
    await page.keyboard.press('Escape');
    // The run replays from the challenge's start and stops where it ended.
    await bar.getByRole('button', { name: 'Replay my run' }).click();
    await bar.getByText('Actions 14 / 21').waitFor();
    await app.getByRole('button', { name: /^Play/ }).waitFor();
    await assertNothingCutOff(page, 'won challenge');
    await screenshot(page, 'challenge-won-en');
    // The list marks it done, after a reload too (the browser keeps it).
    await page.reload();
    await app.getByRole('button', { name: /^Challenges/ }).click();
    const list = app.getByRole('region', { name: 'Challenges' });
    await list.getByRole('button', { name: /Break Paxos without P2c ✓ done/ }).waitFor();
    await list.getByText(/challenges done: 1 of 4/).waitFor();
    await list.getByRole('button', { name: 'Reset progress' }).click();
    await list.getByText(/challenges done: 0 of 4/).waitFor();
  });
  await session.withApp({ query: new URL(link).search }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: Break Paxos without P2c/ });
    await bar.getByText('Actions 14 / 21').waitFor();
    await bar.getByRole('status').getByText(/^Done! The safety checker confirms/).waitFor();
    await app.locator('.banner.unsafe').waitFor();
    assert.equal(await app.locator('.notice').count(), 0, 'nothing in the link was left unused');
  });
});

test('trying to break correct Paxos explains why it cannot be done, with the student\'s run, in both languages', async () => {
  await session.withApp({ query: '?exercise=break-paxos&lang=en' }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: Try to break correct Paxos/ });
    await propose(app, page, 'P1', 'x');
    for (const a of ['A1', 'A2']) await deliver(app, `Prepare 1 from P1 to ${a}`);
    for (const a of ['A1', 'A2']) {
      await app.getByRole('button', { name: new RegExp(`^Promise 1 from ${a} to P1`) }).click();
      await app.getByRole('dialog').getByRole('button', { name: 'Deliver now' }).click();
    }
    for (const a of ['A1', 'A2']) await deliver(app, `Accept 1 'x' from P1 to ${a}`);
    await propose(app, page, 'P2', 'y');
    for (const a of ['A2', 'A3']) await deliver(app, `Prepare 2 from P2 to ${a}`);
    assert.equal(await bar.getByText(/^Why it cannot be done/).count(), 0);
    for (const a of ['A2', 'A3']) {
      await app.getByRole('button', { name: new RegExp(`^Promise 2.* from ${a} to P2`) }).click();
      await app.getByRole('dialog').getByRole('button', { name: 'Deliver now' }).click();
    }
    await bar.getByText(/In your run, ⟨1, x⟩ was chosen by A1 and A2\..*the highest one reported carries x, and by P2c the proposer must propose x again/).waitFor();
    await app.getByText('Safety holds').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    const zh = app.getByRole('region', { name: /^挑战：试着攻破正确的 Paxos/ });
    await zh.getByText(/任意两个多数派都至少有一个共同的接受者/).waitFor();
    await assertNothingCutOff(page, 'correct paxos explained');
    await screenshot(page, 'challenge-correct-explained-zh');
  });
});

test('"make it live": a leader, turned on from the protocol switches, ends the livelock', async () => {
  await session.withApp({ query: '?exercise=make-it-live&lang=en' }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: End the livelock/ });
    await bar.getByText('Actions 0 / 4').waitFor();
    await app.getByRole('button', { name: /^Protocol/ }).click();
    await app.getByRole('combobox', { name: 'How livelock is avoided' }).selectOption({ label: 'Only the leader, P1, retries' });
    await bar.getByText('Actions 1 / 4').waitFor();
    await page.keyboard.press('Escape');
    await app.getByRole('button', { name: /^Play/ }).click();
    await bar.getByRole('status').getByText('Done! A value was chosen: the livelock is over.').waitFor({ timeout: 30000 });
    // Time passing cost nothing.
    await bar.getByText('Actions 1 / 4').waitFor();
  });
});

test('"make it live" in an embed: the bar itself offers the liveness rule, and the challenge can be won', async () => {
  await session.withApp({ embed: VIEWPORTS.small, query: '?exercise=make-it-live&embed=1&lang=en' }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: End the livelock/ });
    await bar.getByText('Actions 0 / 4').waitFor();
    await bar.getByText(/choose the right liveness rule below/).waitFor();
    await assertNothingCutOff(page, 'make-it-live embedded');
    await screenshot(page, 'challenge-live-embed');
    await bar.getByRole('combobox', { name: 'How livelock is avoided' }).selectOption({ label: 'Only the leader, P1, retries' });
    await bar.getByText('Actions 1 / 4').waitFor();
    await app.getByRole('button', { name: /^Play/ }).click();
    await bar.getByRole('status').getByText('Done! A value was chosen: the livelock is over.').waitFor({ timeout: 30000 });
    await bar.getByText('Actions 1 / 4').waitFor();
  });
  // The full page keeps the one switch, in the protocol switches.
  await session.withApp({ query: '?exercise=make-it-live&lang=en' }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: End the livelock/ });
    await bar.getByText(/\(Protocol switches\)/).waitFor();
    assert.equal(await bar.getByRole('combobox').count(), 0);
  });
});

test('the address follows a challenge begun and stopped, so that a reload opens what is shown', async () => {
  await session.withApp({ query: '?exercise=make-it-live&lang=en' }, async (page, app) => {
    const bar = app.getByRole('region', { name: /^Challenge: End the livelock/ });
    await bar.waitFor();
    await bar.getByRole('button', { name: 'Stop the challenge' }).click();
    await bar.waitFor({ state: 'detached' });
    await page.waitForURL((url) => url.search === '?lang=en&scenario=livelock');
    // Nothing of the first load still on its way, which a reload would abort.
    await page.waitForLoadState('networkidle');
    await page.reload();
    await app.getByRole('combobox', { name: /^Scenario/ }).waitFor();
    assert.equal(await app.getByRole('region', { name: /^Challenge:/ }).count(), 0, 'no challenge after the reload');
    // Begun from the list, on another scenario: the address opens the challenge.
    await app.getByRole('button', { name: /^Challenges/ }).click();
    await app.getByRole('region', { name: 'Challenges' }).getByRole('button', { name: /^Break Paxos without P2c/ }).click();
    await app.getByRole('region', { name: /^Challenge: Break Paxos without P2c/ }).waitFor();
    await page.waitForURL((url) => url.search === '?lang=en&exercise=break-no-adoption');
  });
});
