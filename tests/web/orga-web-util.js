// orga-web-util.js: what the browser tests of pixorga-server's pages share
//
// playwright-core (npm, with Debian's Chromium), the real server on
// loopback (SQLite, or the PostgreSQL of tests/orga-pg.py), its JSON API,
// the mails of its --mail-dir, and the checks every page gets: French,
// labelled fields, no script, no horizontal scrolling on a phone, with a
// phone-size screenshot under $PIXORGA_WEB_DIR.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const assert = require('node:assert/strict');
const child_process = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.PIXORGA_CHROMIUM || '/usr/bin/chromium';
const SERVER = process.env.PIXORGA_SERVER;
const TESTS_DIR = process.env.PIXORGA_TESTS_DIR || path.join(__dirname, '..');
const WEB_DIR = process.env.PIXORGA_WEB_DIR || path.join(os.tmpdir(), 'pixorga-web');

function log(...args) {
  console.log('#', ...args);
}

// playwright-core: from tests/web (setup.sh), the build folder, or
// installed now into the build folder.
function loadPlaywright() {
  const places = [path.join(TESTS_DIR, 'web'), WEB_DIR];
  for (const dir of places) {
    try {
      return require(require.resolve('playwright-core', { paths: [dir] }));
    } catch (e) {
      // next
    }
  }
  fs.mkdirSync(WEB_DIR, { recursive: true });
  fs.copyFileSync(path.join(TESTS_DIR, 'web', 'package.json'), path.join(WEB_DIR, 'package.json'));
  log('installing playwright-core into', WEB_DIR);
  child_process.execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund'],
    { cwd: WEB_DIR, stdio: 'inherit' });
  return require(require.resolve('playwright-core', { paths: [WEB_DIR] }));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// @env: more environment for the server (the tests' clock file).
async function startServer(work, env = {}) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  // The database of tests/orga-pg.py when it wraps the test, else SQLite.
  const db = process.env.PIXORGA_TEST_PG_URI || path.join(work, 'server.db');
  const mailDir = path.join(work, 'mail');
  const out = fs.openSync(path.join(work, 'server.log'), 'a');
  const proc = child_process.spawn(SERVER, ['--db', db, '--listen', `127.0.0.1:${port}`,
    '--public-url', publicUrl, '--mail-dir', mailDir],
    { stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const text = fs.readFileSync(path.join(work, 'server.log'), 'utf8');
    if (/listening on http:\/\//.test(text))
      return { proc, port, publicUrl, db, mailDir, log: path.join(work, 'server.log') };
    if (proc.exitCode !== null)
      throw new Error('pixorga-server exited:\n' + text);
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  throw new Error('pixorga-server did not start');
}

function admin(server, ...args) {
  return child_process.execFileSync(SERVER, ['--db', server.db, ...args], { encoding: 'utf8' });
}

async function api(server, method, route, body, token) {
  const headers = {};
  if (body !== undefined)
    headers['Content-Type'] = 'application/json';
  if (token)
    headers.Authorization = `Bearer ${token}`;
  const r = await fetch(`${server.publicUrl}/api/v1/${route}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

// The decoded text of every part of a MIME message.
function mailText(raw) {
  const decodeQP = (s) => Buffer.from(s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi,
    (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  const chunks = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  let text = '';
  for (const chunk of chunks) {
    const sep = chunk.search(/\r?\n\r?\n/);
    if (sep < 0)
      continue;
    const head = chunk.slice(0, sep);
    const body = chunk.slice(sep).trim();
    if (/content-transfer-encoding:\s*base64/i.test(head))
      text += Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') + '\n';
    else if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
      text += decodeQP(body) + '\n';
    else
      text += body + '\n';
  }
  return text;
}

const seenMail = new Set();
async function waitMail(server, to) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const files = fs.existsSync(server.mailDir) ? fs.readdirSync(server.mailDir) : [];
    for (const name of files.filter((n) => n.endsWith('.eml')).sort()) {
      const file = path.join(server.mailDir, name);
      if (seenMail.has(file))
        continue;
      const raw = fs.readFileSync(file, 'utf8');
      const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
      if (head.toLowerCase().includes(to.toLowerCase())) {
        seenMail.add(file);
        return mailText(raw);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${to}`);
}

function invitationLink(text) {
  const m = /(https?:\/\/[^\s"<>]+)?\/rejoindre\?invitationId=([^&\s"<>]+)&(?:amp;)?code=([A-Z0-9]+)/.exec(text);
  assert.ok(m, 'a /rejoindre link in the mail:\n' + text.slice(0, 1500));
  return { url: m[0].replace(/&amp;/g, '&'), id: decodeURIComponent(m[2]), code: m[3] };
}

async function checkAccessible(page, what) {
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', `${what}: lang="fr"`);
  const viewport = await page.getAttribute('meta[name=viewport]', 'content');
  assert.match(viewport || '', /width=device-width/, `${what}: viewport meta`);
  // Every visible field has a label that names it.
  const unlabelled = await page.$$eval('input:not([type=hidden])', (inputs) =>
    inputs.filter((i) => !(i.labels && i.labels.length > 0 && i.labels[0].textContent.trim()))
      .map((i) => i.name));
  assert.deepEqual(unlabelled, [], `${what}: fields without a label`);
  // No script at all.
  assert.equal(await page.$$eval('script', (s) => s.length), 0, `${what}: no script`);
}

async function phoneShot(page, name, url) {
  await page.setViewportSize({ width: 390, height: 844 });
  if (url)
    await page.goto(url);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: no horizontal scrolling on a phone (${overflow}px too wide)`);
  const file = path.join(WEB_DIR, `${name}${process.env.PIXORGA_TEST_PG_URI ? '-pg' : ''}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot', file);
  await page.setViewportSize({ width: 1280, height: 800 });
}

// Headless Chromium with a profile of its own in @work.
function launch(chromium, work) {
  return chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    locale: 'fr-FR',
  });
}

async function stopServer(server) {
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.exitCode !== null ? r() : server.proc.on('exit', r));
}

module.exports = {
  CHROMIUM, SERVER, TESTS_DIR, WEB_DIR,
  log, loadPlaywright, freePort, startServer, stopServer, admin, api, mailText, waitMail, invitationLink,
  checkAccessible, phoneShot, launch,
};
