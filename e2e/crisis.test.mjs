// The crisis button in the browser: Ravi (the demo member, who reads Hindi)
// on a 360×740 touch phone taps the button on his home page and sees the
// helplines at once, with tap-to-call links; the alert reaches his centre.
// Pressed again with the network gone, the phone still shows the helplines
// it kept (the centre's own number too). Without JavaScript the button
// posts and the answer page lists the helplines. The counsellor's home page
// lists the open alert at the top, and the alert page shows who was told.
// axe-core checks each page; no request leaves Saathi; nothing is wider
// than the phone.
//
//   cargo build -p saathi && cd e2e && node --test crisis.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiLogin, base, checkA11y, lang, newPage, noSideScroll, signIn, useSaathi } from './harness.mjs';

useSaathi();

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const CENTRE_PHONE = '+912024567890';

describe('The crisis button', { timeout: 90_000 }, () => {
  test('Ravi taps it on his phone and sees the helplines at once, even offline afterwards', async () => {
    const { token, user } = await apiLogin('member');
    const { context, page, foreign } = await newPage({ ...PHONE, locale: 'hi-IN' });
    try {
      await signIn(page, 'member');
      assert.equal(await lang(page), 'hi');
      const button = page.locator('.crisis-strip .crisis-button');
      assert.equal(await button.innerText(), 'मुझे अभी मदद चाहिए');
      const box = await button.boundingBox();
      assert.ok(box.height >= 48 && box.width >= 300, `the button is ${box.width}×${box.height}px`);
      await noSideScroll(page, 360, 'home with the crisis button');
      await checkA11y(page, 'member home with the crisis button (hi)');

      const answered = page.waitForResponse((r) => r.url() === `${base}/api/v1/crisis` && r.request().method() === 'POST');
      await button.tap();
      // The helplines show before any answer: the national numbers are on the page already.
      const panel = page.locator('#crisis-now');
      await panel.waitFor({ state: 'visible' });
      for (const phone of ['14416', '14446', '112']) {
        assert.equal(await panel.locator(`a[href="tel:${phone}"]`).count(), 1, `tap-to-call ${phone}`);
      }
      const r = await answered;
      assert.equal(r.status(), 201);
      const { alert_id } = await r.json();
      await page.waitForFunction(() => document.querySelector('#crisis-now a[href="tel:+912024567890"]'));
      assert.match(await panel.locator('.crisis-status').innerText(), /बता दिया गया है/);
      await noSideScroll(page, 360, 'the helplines panel');
      await checkA11y(page, 'the helplines panel (hi)');

      // Stored: his own alert, open, and the centre was told.
      const mine = await (await api(token, 'GET', `/api/v1/crisis/alerts/${alert_id}`)).json();
      assert.equal(mine.member_id, user.id);
      assert.equal(mine.status, 'open');
      assert.ok(mine.steps.some((s) => s.kind === 'notified'), 'someone was told');

      // The network is gone: the kept helplines still show, with a word to call.
      await page.reload();
      await context.setOffline(true);
      await page.locator('.crisis-strip .crisis-button').tap();
      await page.locator('#crisis-now').waitFor({ state: 'visible' });
      assert.equal(await page.locator(`#crisis-now a[href="tel:${CENTRE_PHONE}"]`).count(), 1, "the centre's number was kept");
      await page.waitForFunction(() => /केंद्र तक नहीं पहुँच सका/.test(document.querySelector('#crisis-now .crisis-status').textContent));
      await context.setOffline(false);
      assert.deepEqual(foreign, [], 'no request left Saathi');
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the button posts and the answer lists the helplines', async () => {
    const { context, page } = await newPage({ ...PHONE, javaScriptEnabled: false });
    try {
      await signIn(page, 'member');
      await Promise.all([page.waitForURL(`${base}/crisis`), page.locator('.crisis-strip .crisis-button').tap()]);
      for (const phone of ['14416', '14446', '112', CENTRE_PHONE]) {
        assert.equal(await page.locator(`[data-helplines] a[href="tel:${phone}"]`).count(), 1, `tap-to-call ${phone}`);
      }
      // His alert is open already: this press joined it.
      assert.match(await page.locator('main .alert-ok').innerText(), /already knows|पहले से पता|have been told|बता दिया गया है/);
      await noSideScroll(page, 360, 'the crisis page');
    } finally {
      await context.close();
    }
    // axe needs JavaScript: the same page, checked in a browser that has it.
    const js = await newPage(PHONE);
    try {
      await signIn(js.page, 'member');
      await js.page.goto(`${base}/crisis`);
      await checkA11y(js.page, 'the crisis page');
    } finally {
      await js.context.close();
    }
  });

  test("the counsellor's home lists the open alert, and the alert page shows who was told", async () => {
    const { context, page, foreign } = await newPage();
    try {
      await signIn(page, 'counselor');
      const panel = page.locator('#crisis-panel');
      await panel.waitFor();
      const link = panel.locator('a[href^="/crisis/alerts/"]').first();
      assert.ok((await link.count()) >= 1, 'an open alert at the top of the home page');
      await checkA11y(page, 'counsellor home with an open crisis alert');
      await Promise.all([page.waitForURL(/\/crisis\/alerts\/[0-9a-f]+$/), link.click()]);
      const steps = await page.locator('.crisis-steps li').allInnerTexts();
      assert.ok(steps.some((s) => /pressed the crisis button|संकट बटन दबाया/.test(s)), steps.join('\n'));
      assert.ok(steps.some((s) => /Tier 1 told|स्तर 1 को बताया गया/.test(s)), steps.join('\n'));
      await checkA11y(page, 'the alert page');
      await Promise.all([page.waitForURL(/done=acknowledged/), page.locator('form[action$="/acknowledge"] button').click()]);
      assert.ok((await page.locator('.crisis-steps li').allInnerTexts()).some((s) => /Acknowledged by|ने स्वीकार किया/.test(s)));
      // Resolve needs a note: the browser asks for it; with one it is resolved.
      await page.locator('#resolve-note').fill('Called him; safe with his family tonight.');
      await Promise.all([page.waitForURL(/done=resolved/), page.locator('form[action$="/resolve"] button').click()]);
      await checkA11y(page, 'the resolved alert page');
      // The roster page.
      await page.goto(`${base}/crisis/alerts`);
      assert.ok((await page.locator('#on-call tbody tr').count()) > 0, 'the demo on-call roster');
      await checkA11y(page, 'the alerts and on-call roster page');
      assert.deepEqual(foreign, []);
    } finally {
      await context.close();
    }
  });
});
