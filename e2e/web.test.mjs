// Browser tests of Saathi's web pages, run with node's own test runner:
//
//   cargo build -p saathi && cd e2e && npm ci && node --test
//
// They start the real binary on a fresh demo database, drive Debian's
// Chromium with playwright-core, and check every page they visit with
// axe-core (no serious or critical violations), that no page asks anything
// of another origin, and that the pages fit a 360 px wide phone. The set-up
// they share is in harness.mjs.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, checkA11y, lang, newPage, signIn, switchTo, useSaathi } from './harness.mjs';

useSaathi();

describe('Saathi in the browser', () => {
  test('a counsellor signs in, switches to Hindi and opens a member: accessible, same-origin only', async () => {
    const { context, page, foreign } = await newPage();
    try {
      // The sign-in page follows the browser's language (English here).
      await page.goto(`${base}/login`);
      assert.equal(await lang(page), 'en');
      assert.equal(await page.locator('h1').innerText(), 'Sign in');
      // The first Tab reaches the skip link.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
      await checkA11y(page, 'login (en)');

      // A wrong password: the form comes back with a message, announced.
      await page.locator('#f-login').fill('counselor');
      await page.locator('#f-password').fill('not-the-password');
      await page.locator('form[action="/login"] button[type=submit]').click();
      await page.waitForSelector('#login-error');
      assert.match(await page.locator('#login-error').innerText(), /not right/);
      await checkA11y(page, 'login with an error (en)');

      await signIn(page, 'counselor');
      if ((await lang(page)) !== 'en') await switchTo(page, 'en');
      assert.equal(await lang(page), 'en');
      assert.match(await page.locator('h1').innerText(), /^Namaste, /);
      const cards = page.locator('.member-card');
      assert.ok((await cards.count()) > 0, 'the demo counsellor has members');
      await checkA11y(page, 'counsellor home (en)');

      await page.goto(`${base}/members`);
      assert.ok((await page.locator('table tbody tr').count()) > 0, 'the member list has rows');
      await checkA11y(page, 'members list (en)');

      // Switch to Hindi: the page comes back in Devanagari and stays so.
      await switchTo(page, 'hi');
      assert.equal(await page.locator('h1').innerText(), 'सदस्य');
      await checkA11y(page, 'members list (hi)');
      await page.goto(`${base}/home`);
      assert.equal(await lang(page), 'hi', 'the choice is remembered');
      assert.match(await page.locator('h1').innerText(), /^नमस्ते, /);
      await checkA11y(page, 'counsellor home (hi)');

      // Search by name, then open a member.
      await page.goto(`${base}/members`);
      const firstName = (await page.locator('table tbody th a').first().innerText()).trim();
      await page.locator('#f-q').fill(firstName);
      await Promise.all([page.waitForURL(/\/members\?/), page.locator('form[role=search] button').click()]);
      await checkA11y(page, 'member search results (hi)');
      const link = page.locator('table tbody th a', { hasText: firstName }).first();
      await Promise.all([page.waitForURL(/\/members\/[^/?]+$/), link.click()]);
      assert.equal(await page.locator('h1').innerText(), firstName);
      assert.ok((await page.locator('.history li').count()) > 0, 'the member page shows the stage history');
      await checkA11y(page, 'member page (hi)');

      // The edit form opens without JavaScript (details/summary) and is accessible too.
      await page.locator('section[aria-labelledby="edit-title"] details > summary').click();
      await checkA11y(page, 'member page with the edit form open (hi)');

      await switchTo(page, 'en');
      await checkA11y(page, 'member page (en)');

      // A record that does not exist: a page in the person's language, not JSON.
      const missing = await page.goto(`${base}/members/no-such-member`);
      assert.equal(missing.status(), 404);
      assert.equal(await page.locator('h1').innerText(), 'Page not found');
      await checkA11y(page, 'not found (en)');
      await page.goBack();

      // Signing out keeps the visitor's language choice for the sign-in page.
      await switchTo(page, 'hi');
      await Promise.all([page.waitForURL(`${base}/login`), page.locator('form[action="/logout"] button').click()]);
      assert.equal(await lang(page), 'hi');
      assert.equal(await page.locator('h1').innerText(), 'साइन इन करें');
      await checkA11y(page, 'login (hi)');

      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });

  test('a member sees their days sober and the helplines, on a phone', async () => {
    const { context, page, foreign } = await newPage({ locale: 'hi-IN', viewport: { width: 360, height: 740 } });
    try {
      await page.goto(`${base}/login`);
      assert.equal(await lang(page), 'hi', 'a first visit follows the browser (hi-IN)');
      await checkA11y(page, 'login (hi, first visit)');
      await signIn(page, 'member');
      assert.match(await page.locator('.big-number').innerText(), /\d+/);
      assert.ok((await page.locator('a[href="tel:14416"]').count()) > 0, 'Tele-MANAS is one tap away');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the member's home is ${width}px wide at a 360px viewport`);
      await checkA11y(page, `member home (${await lang(page)})`);
      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });

  test('at 360×740 the home and member pages have no horizontal scroll', async () => {
    const { context, page, foreign } = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const noSideScroll = async (label) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${label} is ${width}px wide at a 360px viewport (${page.url()})`);
    };
    try {
      await page.goto(`${base}/login`);
      await noSideScroll('login');
      await checkA11y(page, 'login at 360px');
      await signIn(page, 'counselor');
      await checkA11y(page, 'home at 360px, just signed in');
      for (const code of ['en', 'hi']) {
        if ((await lang(page)) !== code) await switchTo(page, code);
        await page.goto(`${base}/home`);
        await noSideScroll(`home (${code})`);
        await checkA11y(page, `home at 360px (${code})`);
        const href = await page.locator('.member-card a').first().getAttribute('href');
        await page.goto(`${base}${href}`);
        await noSideScroll(`member page (${code})`);
        await page.locator('section[aria-labelledby="edit-title"] details > summary').click();
        await noSideScroll(`member page with the edit form open (${code})`);
        await checkA11y(page, `member page at 360px (${code})`);
        await page.goto(`${base}/members`);
        await noSideScroll(`members list (${code})`);
        await checkA11y(page, `members list at 360px (${code})`);
      }
      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });
});
