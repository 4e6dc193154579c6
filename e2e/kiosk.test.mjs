// The centre's shared tablet (kiosk) in the browser, on a 768 px tablet:
// the counsellor signs in on the tablet and turns it into the centre's
// kiosk (and is signed out by it); Ravi, who has no phone, signs in with his
// member code and PIN (the demo's, printed by `serve --demo`), sees the
// crisis button and the check-in button, is warned before the idle time
// runs out, may tap to stay, and is then back at the kiosk's sign-in page by
// himself. axe-core checks each page; no request leaves Saathi; nothing is
// wider than the tablet. The server runs with a 4-second kiosk idle time.
//
//   cargo build -p saathi && cd e2e && node --test kiosk.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, checkA11y, lang, newPage, noSideScroll, signIn, useSaathi } from './harness.mjs';

const IDLE_SECS = 4;
useSaathi({ env: { SAATHI_KIOSK_IDLE_SECS: String(IDLE_SECS) } });

const TABLET = { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true };
const RAVI = { code: '482913', pin: '2580' };

async function bigEnough(locator, label) {
  const box = await locator.boundingBox();
  assert.ok(box, `${label} is shown`);
  assert.ok(box.height >= 48 && box.width >= 48, `${label} is ${box.width}×${box.height}px`);
}

describe('The shared tablet (kiosk)', { timeout: 120_000 }, () => {
  test('staff enrol the tablet; a member signs in with code and PIN and is signed out when idle', async () => {
    const { context, page, foreign } = await newPage(TABLET);
    try {
      // Not set up yet: the tablet says what staff must do.
      await page.goto(`${base}/kiosk`);
      assert.equal(await page.locator('input[name="pin"]').count(), 0, 'no sign-in form on a tablet not set up');
      await checkA11y(page, 'kiosk not set up');

      // The counsellor sets it up, and is signed out by it.
      await signIn(page, 'counselor');
      await page.goto(`${base}/kiosk/setup`);
      await checkA11y(page, 'kiosk setup');
      await noSideScroll(page, 768, 'kiosk setup');
      await page.locator('#f-name').fill('Common room tablet');
      await Promise.all([
        page.waitForURL(`${base}/kiosk?done=enrolled`),
        page.locator('form[action="/kiosk/setup"] button[type=submit]').tap(),
      ]);
      const cookies = await context.cookies();
      const device = cookies.find((c) => c.name === 'saathi_kiosk');
      assert.ok(device && device.httpOnly, 'the device cookie is set, HttpOnly');
      assert.ok(!cookies.some((c) => c.name === 'saathi_session'), 'the counsellor is signed out');
      assert.equal(await page.locator('#f-code').getAttribute('inputmode'), 'numeric');
      assert.equal(await page.locator('#f-pin').getAttribute('inputmode'), 'numeric');
      await checkA11y(page, 'kiosk sign-in');
      await noSideScroll(page, 768, 'kiosk sign-in');

      // A wrong PIN: one message that does not say which was wrong.
      await page.locator('#f-code').fill(RAVI.code);
      await page.locator('#f-pin').fill('9999');
      await Promise.all([page.waitForURL(`${base}/kiosk`), page.locator('.kiosk-form button[type=submit]').tap()]);
      assert.match(await page.locator('#kiosk-error').innerText(), /member code or PIN is not right/);
      await checkA11y(page, 'kiosk sign-in with an error');

      // Ravi signs in.
      await page.locator('#f-code').fill(RAVI.code);
      await page.locator('#f-pin').fill(RAVI.pin);
      await Promise.all([page.waitForURL(`${base}/kiosk/home`), page.locator('.kiosk-form button[type=submit]').tap()]);
      assert.equal(await lang(page), 'hi', "in Ravi's own language");
      const crisis = page.locator('.crisis-strip .crisis-button');
      const checkin = page.locator('#kiosk-checkin');
      await bigEnough(crisis, 'the crisis button');
      await bigEnough(checkin, 'the check-in button');
      assert.equal(await checkin.getAttribute('href'), '/checkin');
      await noSideScroll(page, 768, 'kiosk home');
      await page.setViewportSize({ width: 360, height: 740 });
      await noSideScroll(page, 360, 'kiosk home on a small tablet');
      await page.setViewportSize(TABLET.viewport);
      await checkA11y(page, 'kiosk home (hi)');

      // Near the end: a warning, announced; tapping "stay" keeps him signed in.
      const warning = page.locator('#kiosk-idle');
      await warning.waitFor({ state: 'visible', timeout: IDLE_SECS * 1000 + 2000 });
      assert.match(await page.locator('#kiosk-announce').innerText(), /सेकंड/);
      await bigEnough(page.locator('#kiosk-stay'), 'the stay button');
      await checkA11y(page, 'kiosk home with the idle warning (hi)');
      const stayed = page.waitForResponse((r) => r.url() === `${base}/kiosk/stay`);
      await page.locator('#kiosk-stay').tap();
      assert.equal((await stayed).status(), 204);
      await warning.waitFor({ state: 'hidden' });
      assert.equal(page.url(), `${base}/kiosk/home`);

      // Then, untouched, the tablet goes back to the sign-in page by itself.
      await page.waitForURL(`${base}/kiosk?done=signed-out`, { timeout: IDLE_SECS * 1000 + 5000 });
      assert.equal(await page.locator('input[name="pin"]').count(), 1, 'the sign-in form for the next resident');
      assert.ok(!(await context.cookies()).some((c) => c.name === 'saathi_session'), 'no session is left');
      await checkA11y(page, 'kiosk sign-in after the idle sign-out');
      await page.setViewportSize({ width: 360, height: 740 });
      await noSideScroll(page, 360, 'kiosk sign-in on a small tablet');
      // The browser's Back button shows nothing of Ravi's.
      await page.goBack();
      await page.waitForLoadState('load');
      assert.ok(!page.url().endsWith('/kiosk/home'), `back went to ${page.url()}`);
      assert.equal(await page.locator('.crisis-strip').count(), 0, "none of Ravi's pages");
      assert.deepEqual(foreign, [], 'no request left Saathi');
    } finally {
      await context.close();
    }
  });
});
