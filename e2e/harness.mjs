// What every browser test file shares: the real binary on a fresh demo
// database, Debian's Chromium driven by playwright-core, axe-core, and the
// same-origin watch. A test file calls `useSaathi()` once at its top level;
// `base` and `browser` are then live for its tests.
//
// Environment: SAATHI_BIN (default ../target/debug/saathi), CHROMIUM
// (default /usr/bin/chromium).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.SAATHI_BIN || resolve(here, '..', 'target', 'debug', 'saathi');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'saathi-demo';

let server;
let serverLog = '';
let dir;
/** The running Saathi, e.g. `http://127.0.0.1:40123`. */
export let base;
/** The shared Chromium. */
export let browser;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitReady(url, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    if (server.exitCode !== null) {
      throw new Error(`saathi exited with ${server.exitCode}:\n${serverLog}`);
    }
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`saathi did not get ready (${last}):\n${serverLog}`);
}

/** Starts Saathi and Chromium before the file's tests, stops them after.
 *  `env`: more environment for the server (e.g. a short kiosk idle time). */
export function useSaathi({ env = {} } = {}) {
  before(async () => {
    assert.ok(existsSync(BIN), `no saathi binary at ${BIN}: run cargo build -p saathi first (or set SAATHI_BIN)`);
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-core (or set CHROMIUM)`);
    dir = mkdtempSync(join(tmpdir(), 'saathi-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      BIN,
      ['serve', '--demo', '--addr', `127.0.0.1:${port}`, '--database-url', `sqlite://${join(dir, 'e2e.db')}`],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn', ...env } },
    );
    server.stdout.on('data', (d) => { serverLog += d; });
    server.stderr.on('data', (d) => { serverLog += d; });
    await waitReady(`${base}/readyz`, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}

/** A browser context whose pages may only talk to Saathi. */
export async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  const foreign = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'about:') return;
    if (url.origin !== base) foreign.push(req.url());
  });
  return { context, page, foreign };
}

/** axe-core on the current page: no serious or critical violations. */
export async function checkA11y(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)
    .join('\n');
  assert.equal(bad.length, 0, `accessibility violations on ${label} (${page.url()}):\n${report}`);
  return results;
}

export async function lang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

export async function signIn(page, login) {
  await page.goto(`${base}/login`);
  await page.locator('#f-login').fill(login);
  await page.locator('#f-password').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${base}/home`), page.locator('form[action="/login"] button[type=submit]').click()]);
}

/** Presses the language switch's button for `code` and waits for the page to come back. */
export async function switchTo(page, code) {
  await Promise.all([
    page.waitForEvent('framenavigated', (f) => f === page.mainFrame()),
    page.locator(`.lang-switch button[value="${code}"]`).click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(await lang(page), code, `the page is in ${code} after the switch`);
}

/** The page is no wider than the viewport (no sideways scrolling). */
export async function noSideScroll(page, width, label) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${label} is ${scroll}px wide at a ${width}px viewport (${page.url()})`);
}

/** Signs in through the API: `{ token, user: { id, role, display_name, ... } }`. */
export async function apiLogin(login) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  assert.equal(r.status, 200, `API sign-in of ${login}`);
  return r.json();
}

/** An API call with a bearer token; returns the response. */
export async function api(token, method, path, body) {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** A 360 px phone, for the chat pages. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** The id of the demo's "Men's CBT Group" room, as the signed-in member (the token's) sees the rooms. */
export async function cbtRoom(token) {
  const r = await api(token, 'GET', '/api/v1/rooms');
  assert.equal(r.status, 200);
  const rooms = await r.json();
  const room = rooms.find((x) => x.kind === 'group' && x.name === "Men's CBT Group");
  assert.ok(room, `the rooms: ${JSON.stringify(rooms.map((x) => x.name))}`);
  return room.id;
}

/** Posts a message through the API as the token's user; the message as answered. */
export async function postMessage(token, roomId, body) {
  const r = await api(token, 'POST', `/api/v1/rooms/${roomId}/messages`, { body });
  assert.equal(r.status, 201);
  return r.json();
}

/** Marks the page's window: a reload would lose the mark (see `sameWindow`). */
export async function markWindow(page) {
  await page.evaluate(() => { window.__saathiSameWindow = 'kept'; });
}

/** Whether the page is still the window `markWindow` marked (it did not reload). */
export async function sameWindow(page) {
  return page.evaluate(() => window.__saathiSameWindow === 'kept');
}

/** Opens a room as `login` on a phone where WebSockets do not work (as in
 *  some browsers and behind some proxies), once the page says it is asking
 *  the API instead. `sockets`: the URLs of any socket the page opened. */
export async function roomWithoutSocket(login, roomId) {
  const opened = await newPage({ ...PHONE, locale: 'en-IN' });
  const sockets = [];
  try {
    await opened.context.addInitScript(() => {
      window.WebSocket = undefined;
      delete window.WebSocket;
    });
    opened.page.on('websocket', (ws) => sockets.push(ws.url()));
    await signIn(opened.page, login);
    await opened.page.goto(`${base}/rooms/${roomId}`);
    await markWindow(opened.page);
    await opened.page.locator('#chat-status').filter({ hasText: /every few seconds/ }).waitFor({ timeout: 5_000 });
  } catch (e) {
    await opened.context.close();
    throw e;
  }
  return { ...opened, sockets };
}

/** Watches a page's WebSockets: `hellos` counts the `hello` frames (one per
 *  socket opened), `messages` keeps the messages of the `message` frames. */
export function watchHellos(page) {
  const seen = { hellos: 0, messages: [] };
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      let frame;
      try {
        frame = JSON.parse(f.payload);
      } catch {
        return; // not JSON
      }
      if (frame.type === 'hello') seen.hellos += 1;
      if (frame.type === 'message' && frame.message) seen.messages.push(frame.message);
    });
  });
  return seen;
}

/** Waits until the page's newest socket said hello (`n` hellos in all). */
export async function socketUp(seen, n) {
  const end = Date.now() + 10_000;
  while (Date.now() < end && seen.hellos < n) await new Promise((r) => setTimeout(r, 50));
  return seen.hellos >= n;
}
