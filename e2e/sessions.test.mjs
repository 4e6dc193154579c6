// Groups and sessions in the browser: the demo counsellor builds a group
// through the pages, opens a session on a 768×1024 tablet, records
// attendance and runs the sharing circle (the timer, a pass, the next
// speaker), and the talk-time bars and the participation balance follow.
// Every page is checked with axe-core, and no request may leave Saathi.
//
// The test makes its own group and session, so it does not depend on what
// the demo centre holds; the demo's own groups, when present, get the same
// accessibility check.
//
//   cargo build -p saathi && cd e2e && npm ci && node --test

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, apiLogin, base, checkA11y, lang, newPage, noSideScroll, signIn, switchTo, useSaathi,
} from './harness.mjs';

useSaathi();

const TABLET = { width: 768, height: 1024 };
const PHONE = { width: 360, height: 740 };

/** Date and `HH:MM` a few minutes ago in the demo centre's zone (Asia/Kolkata). */
function kolkataMinutesAgo(minutes) {
  const t = new Date(Date.now() - minutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(t).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Clicks and waits for the page that the click leads to. */
async function clickTo(page, locator, url) {
  await Promise.all([page.waitForURL(url), locator.click()]);
}

/** The balance shown, as a number. */
async function balance(page) {
  return Number(await page.locator('.balance-number').innerText());
}

/** Seconds of talk per member as the screen-reader text says them. */
async function talkSeconds(page) {
  const texts = await page.locator('.talk .talk-time .visually-hidden').allInnerTexts();
  return texts.map((t) => Number(t.match(/\d+/)?.[0] ?? NaN));
}

describe('Groups and sessions in the browser', () => {
  let groupUrl;
  let sessionUrl;
  let code;
  const members = [];

  test('a counsellor runs a session on a tablet: attendance, the sharing circle, talk time and balance', async () => {
    // Three demo members; their agreement is accepted through the API once enrolled.
    for (const login of ['member', 'suresh.patel', 'imran.khan']) {
      const { token, user } = await apiLogin(login);
      members.push({ login, token, id: user.id, name: user.display_name });
    }

    const { context, page, foreign } = await newPage({ viewport: TABLET, hasTouch: true });
    try {
      await signIn(page, 'counselor');
      if ((await lang(page)) !== 'en') await switchTo(page, 'en');

      await page.goto(`${base}/groups`);
      assert.equal(await page.locator('h1').innerText(), 'Groups');
      await checkA11y(page, 'groups list (en)');
      // The demo's own groups, if it has them, are as accessible as ours.
      const demoGroup = page.locator('table tbody th a').first();
      if ((await demoGroup.count()) > 0) {
        await clickTo(page, demoGroup, /\/groups\/[^/?]+$/);
        await checkA11y(page, 'a demo group (en)');
        const demoSession = page.locator('.session-list a').first();
        if ((await demoSession.count()) > 0) {
          await clickTo(page, demoSession, /\/sessions\/[^/?]+$/);
          await checkA11y(page, 'a demo session (en)');
        }
      }

      // A group through the form: a weekly schedule made of ticked days.
      await page.goto(`${base}/groups/new`);
      await checkA11y(page, 'new group form (en)');
      const name = `E2E evening circle ${Date.now()}`;
      await page.locator('#f-name').fill(name);
      await page.locator('#f-kind').selectOption('support');
      await page.locator('#f-modality').selectOption('in_person');
      await page.locator('#f-capacity').fill('8');
      await page.locator('#f-weekdays-MO').check();
      await page.locator('#f-weekdays-TH').check();
      await page.locator('#f-start_time').fill('18:00');
      await page.locator('#f-duration').fill('90');
      await clickTo(page, page.locator('form.stack button[type=submit]'), /\/groups\/[^/?]+\?done=created$/);
      groupUrl = page.url().split('?')[0];
      assert.match(await page.locator('[role=status]').innerText(), /The group is created/);
      assert.match(await page.locator('.record').innerText(), /Every Monday, Thursday at 18:00, 90 minutes/);
      await checkA11y(page, 'the new group (en)');

      // Enrol the three through the search on the group page.
      for (const m of members) {
        await page.locator('#f-q').fill(m.name);
        await clickTo(page, page.locator('form[role=search] button'), /\?q=/);
        await page.locator(`#enrol-${m.id}`).check();
        await clickTo(page, page.locator('form[action$="/enroll"] button[type=submit]'), /done=enrolled/);
      }
      assert.equal(await page.locator('#roster ul.roster > li').count(), 3);
      await checkA11y(page, 'group with its members (en)');
      const groupId = groupUrl.split('/').pop();
      for (const m of members) {
        const r = await api(m.token, 'POST', `/api/v1/groups/${groupId}/agreement`);
        assert.equal(r.status, 204, `${m.login} accepts the agreement`);
      }

      // A session that began five minutes ago, through the group page.
      const { date, time } = kolkataMinutesAgo(5);
      await page.locator('#new-session > summary').click();
      await page.locator('#f-date').fill(date);
      await page.locator('#f-time').fill(time);
      await page.locator('#f-topic').selectOption('triggers');
      await clickTo(page, page.locator('form[action$="/sessions"] button[type=submit]'), /\/sessions\/[^/?]+$/);
      sessionUrl = page.url();
      await noSideScroll(page, TABLET.width, 'session page');
      await checkA11y(page, 'session page (en)');

      // The check-in code, large enough to read across the room.
      code = (await page.locator('#checkin-code').innerText()).trim();
      assert.match(code, /^\d{6}$/);
      const size = await page.locator('#checkin-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 48, `the code is ${size}px`);
      assert.equal(await page.locator('.att-now', { hasText: 'not recorded' }).count(), 3);

      // Attendance: two present, one late.
      await page.locator(`#att-${members[0].id}-present`).check();
      await page.locator(`#att-${members[1].id}-present`).check();
      await page.locator(`#att-${members[2].id}-late`).check();
      await clickTo(page, page.locator('form.attendance-form button[type=submit]'), /done=attendance/);
      assert.match(await page.locator('[role=status]').innerText(), /Attendance is saved/);
      assert.equal(await page.locator('.att-now', { hasText: 'not recorded' }).count(), 0);
      assert.equal(await page.locator('.not-yet li').count(), 3, 'everyone present is in the circle');
      assert.match(await page.locator('.balance-label').innerText(), /nobody has spoken yet/);
      await checkA11y(page, 'session with attendance (en)');

      // Next speaker in order; the timer runs (JavaScript) instead of the minutes field.
      await clickTo(page, page.locator('button[name=next][value=round]'), /speaker=/);
      const first = new URL(page.url()).searchParams.get('speaker');
      assert.ok(members.some((m) => m.id === first));
      assert.ok(await page.locator('[data-timer-live]').isVisible(), 'the timer is shown');
      assert.ok(!(await page.locator('#f-minutes').isVisible()), 'the minutes field gives way to the timer');
      await page.locator('[data-timer-start]').click();
      await checkA11y(page, 'session with the timer running (en)');
      await page.waitForTimeout(2300);
      assert.match(await page.locator('[data-timer-display]').innerText(), /^0:0[2-4]$/, 'a live m:ss counter');
      await clickTo(page, page.locator('[data-timer-stop]'), /done=turn/);
      assert.equal(await page.locator('.not-yet li').count(), 2);
      let seconds = await talkSeconds(page);
      assert.equal(seconds.length, 3);
      assert.ok(seconds.some((s) => s >= 2 && s <= 4), `talk seconds ${seconds}`);
      assert.equal(await page.locator('.talk .talk-fill.w-100').count(), 1, 'the one who spoke has the full bar');
      assert.equal(await page.locator('.talk .talk-fill.w-0').count(), 2);
      // The bars really are drawn: the full one spans its track, the empty ones nothing.
      const widths = await page.locator('.talk li').evaluateAll((rows) => rows.map((li) => [
        li.querySelector('.talk-bar').getBoundingClientRect().width,
        li.querySelector('.talk-fill').getBoundingClientRect().width,
      ]));
      assert.ok(widths.every(([track]) => track > 150), `bar tracks ${JSON.stringify(widths)}`);
      assert.ok(widths.some(([track, fill]) => Math.abs(track - fill) < 1), `a full bar ${JSON.stringify(widths)}`);
      assert.equal(widths.filter(([, fill]) => fill === 0).length, 2, `two empty bars ${JSON.stringify(widths)}`);
      const afterOne = await balance(page);
      assert.ok(afterOne > 0.5, `one voice of three: balance ${afterOne}`);
      assert.match(await page.locator('.balance-label').innerText(), /dominated/);

      // Next speaker at random among those who have not shared: they pass.
      await clickTo(page, page.locator('button[name=next][value=random]'), /speaker=/);
      const second = new URL(page.url()).searchParams.get('speaker');
      assert.notEqual(second, first, 'random picks someone who has not shared');
      await clickTo(page, page.locator('button[name=action][value=pass]'), /done=turn/);
      assert.equal(await page.locator('.not-yet li').count(), 1);
      assert.equal(await page.locator('.talk-passed').count(), 1, 'the pass is shown');

      // The last one speaks a little: the balance evens out.
      await clickTo(page, page.locator('button[name=next][value=round]'), /speaker=/);
      await page.locator('[data-timer-start]').click();
      await page.waitForTimeout(1300);
      await clickTo(page, page.locator('[data-timer-stop]'), /done=turn/);
      assert.match(await page.locator('.circle-who').innerText(), /Everyone has had a turn/);
      seconds = await talkSeconds(page);
      assert.equal(seconds.filter((s) => s > 0).length, 2, `two spoke: ${seconds}`);
      const afterThree = await balance(page);
      assert.ok(afterThree < afterOne, `the balance moves from ${afterOne} to ${afterThree}`);
      await noSideScroll(page, TABLET.width, 'session page after the circle');
      await checkA11y(page, 'session after the circle (en)');

      // The same page in Hindi.
      await switchTo(page, 'hi');
      assert.match(await page.locator('#circle-title').innerText(), /बातचीत का घेरा/);
      await checkA11y(page, 'session after the circle (hi)');
      await switchTo(page, 'en');

      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the circle takes typed minutes', async () => {
    assert.ok(sessionUrl, 'the session of the first test');
    const { context, page, foreign } = await newPage({ viewport: TABLET, javaScriptEnabled: false });
    try {
      await signIn(page, 'counselor');
      await page.goto(sessionUrl);
      if ((await lang(page)) !== 'en') await switchTo(page, 'en');
      // Give the first member another turn, typed.
      await page.goto(`${sessionUrl}?speaker=${members[0].id}#circle`);
      assert.ok(!(await page.locator('[data-timer-live]').isVisible()), 'no timer without JavaScript');
      const before = await talkSeconds(page);
      await page.locator('#f-minutes').fill('1:30');
      await clickTo(page, page.locator('.timer-manual button[type=submit]'), /done=turn/);
      const after = await talkSeconds(page);
      assert.equal(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0), 90);
      // (axe-core needs JavaScript; the same page is checked with it above.)
      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });

  test('at 360 px the group pages fit, and the timer works from the keyboard', async () => {
    assert.ok(groupUrl && sessionUrl, 'the group and session of the first test');
    const { context, page, foreign } = await newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await signIn(page, 'counselor');
      for (const code of ['en', 'hi']) {
        if ((await lang(page)) !== code) await switchTo(page, code);
        for (const [url, label] of [
          [`${base}/groups`, 'groups list'],
          [`${base}/groups/new`, 'new group form'],
          [groupUrl, 'group page'],
          [sessionUrl, 'session page'],
        ]) {
          await page.goto(url);
          await noSideScroll(page, PHONE.width, `${label} (${code})`);
          await checkA11y(page, `${label} at 360px (${code})`);
        }
      }
      // Keyboard only: the start button starts, focus moves to stop, Enter records.
      await page.goto(`${sessionUrl}?speaker=${members[1].id}#circle`);
      await page.locator('[data-timer-start]').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-timer-stop')), true);
      assert.match(await page.locator('[data-timer-status]').innerText(), /\S/, 'the start is announced');
      await page.waitForTimeout(1100);
      await Promise.all([page.waitForURL(/done=turn/), page.keyboard.press('Enter')]);
      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });

  test('a member on a phone sees the group and checks in with the code', async () => {
    assert.ok(groupUrl && code, 'the group and session of the first test');
    const { context, page, foreign } = await newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await signIn(page, members[0].login);
      if ((await lang(page)) !== 'en') await switchTo(page, 'en');
      const mine = page.locator('.home-groups a', { hasText: 'E2E evening circle' }).first();
      assert.equal(await mine.count(), 1, 'the group is on the member\'s home');
      assert.match(await page.locator('.home-groups').innerText(), /Next session:/);
      await noSideScroll(page, PHONE.width, 'member home');
      await checkA11y(page, 'member home with groups (en)');

      await clickTo(page, mine, /\/groups\/[^/?]+$/);
      assert.match(await page.locator('#agreement').innerText(), /You accepted the agreement/);
      await noSideScroll(page, PHONE.width, 'group page for a member');
      await checkA11y(page, 'group page for a member (en)');
      await page.locator('#f-code').fill('000000');
      await clickTo(page, page.locator('#checkin button[type=submit]'), /\/sessions\/[^/]+\/checkin$/);
      assert.match(await page.locator('#f-code-error').innerText(), /not right/);
      await checkA11y(page, 'check-in with a wrong code (en)');
      await page.locator('#f-code').fill(code);
      await clickTo(page, page.locator('#checkin button[type=submit]'), /done=(present|late)/);
      assert.match(await page.locator('[role=status]').innerText(), /checked in/);

      await switchTo(page, 'hi');
      await noSideScroll(page, PHONE.width, 'group page for a member (hi)');
      await checkA11y(page, 'group page for a member (hi)');
      assert.deepEqual(foreign, [], `requests to another origin: ${foreign.join(', ')}`);
    } finally {
      await context.close();
    }
  });
});
