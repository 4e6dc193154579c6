// A message that arrives live gets the same actions as one the server
// rendered, on 360 px phones, in the demo's "Men's CBT Group": Ravi (the
// demo member, Hindi) writes; Rahul (a member, English) sees it arrive and
// can react to it and report it without reloading (see also
// chat-reactions.test.mjs); the counsellor, who facilitates the group, sees
// the moderator's forms on it; Ravi sees edit and
// delete on his own. A reaction made elsewhere shows on Rahul's page as his
// own (`aria-pressed`, from the socket's frame). Without the WebSocket, the
// page polling the API also sees edits, reactions, hiding and deletions of
// the messages shown. axe-core checks the room with live-built actions.
//
//   cargo build -p saathi && cd e2e && node --test chat-actions.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, api, apiLogin, base, cbtRoom, checkA11y, markWindow, newPage, noSideScroll, postMessage, roomWithoutSocket, sameWindow, signIn,
  socketUp, useSaathi, watchHellos,
} from './harness.mjs';

useSaathi();

describe('Live messages carry their actions', () => {
  test('react, report, moderate and edit a message that arrived live, without reloading for the controls', { timeout: 150_000 }, async () => {
    const ravi = await apiLogin('member');
    const rahul = await apiLogin('rahul.mehta');
    const counselor = await apiLogin('counselor');
    const roomId = await cbtRoom(ravi.token);
    const roomUrl = `${base}/rooms/${roomId}`;
    const pages = {
      ravi: await newPage({ ...PHONE, locale: 'hi-IN' }),
      rahul: await newPage({ ...PHONE, locale: 'en-IN' }),
      counselor: await newPage({ ...PHONE, locale: 'en-IN' }),
    };
    try {
      const logins = { ravi: 'member', rahul: 'rahul.mehta', counselor: 'counselor' };
      const seen = {};
      for (const [who, p] of Object.entries(pages)) {
        seen[who] = watchHellos(p.page);
        await signIn(p.page, logins[who]);
        await p.page.goto(roomUrl);
        await markWindow(p.page);
        assert.ok(await socketUp(seen[who], 1), `${who}'s socket is up`);
      }
      assert.equal(await pages.counselor.page.locator('#chat').getAttribute('data-moderator'), '1');
      assert.equal(await pages.rahul.page.locator('#chat').getAttribute('data-moderator'), '0');

      // Ravi writes from his page; everyone gets it live.
      const words = `live actions ${Date.now()}`;
      await pages.ravi.page.locator('#f-body').fill(words);
      await pages.ravi.page.locator('#post-form button[type=submit]').click();
      const liOf = (p) => p.page.locator('#messages li.msg', { hasText: words });
      for (const p of Object.values(pages)) await liOf(p).waitFor({ timeout: 10_000 });
      const id = (await liOf(pages.rahul).getAttribute('id')).slice(2);
      for (const [who, p] of Object.entries(pages)) assert.ok(await sameWindow(p.page), `${who}: no reload`);

      // Rahul (a member): reactions and report, nothing of the author's or a moderator's.
      const rl = liOf(pages.rahul);
      assert.equal(await rl.locator(`form[action="/messages/${id}/react"]`).count(), 3);
      assert.equal(await rl.locator('button.reaction[aria-pressed="false"]').count(), 3);
      assert.equal(await rl.locator(`form[action="/messages/${id}/report"]`).count(), 1);
      assert.equal(await rl.locator(`label[for="report-${id}"]`).count(), 1);
      assert.equal(await rl.locator(`textarea#report-${id}`).count(), 1);
      assert.equal(await rl.locator('.msg-edit, .msg-delete, .msg-moderate').count(), 0);
      assert.equal(await rl.locator('input[name="_csrf"]').evaluateAll((xs) => xs.every((x) => x.value.length > 10)), true);
      // Ravi: edit and delete his own, no reactions to press or report.
      const al = liOf(pages.ravi);
      assert.equal(await al.locator(`form[action="/messages/${id}/edit"]`).count(), 1);
      assert.equal(await al.locator(`textarea#edit-${id}`).inputValue(), words);
      assert.equal(await al.locator(`form[action="/messages/${id}/delete"]`).count(), 1);
      assert.equal(await al.locator('.msg-reactions form, .msg-report, .msg-moderate').count(), 0);
      // The counsellor: the moderator's forms, with Ravi's id and name filled in.
      const cl = liOf(pages.counselor);
      assert.equal(await cl.locator(`form[action="/messages/${id}/hide"]`).count(), 1);
      assert.equal(await cl.locator(`form[action="/rooms/${roomId}/mute"] input[name="member_id"]`).inputValue(), ravi.user.id);
      assert.match(await cl.locator(`label[for="mute-min-${id}"]`).textContent(), new RegExp(ravi.user.display_name));
      assert.equal(await cl.locator(`form[action="/rooms/${roomId}/warn"]`).count(), 1);
      assert.equal(await pages.counselor.page.locator('[id*="MSGID"], [for*="MSGID"], [action*="MSGID"]').count(), 0, 'no placeholder outside templates');

      await noSideScroll(pages.rahul.page, 360, 'the room with a live message');
      await rl.locator('details.msg-report summary').click();
      await checkA11y(pages.rahul.page, 'the room with a live message and its report form open');
      await cl.locator('details.msg-moderate summary').click();
      await checkA11y(pages.counselor.page, 'the room with a live message and the moderator forms open');

      // A reaction Rahul gives from his other device shows as his own, live.
      let r = await api(rahul.token, 'POST', `/api/v1/messages/${id}/reactions/heart`);
      assert.equal(r.status, 201);
      await rl.locator('form[data-kind="heart"] button[aria-pressed="true"]').waitFor({ timeout: 5_000 });
      assert.match(await rl.locator('form[data-kind="heart"] button').innerText(), /1/);
      assert.equal(await rl.locator('form[data-kind="heart"] input[name="on"]').inputValue(), '0', 'pressing again takes it back');
      // …and as someone else's on the counsellor's page; a count on the author's.
      await cl.locator('form[data-kind="heart"] .count').filter({ hasText: '1' }).waitFor({ timeout: 5_000 });
      assert.equal(await cl.locator('form[data-kind="heart"] button').getAttribute('aria-pressed'), 'false');
      await al.locator('.reaction-count[data-kind="heart"]').waitFor({ timeout: 5_000 });

      // Rahul presses "Me too" on the live message: the form works, in place.
      await rl.locator('form[data-kind="me_too"] button').click();
      await liOf(pages.rahul).locator('form[data-kind="me_too"] button[aria-pressed="true"]').waitFor();
      await al.locator('.reaction-count[data-kind="me_too"]').waitFor({ timeout: 5_000 });
      assert.ok(await sameWindow(pages.rahul.page), 'reacting did not reload');

      // Ravi edits his message through the live-built form; Rahul sees the change live.
      await pages.rahul.page.goto(roomUrl);
      await markWindow(pages.rahul.page);
      assert.ok(await socketUp(seen.rahul, 2), 'after the reload the socket is up again');
      const edited = `${words} (badla)`;
      await al.locator('details.msg-edit summary').click();
      await al.locator(`textarea#edit-${id}`).fill(edited);
      await Promise.all([
        pages.ravi.page.waitForURL(/done=edited/),
        al.locator(`form[action="/messages/${id}/edit"] button[type=submit]`).click(),
      ]);
      await pages.rahul.page.locator(`#m-${id} .msg-body`, { hasText: '(badla)' }).waitFor({ timeout: 5_000 });
      await pages.rahul.page.locator(`#m-${id} .msg-edited`).waitFor();

      // Rahul reports it through the live-built form.
      const words2 = `second ${Date.now()}`;
      await postMessage(ravi.token, roomId, words2);
      const rl2 = pages.rahul.page.locator('#messages li.msg', { hasText: words2 });
      await rl2.waitFor({ timeout: 5_000 });
      const id2 = (await rl2.getAttribute('id')).slice(2);
      assert.ok(await sameWindow(pages.rahul.page));
      await rl2.locator('details.msg-report summary').click();
      await rl2.locator(`textarea#report-${id2}`).fill('Not kind');
      await rl2.locator(`form[action="/messages/${id2}/report"] button[type=submit]`).click();
      assert.match(await rl2.locator('.msg-reported').innerText(), /moderators will look/);
      assert.ok(await sameWindow(pages.rahul.page), 'reporting did not reload');
      r = await api(counselor.token, 'GET', `/api/v1/rooms/${roomId}/reports`);
      assert.equal(r.status, 200);
      assert.ok((await r.json()).some((x) => (x.message_id || x.message?.id) === id2), 'the report reached the moderators');

      // The counsellor hides the second message through the live-built form;
      // Rahul's page says so live and drops its actions.
      await pages.counselor.page.goto(roomUrl);
      assert.ok(await socketUp(seen.counselor, 2));
      const words3 = `third ${Date.now()}`;
      await postMessage(ravi.token, roomId, words3);
      const cl3 = pages.counselor.page.locator('#messages li.msg', { hasText: words3 });
      await cl3.waitFor({ timeout: 5_000 });
      const id3 = (await cl3.getAttribute('id')).slice(2);
      await pages.rahul.page.locator(`#m-${id3}`).waitFor({ timeout: 5_000 });
      await cl3.locator('details.msg-moderate summary').click();
      await cl3.locator(`#hide-${id3}`).fill('Hurtful');
      await Promise.all([
        pages.counselor.page.waitForURL(/done=hidden/),
        cl3.locator(`form[action="/messages/${id3}/hide"] button[type=submit]`).click(),
      ]);
      const hidden3 = pages.rahul.page.locator(`#m-${id3}.msg-hidden`);
      await hidden3.waitFor({ timeout: 5_000 });
      assert.equal(await hidden3.locator('.msg-body').count(), 0);
      assert.equal(await hidden3.locator('form').count(), 0, 'nothing to react to or report');
      assert.ok(await sameWindow(pages.rahul.page));

      for (const [who, p] of Object.entries(pages)) assert.deepEqual(p.foreign, [], `no request left Saathi (${who})`);
    } finally {
      for (const p of Object.values(pages)) await p.context.close();
    }
  });

  test('without the WebSocket, polling also sees edits, reactions, hiding and deletions', { timeout: 90_000 }, async () => {
    const ravi = await apiLogin('member');
    const counselor = await apiLogin('counselor');
    const roomId = await cbtRoom(ravi.token);
    const a = await postMessage(ravi.token, roomId, `poll edit ${Date.now()}`);
    const b = await postMessage(ravi.token, roomId, `poll hide ${Date.now()}`);
    const c = await postMessage(ravi.token, roomId, `poll delete ${Date.now()}`);
    const { context, page, foreign, sockets } = await roomWithoutSocket('rahul.mehta', roomId);
    try {
      for (const m of [a, b, c]) await page.locator(`#m-${m.id}`).waitFor();

      // Changes to messages already shown.
      let r = await api(ravi.token, 'PATCH', `/api/v1/messages/${a.id}`, { body: 'poll edited text' });
      assert.equal(r.status, 200);
      r = await api(counselor.token, 'POST', `/api/v1/messages/${a.id}/reactions/support`);
      assert.equal(r.status, 201);
      r = await api(counselor.token, 'POST', `/api/v1/messages/${b.id}/hide`, { reason: 'Hurtful' });
      assert.ok(r.ok, `hide: ${r.status}`);
      r = await api(ravi.token, 'DELETE', `/api/v1/messages/${c.id}`);
      assert.equal(r.status, 204);

      await page.locator(`#m-${a.id} .msg-body`, { hasText: 'poll edited text' }).waitFor({ timeout: 15_000 });
      await page.locator(`#m-${a.id} .msg-edited`).waitFor({ timeout: 15_000 });
      await page.locator(`#m-${a.id} form[data-kind="support"] .count`).filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
      await page.locator(`#m-${b.id}.msg-hidden`).waitFor({ timeout: 15_000 });
      assert.equal(await page.locator(`#m-${b.id} .msg-body`).count(), 0, 'a hidden body goes');
      assert.equal(await page.locator(`#m-${b.id} form`).count(), 0);
      await page.locator(`#m-${c.id}.msg-deleted`).waitFor({ timeout: 15_000 });
      assert.equal(await page.locator(`#m-${c.id} .msg-body`).count(), 0);
      assert.match(await page.locator(`#m-${c.id} .msg-note`).innerText(), /deleted/i);
      // And a new message still arrives once, with its actions.
      const d = await postMessage(ravi.token, roomId, `poll new ${Date.now()}`);
      await page.locator(`#m-${d.id} form[action="/messages/${d.id}/report"]`).waitFor({ state: 'attached', timeout: 15_000 });
      assert.equal(await page.locator(`#m-${d.id}`).count(), 1);
      assert.ok(await sameWindow(page), 'no reload');
      assert.deepEqual(sockets, [], 'no socket was used');
      await checkA11y(page, 'the room after polled changes');
      assert.deepEqual(foreign, []);
    } finally {
      await context.close();
    }
  });
});
