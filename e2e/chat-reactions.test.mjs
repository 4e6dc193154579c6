// Reacting and reporting in a chat room without reloading the page, on a
// 360 px phone, in the demo's "Men's CBT Group": Ravi (the demo member)
// writes, Rahul (a member, English) reacts and reports, on a message the
// server rendered and on one that arrived live, by touch and by keyboard
// only. The page stays the same window (no reload), the buttons show the
// counts and Rahul's own reactions at once and still after his own frame
// comes back over the socket (counted once), a report leaves a thank-you
// that is announced and takes the focus. A refusal sends the ordinary form
// (the server says why), a network failure says so on the page, and
// without JavaScript the forms work as before.
//
//   cargo build -p saathi && cd e2e && node --test chat-reactions.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, api, apiLogin, base, cbtRoom, checkA11y, markWindow, newPage, noSideScroll, postMessage, sameWindow, signIn, socketUp,
  useSaathi, watchHellos,
} from './harness.mjs';

useSaathi();

/** Rahul's room page on a phone, its socket up, the window marked. */
async function rahulsRoom(roomId, options = {}) {
  const opened = await newPage({ ...PHONE, locale: 'en-IN', ...options });
  const seen = watchHellos(opened.page);
  const calls = [];
  opened.page.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/api/v1/messages/')) calls.push(`${req.method()} ${new URL(req.url()).pathname}`);
  });
  await signIn(opened.page, 'rahul.mehta');
  await opened.page.goto(`${base}/rooms/${roomId}`);
  if (options.javaScriptEnabled !== false) {
    await markWindow(opened.page);
    assert.ok(await socketUp(seen, 1), "Rahul's socket is up");
  }
  return { ...opened, seen, calls };
}

/** What a message's reaction button shows: pressed, its count, and the form's `on`. */
async function reaction(li, kind) {
  const form = li.locator(`form[data-kind="${kind}"]`);
  const button = form.locator('button');
  const count = button.locator('.count');
  return {
    pressed: await button.getAttribute('aria-pressed'),
    count: (await count.count()) ? Number(await count.innerText()) : 0,
    on: await form.locator('input[name="on"]').inputValue(),
  };
}

/** Waits until a message's reaction button is (not) pressed. */
async function pressed(li, kind, yes) {
  await li.locator(`form[data-kind="${kind}"] button[aria-pressed="${yes}"]`).waitFor({ timeout: 5_000 });
}

/** Waits until the socket brought a frame of message `id` whose `kind` count is `count`. */
async function frameWith(seen, id, kind, count) {
  const end = Date.now() + 5_000;
  const has = () => seen.messages.some((m) => m.id === id && (m.reactions.find((r) => r.kind === kind)?.count || 0) === count);
  while (Date.now() < end && !has()) await new Promise((r) => setTimeout(r, 50));
  return has();
}

async function focusedClass(page) {
  return page.evaluate(() => document.activeElement && document.activeElement.className);
}

describe('Reacting and reporting without a reload', () => {
  test('on a rendered and a live message, by touch and keyboard, on a phone', { timeout: 120_000 }, async () => {
    const ravi = await apiLogin('member');
    const counselor = await apiLogin('counselor');
    const roomId = await cbtRoom(ravi.token);
    const first = await postMessage(ravi.token, roomId, `rendered ${Date.now()}`);
    // Someone else's heart first, so Rahul's adds to a count.
    let r = await api(counselor.token, 'POST', `/api/v1/messages/${first.id}/reactions/heart`);
    assert.equal(r.status, 201);
    const { context, page, foreign, seen, calls } = await rahulsRoom(roomId);
    try {
      const rendered = page.locator(`#m-${first.id}`);
      assert.deepEqual(await reaction(rendered, 'heart'), { pressed: 'false', count: 1, on: '1' });

      // A tap: counted with the counsellor's, pressed, and pressing again would take it back.
      await rendered.locator('form[data-kind="heart"] button').tap();
      await pressed(rendered, 'heart', true);
      assert.deepEqual(await reaction(rendered, 'heart'), { pressed: 'true', count: 2, on: '0' });
      // His own frame comes back over the socket: still counted once.
      assert.ok(await frameWith(seen, first.id, 'heart', 2), 'the frame of his reaction arrived');
      await page.waitForTimeout(200);
      assert.deepEqual(await reaction(rendered, 'heart'), { pressed: 'true', count: 2, on: '0' });
      assert.ok(await sameWindow(page), 'reacting did not reload the page');

      // Keyboard only: Enter gives "me too", Space takes it back, the focus stays on the button.
      const meToo = rendered.locator('form[data-kind="me_too"] button');
      await meToo.focus();
      await page.keyboard.press('Enter');
      await pressed(rendered, 'me_too', true);
      assert.deepEqual(await reaction(rendered, 'me_too'), { pressed: 'true', count: 1, on: '0' });
      assert.ok(await meToo.evaluate((b) => b === document.activeElement && !b.disabled), 'the focus stays on the button');
      await page.keyboard.press('Space');
      await pressed(rendered, 'me_too', false);
      assert.deepEqual(await reaction(rendered, 'me_too'), { pressed: 'false', count: 0, on: '1' });
      assert.deepEqual(
        calls.filter((c) => c.includes('/reactions/me_too')),
        [`POST /api/v1/messages/${first.id}/reactions/me_too`, `DELETE /api/v1/messages/${first.id}/reactions/me_too`],
      );
      r = await api(ravi.token, 'GET', `/api/v1/rooms/${roomId}/messages?limit=5`);
      const stored = (await r.json()).find((m) => m.id === first.id);
      assert.deepEqual(stored.reactions, [{ kind: 'heart', count: 2, mine: false }], 'the server has what the page shows');

      // No double submits: a second submit while the first is under way is ignored.
      calls.length = 0;
      await rendered.locator('form[data-kind="support"]').evaluate((f) => { f.requestSubmit(); f.requestSubmit(); });
      await pressed(rendered, 'support', true);
      assert.deepEqual(await reaction(rendered, 'support'), { pressed: 'true', count: 1, on: '0' });
      assert.equal(calls.length, 1, `one request: ${calls}`);

      // Reporting the rendered message, keyboard only.
      const summary = rendered.locator('details.msg-report summary');
      await summary.focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      assert.ok(await rendered.locator(`#report-${first.id}`).evaluate((x) => x === document.activeElement), 'Tab reaches the reason');
      await page.keyboard.type('Not kind to me');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const thanks = rendered.locator('.msg-reported');
      await thanks.waitFor({ timeout: 5_000 });
      assert.match(await thanks.innerText(), /moderators will look/);
      assert.equal(await rendered.locator('details.msg-report, form[action$="/report"]').count(), 0, 'the report form is gone');
      assert.match(await focusedClass(page), /msg-reported/, 'the focus is on the thank-you');
      await page.locator('#chat-live').filter({ hasText: /moderators will look/ }).waitFor({ timeout: 2_000 });
      assert.equal(await page.locator('#chat-live').getAttribute('aria-live'), 'polite');
      assert.ok(await sameWindow(page), 'reporting did not reload the page');
      r = await api(counselor.token, 'GET', `/api/v1/rooms/${roomId}/reports`);
      const reports = await r.json();
      assert.ok(reports.some((x) => x.message.id === first.id && x.reason === 'Not kind to me'), 'the report reached the moderators');

      // A message that arrives live: the same, by touch.
      const live = await postMessage(ravi.token, roomId, `live ${Date.now()}`);
      const arrived = page.locator(`#m-${live.id}`);
      await arrived.waitFor({ timeout: 5_000 });
      await arrived.locator('form[data-kind="me_too"] button').tap();
      await pressed(arrived, 'me_too', true);
      assert.deepEqual(await reaction(arrived, 'me_too'), { pressed: 'true', count: 1, on: '0' });
      assert.ok(await frameWith(seen, live.id, 'me_too', 1));
      await page.waitForTimeout(200);
      assert.deepEqual(await reaction(arrived, 'me_too'), { pressed: 'true', count: 1, on: '0' });
      await arrived.locator('details.msg-report summary').tap();
      await arrived.locator(`form[action="/messages/${live.id}/report"] button[type=submit]`).tap();
      await arrived.locator('.msg-reported').waitFor({ timeout: 5_000 });
      assert.match(await focusedClass(page), /msg-reported/);
      // Another reaction's frame brings the message up to date, not the report form back.
      r = await api(counselor.token, 'POST', `/api/v1/messages/${live.id}/reactions/heart`);
      assert.equal(r.status, 201);
      await arrived.locator('form[data-kind="heart"] .count').filter({ hasText: '1' }).waitFor({ timeout: 5_000 });
      assert.equal(await arrived.locator('details.msg-report').count(), 0, 'reported stays reported');
      assert.equal(await arrived.locator('.msg-reported').count(), 1);
      r = await api(counselor.token, 'GET', `/api/v1/rooms/${roomId}/reports`);
      assert.ok((await r.json()).some((x) => x.message.id === live.id && x.reason === null));

      assert.ok(await sameWindow(page), 'nothing reloaded the page');
      assert.equal(await page.locator('#chat-status').innerText(), '', 'no failure said');
      await noSideScroll(page, 360, 'the room after reacting and reporting');
      await checkA11y(page, 'the room after reacting and reporting');
      assert.deepEqual(foreign, []);
    } finally {
      await context.close();
    }
  });

  test('a refusal sends the ordinary form, a network failure says so', { timeout: 90_000 }, async () => {
    const ravi = await apiLogin('member');
    const roomId = await cbtRoom(ravi.token);
    const m = await postMessage(ravi.token, roomId, `refusals ${Date.now()}`);
    const { context, page } = await rahulsRoom(roomId);
    try {
      const li = page.locator(`#m-${m.id}`);

      // The network fails: the page says so, nothing changes, the button works again.
      await page.route('**/api/v1/messages/*/reactions/*', (route) => route.abort());
      await li.locator('form[data-kind="heart"] button').click();
      await page.locator('#chat-status').filter({ hasText: /did not go through/ }).waitFor({ timeout: 5_000 });
      assert.deepEqual(await reaction(li, 'heart'), { pressed: 'false', count: 0, on: '1' });
      assert.equal(await li.locator('form[data-kind="heart"] button').isDisabled(), false);
      assert.ok(await sameWindow(page));
      await page.unroute('**/api/v1/messages/*/reactions/*');

      // The API refuses (as for a muted or signed-out reader): the ordinary form goes.
      await page.route('**/api/v1/messages/*/reactions/*', (route) =>
        route.fulfill({ status: 403, contentType: 'application/json', body: '{"code":"forbidden","message":"no"}' }));
      await Promise.all([
        page.waitForURL(new RegExp(`/rooms/${roomId}#m-${m.id}$`)),
        li.locator('form[data-kind="heart"] button').click(),
      ]);
      assert.equal(await sameWindow(page), false, 'the form was sent the ordinary way');
      await pressed(page.locator(`#m-${m.id}`), 'heart', true);
      await page.unroute('**/api/v1/messages/*/reactions/*');

      // A real refusal: a reason too long. The server's page says why.
      await markWindow(page);
      await li.locator('details.msg-report summary').click();
      await li.locator(`#report-${m.id}`).evaluate((x) => { x.removeAttribute('maxlength'); x.value = 'x'.repeat(501); });
      await Promise.all([
        page.waitForURL(new RegExp(`/messages/${m.id}/report$`)),
        li.locator(`form[action="/messages/${m.id}/report"] button[type=submit]`).click(),
      ]);
      await page.locator('.alert-error').waitFor();
      assert.equal(await sameWindow(page), false);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the forms work as before', { timeout: 60_000 }, async () => {
    const ravi = await apiLogin('member');
    const roomId = await cbtRoom(ravi.token);
    const m = await postMessage(ravi.token, roomId, `no script ${Date.now()}`);
    const { context, page } = await rahulsRoom(roomId, { javaScriptEnabled: false });
    try {
      const li = page.locator(`#m-${m.id}`);
      await Promise.all([
        page.waitForURL(new RegExp(`/rooms/${roomId}#m-${m.id}$`)),
        li.locator('form[data-kind="support"] button').click(),
      ]);
      assert.deepEqual(await reaction(page.locator(`#m-${m.id}`), 'support'), { pressed: 'true', count: 1, on: '0' });
      await page.locator(`#m-${m.id} details.msg-report summary`).click();
      await Promise.all([
        page.waitForURL(/done=reported/),
        page.locator(`#m-${m.id} form[action="/messages/${m.id}/report"] button[type=submit]`).click(),
      ]);
      assert.match(await page.locator('.alert-ok').innerText(), /moderators will look/);
      // The page it comes back to (and any later reload) says it was
      // reported, instead of offering the form again.
      const back = page.locator(`#m-${m.id}`);
      assert.equal(await back.getAttribute('data-reported'), '1');
      assert.equal(await back.locator('.msg-reported').count(), 1);
      assert.equal(await back.locator('details.msg-report').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('the thank-you is in the reader\'s language', { timeout: 30_000 }, async () => {
    const ravi = await apiLogin('member');
    const roomId = await cbtRoom(ravi.token);
    const { context, page } = await newPage({ ...PHONE, locale: 'hi-IN' });
    try {
      await signIn(page, 'member');
      await page.goto(`${base}/rooms/${roomId}`);
      assert.equal(await page.locator('#chat').getAttribute('data-lang'), 'hi');
      assert.equal(await page.locator('#chat').getAttribute('data-t-reported'), 'धन्यवाद। मॉडरेटर इसे देखेंगे।');
    } finally {
      await context.close();
    }
  });
});
