// The daily check-in in the browser, as a newcomer does it: Ravi (the demo
// member, who reads Hindi) on a 360×740 touch phone opens his home page,
// taps "check in", picks his mood, craving, "sober today" and a trigger,
// saves, and sees in Hindi his days sober and the next milestone; then his
// history. axe-core checks the form, the confirmation and the history; no
// request may leave Saathi; nothing is wider than the phone. The form also
// works with JavaScript switched off.
//
//   cargo build -p saathi && cd e2e && node --test checkin.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiLogin, base, checkA11y, lang, newPage, noSideScroll, signIn, useSaathi } from './harness.mjs';

useSaathi();

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** Taps and waits for the page the tap leads to. */
async function tapTo(page, locator, url) {
  await Promise.all([page.waitForURL(url), locator.tap()]);
}

/** Sets a checkbox by tapping its big label, whatever it was before. */
async function setBox(page, id, on) {
  if ((await page.locator(`#${id}`).isChecked()) !== on) await page.locator(`label[for="${id}"]`).tap();
  assert.equal(await page.locator(`#${id}`).isChecked(), on, `${id} is ${on ? 'on' : 'off'}`);
}

describe('The daily check-in on a phone, in Hindi', () => {
  test('Ravi checks in from home in a few taps and sees his days sober and next milestone', async () => {
    const { token, user } = await apiLogin('member');
    const { context, page, foreign } = await newPage({ ...PHONE, locale: 'hi-IN' });
    try {
      await signIn(page, 'member');
      assert.equal(await lang(page), 'hi', "Ravi's pages are in Hindi");
      const started = Date.now();

      // Home: the big button.
      const cta = page.locator('a.checkin-cta-button');
      assert.match(await cta.innerText(), /आज का चेक-इन (करें|बदलें)/);
      const box = await cta.boundingBox();
      assert.ok(box.height >= 48, `the button is ${box.height}px high`);
      await noSideScroll(page, 360, 'home');
      await checkA11y(page, 'home (hi)');
      await tapTo(page, cta, `${base}/checkin`);

      // The form: questions as fieldsets, every choice a big target.
      assert.equal(await lang(page), 'hi');
      assert.equal(await page.locator('h1').innerText().then((t) => /चेक-इन/.test(t)), true);
      assert.equal(await page.locator('fieldset#f-mood legend').innerText(), 'आज आपका मन कैसा है?');
      assert.equal(await page.locator('input[name=mood][type=radio]').count(), 5);
      assert.equal(await page.locator('input[name=craving][type=radio]').count(), 11);
      const sizes = await page.locator('.checkin-form .opt').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { w: Math.round(r.width), h: Math.round(r.height), text: e.innerText.trim() };
        }),
      );
      const small = sizes.filter((s) => s.h < 48 || s.w < 44);
      assert.deepEqual(small, [], 'every choice is at least 48 px high');
      await noSideScroll(page, 360, 'the check-in form');
      await checkA11y(page, 'the check-in form (hi)');

      await page.locator('label[for="f-mood-4"]').tap();
      await page.locator('label[for="f-craving-2"]').tap();
      await page.locator('label[for="f-sober-yes"]').tap();
      await setBox(page, 'f-triggers-poor_sleep', true);
      await setBox(page, 'f-share_with_mentor', false);
      await setBox(page, 'f-share_with_group', false);
      assert.ok(await page.locator('#f-mood-4').isChecked());
      assert.ok(await page.locator('#f-craving-2').isChecked());
      assert.ok(await page.locator('#f-sober-yes').isChecked());
      await tapTo(page, page.locator('button.checkin-save'), /\/checkin\/done\?done=(saved|updated)$/);
      const seconds = (Date.now() - started) / 1000;
      assert.ok(seconds < 30, `from home to saved in ${seconds}s`);

      // The confirmation, in Hindi, with what the sobriety service says.
      const s = await (await api(token, 'GET', `/api/v1/members/${user.id}/sobriety`)).json();
      const main = await page.locator('main').innerText();
      assert.match(main, /धन्यवाद, Ravi।/);
      assert.ok(main.includes(`${s.days} दिन नशा-मुक्त`), `days sober (${s.days}) in: ${main}`);
      assert.ok(main.includes(`अगला पड़ाव: ${s.next_milestone.days} दिन`), `next milestone in: ${main}`);
      assert.equal(await page.locator('[role=status]').count(), 1, 'the thanks is announced');
      await noSideScroll(page, 360, 'the confirmation');
      await checkA11y(page, 'the confirmation (hi)');

      // What was stored.
      const list = await (await api(token, 'GET', `/api/v1/members/${user.id}/checkins?days=1`)).json();
      const today = list[0];
      assert.equal(today.mood, 4);
      assert.equal(today.craving, 2);
      assert.equal(today.sober, true);
      assert.ok(today.triggers.includes('poor_sleep'), JSON.stringify(today));
      assert.equal(today.share_with_mentor, false);
      assert.equal(today.share_with_group, false);

      // The history: a row a day, today's on top.
      await tapTo(page, page.locator('main a[href="/checkins"]'), `${base}/checkins`);
      assert.equal(await page.locator('ol.days > li').count(), 30);
      const row = await page.locator(`#d-${today.date}`).innerText();
      assert.match(row, /आज/);
      assert.match(row, /अच्छा \(5 में से 4\)/);
      assert.match(row, /ठीक से नींद नहीं/);
      assert.match(row, /सिर्फ़ काउंसलर/);
      await noSideScroll(page, 360, 'the history');
      await checkA11y(page, 'the history (hi)');

      // Back on the check-in page, today's answers are there to change.
      await page.goto(`${base}/checkin`);
      assert.ok(await page.locator('#f-mood-4').isChecked());
      assert.match(await page.locator('h1').innerText(), /बदलें/);

      assert.deepEqual(foreign, [], 'no request leaves Saathi');
    } finally {
      await context.close();
    }
  });

  test('the check-in works without JavaScript, and "not sober" brings support, not blame', async () => {
    // Without JavaScript: the form is plain HTML, and it saves.
    const noJs = await newPage({ ...PHONE, locale: 'hi-IN', javaScriptEnabled: false });
    try {
      await signIn(noJs.page, 'member');
      await noJs.page.goto(`${base}/checkin`);
      await noJs.page.locator('label[for="f-mood-2"]').tap();
      await noJs.page.locator('label[for="f-craving-7"]').tap();
      await noJs.page.locator('label[for="f-sober-no"]').tap();
      await tapTo(noJs.page, noJs.page.locator('button.checkin-save'), /\/checkin\/done\?done=(saved|updated)$/);
      const support = noJs.page.locator('section.support');
      assert.match(await support.locator('h2').innerText(), /सच बताने के लिए धन्यवाद/);
      assert.deepEqual(noJs.foreign, [], 'no request leaves Saathi');
    } finally {
      await noJs.context.close();
    }

    // With JavaScript (axe-core needs it): the supportive confirmation and
    // the lapse confirmation page are accessible too.
    const { context, page, foreign } = await newPage({ ...PHONE, locale: 'hi-IN' });
    try {
      await signIn(page, 'member');
      await page.goto(`${base}/checkin/done`);
      const support = page.locator('section.support');
      assert.equal(await support.count(), 1, 'not sober today: words of support');
      const text = await support.innerText();
      assert.ok(!/दोष दे|असफल|शर्म/.test(text.replace('कोई आपको दोष नहीं देगा', '')), `no blame in: ${text}`);
      await noSideScroll(page, 360, 'the supportive confirmation');
      await checkA11y(page, 'the supportive confirmation (hi)');
      const lapse = support.locator('a[href="/checkin/lapse"]');
      if ((await lapse.count()) > 0) {
        // Recording a lapse is offered, and goes through a confirmation page.
        await tapTo(page, lapse, `${base}/checkin/lapse`);
        assert.match(await page.locator('h1').innerText(), /फिसलन दर्ज करें/);
        await noSideScroll(page, 360, 'the lapse confirmation');
        await checkA11y(page, 'the lapse confirmation (hi)');
        await tapTo(page, page.locator('a.button.secondary[href="/checkin/done"]'), `${base}/checkin/done`);
      }
      // Ravi's day back as the first test left it.
      await page.goto(`${base}/checkin`);
      await page.locator('label[for="f-mood-4"]').tap();
      await page.locator('label[for="f-craving-2"]').tap();
      await page.locator('label[for="f-sober-yes"]').tap();
      await tapTo(page, page.locator('button.checkin-save'), /\/checkin\/done\?done=updated$/);
      assert.equal(await page.locator('section.support').count(), 0);
      assert.deepEqual(foreign, [], 'no request leaves Saathi');
    } finally {
      await context.close();
    }
  });
});
