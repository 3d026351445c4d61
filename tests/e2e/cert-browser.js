#!/usr/bin/env node
// cert-browser.js: the browser half of tests/e2e/test-certification.py
//
// The session was made in the desktop app and pushed to the server; this
// is what happens in the room, in Debian's Chromium driven by
// playwright-core (the steps of tests/web/orga-cert-browser.js):
//
//   node cert-browser.js take CONFIG.json
//     the supervisor signs in on /surveillance with the session's number
//     and password; each candidate joins on /certification (number,
//     access code, identity) and waits; the supervisor ticks her present;
//     she starts and answers the 48 questions; the supervisor sees
//     "Terminé".
//   node cert-browser.js results CONFIG.json
//     after the finalization: each candidate comes back with the same
//     number, code and identity and reads her status, pix score and
//     verification code; the code is checked on /verification-certificat.
//
// CONFIG.json: { "url", "number", "password", "accessCode", "candidates":
// [{ "firstName", "lastName", "birthdate": "YYYY-MM-DD" }] }, the names
// as enrolled. One JSON line on stdout: { "taken": [{ name, questions }] }
// or { "results": [{ name, status, pixScore, verificationCode }] }.
// Exit 77 when Chromium is not installed.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const web = path.join(__dirname, '..', 'web');
const { CHROMIUM, loadPlaywright } = require(path.join(web, 'orga-web-util.js'));
const cert = require(path.join(web, 'orga-cert-browser.js'));

const SOURCE_ROOT = process.env.PIXORGA_SOURCE_ROOT || path.join(__dirname, '..', '..');

// "MARTIN Léa": how the supervisor's list names a candidate.
function listName(who) {
  return `${who.lastName} ${who.firstName}`;
}

async function take(browser, config) {
  const bank = cert.loadBank(SOURCE_ROOT);
  const sup = await cert.newPage(browser);
  await cert.openSupervision(sup, config.url);
  await cert.supervisorSignIn(sup, config.number, config.password);
  assert.equal(await sup.textContent('h1'), `Session ${config.number}`, 'the supervisor\'s page');
  const taken = [];
  for (const who of config.candidates) {
    const cand = await cert.newPage(browser);
    await cert.candidateJoin(cand, config.url, config.number, config.accessCode, who);
    assert.ok((await cert.mainText(cand)).includes('Attendez que votre surveillant vous autorise'),
      `${listName(who)} waits`);
    await sup.reload();
    await cert.supervisorTick(sup, listName(who));
    await cert.candidateStart(cand);
    const questions = await cert.answerAll(cand, bank);
    assert.equal(questions, cert.QUESTIONS, `${listName(who)}: every question asked`);
    await cand.context().close();
    taken.push({ name: listName(who), questions });
  }
  await sup.reload();
  assert.ok((await cert.mainText(sup)).includes('Terminé'), 'the supervisor sees "Terminé"');
  return { taken };
}

async function results(browser, config) {
  const found = [];
  for (const who of config.candidates) {
    const cand = await cert.newPage(browser);
    await cert.candidateJoin(cand, config.url, config.number, config.accessCode, who);
    const r = await cert.candidateResults(cand);
    assert.ok(r.status, `${listName(who)}'s results are published:\n${r.text}`);
    if (r.verificationCode) {
      const text = await cert.openVerification(cand, config.url).then(() => cert.verify(cand, r.verificationCode));
      assert.ok(text.includes(`${who.firstName} ${who.lastName}`) && text.includes(`${r.pixScore} pix`),
        `the certificate of ${r.verificationCode} names ${listName(who)}:\n${text}`);
    }
    await cand.context().close();
    found.push({ name: listName(who), status: r.status, pixScore: r.pixScore,
      verificationCode: r.verificationCode });
  }
  return { results: found };
}

async function main() {
  const [step, configFile] = process.argv.slice(2);
  assert.ok(['take', 'results'].includes(step) && configFile, 'usage: cert-browser.js take|results CONFIG.json');
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`cert-browser.js: ${CHROMIUM} is not installed`);
    return 77;
  }
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const { chromium } = loadPlaywright();
  const browser = await cert.launchBrowser(chromium);
  try {
    const out = step === 'take' ? await take(browser, config) : await results(browser, config);
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
  }
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
