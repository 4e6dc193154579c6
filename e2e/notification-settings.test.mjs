// The notification settings on 360 px phones: a member gives (and fixes)
// their e-mail address on /notifications with the keyboard, in Hindi; the
// admin finds /admin/webhook from home, sets the gateway's URL and secret
// (never shown back), and removes it after the confirmation page. axe-core
// checks every page, nothing is wider than the phone, nothing leaves Saathi.
//
//   cargo build -p saathi && cd e2e && node --test notification-settings.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, checkA11y, lang, newPage, noSideScroll, signIn, useSaathi } from './harness.mjs';

useSaathi();

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe('Notification settings', () => {
  test('a member sets their e-mail address, a mistake explained in Hindi', { timeout: 60_000 }, async () => {
    const { context, page, foreign } = await newPage({ ...PHONE, locale: 'hi-IN' });
    try {
      await signIn(page, 'member');
      await page.goto(`${base}/notifications`);
      assert.equal(await lang(page), 'hi');
      const box = page.getByLabel('आपका ई-मेल पता');
      assert.equal(await box.getAttribute('type'), 'email');
      await checkA11y(page, '/notifications with the e-mail form (hi)');
      await noSideScroll(page, 360, '/notifications');

      await box.fill('ravi at gmail');
      await Promise.all([page.waitForLoadState('load'), box.press('Enter')]);
      await page.locator('.error-summary').waitFor();
      assert.match(await page.locator('.error-summary').innerText(), /ई-मेल पता नहीं लगता/);
      assert.equal(await page.locator('#f-email').getAttribute('aria-invalid'), 'true');
      await checkA11y(page, '/notifications with a mistake (hi)');

      await page.locator('#f-email').fill('ravi@example.org');
      await Promise.all([page.waitForURL(/done=email/), page.locator('#f-email').press('Enter')]);
      assert.equal(await page.locator('#f-email').inputValue(), 'ravi@example.org');
      assert.match(await page.locator('.alert-ok').innerText(), /सहेज लिया/);
      assert.deepEqual(foreign, []);
    } finally {
      await context.close();
    }
  });

  test('the admin sets the webhook and removes it after confirming', { timeout: 60_000 }, async () => {
    const { context, page, foreign } = await newPage({ ...PHONE, locale: 'en-IN' });
    const secret = 'a-long-shared-webhook-secret';
    try {
      await signIn(page, 'admin');
      await Promise.all([page.waitForURL(`${base}/admin/webhook`), page.locator('a[href="/admin/webhook"]').click()]);
      await checkA11y(page, '/admin/webhook, none set');
      await noSideScroll(page, 360, '/admin/webhook');
      await page.getByLabel('Gateway address (URL)').fill('http://192.168.1.20:8080/sms');
      await page.getByLabel('Secret').fill(secret);
      await Promise.all([page.waitForURL(/done=saved/), page.getByLabel('Secret').press('Enter')]);
      const html = await page.content();
      assert.ok(html.includes('http://192.168.1.20:8080/sms'));
      assert.ok(!html.includes(secret), 'the secret is never shown back');
      assert.match(await page.locator('dl.record').innerText(), /Set on/);
      assert.equal(await page.getByLabel('Secret').inputValue(), '');
      await checkA11y(page, '/admin/webhook, set');

      await Promise.all([page.waitForURL(`${base}/admin/webhook/remove`), page.locator('a[href="/admin/webhook/remove"]').click()]);
      await checkA11y(page, 'removing the webhook');
      await noSideScroll(page, 360, 'removing the webhook');
      await Promise.all([page.waitForURL(/done=removed/), page.locator('form[action="/admin/webhook/remove"] button').click()]);
      assert.match(await page.locator('.alert-ok').innerText(), /removed/);
      assert.equal(await page.locator('a[href="/admin/webhook/remove"]').count(), 0);
      assert.deepEqual(foreign, []);
    } finally {
      await context.close();
    }
  });
});
