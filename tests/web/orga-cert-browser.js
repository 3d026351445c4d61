// orga-cert-browser.js: a certification session's steps in a browser
//
// What the supervisor and a candidate do on pixorga-server's pages, as
// functions on playwright-core pages: the supervisor's sign-in on
// /surveillance and her ticks, the candidate's entry on /certification
// (session number, access code, identity), the 48 questions answered from
// the bank's JSON, the results read back, the public verification.
// Used by tests/test-cert-journey.js (which checks each page between the
// steps) and tests/e2e/cert-browser.js (the browser half of the desktop's
// end-to-end test, tests/e2e/test-certification.py).
//
// The functions assert what must hold for the next step to make sense
// (the page reached); the callers assert the rest.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { CHROMIUM } = require('./orga-web-util.js');

// The questions the certification asks (src/core/orga-cert.h's 3 per
// competence, 16 competences).
const QUESTIONS = 48;

// The bank's items by id, to answer as a candidate who knows.
function loadBank(sourceRoot) {
  const items = {};
  const dir = path.join(sourceRoot, 'src', 'core', 'items');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    for (const item of JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).items)
      items[item.id] = item;
  }
  return items;
}

// Headless Chromium, no profile: each person gets a context of her own
// (newPage), so the supervisor's and the candidate's cookies stay apart.
function launchBrowser(chromium) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

// Presses the button named @name and waits for the page it posts to.
async function click(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function mainText(page) {
  return page.textContent('main');
}

// -- The supervisor ------------------------------------------------------

// /surveillance's sign-in form; the response.
async function openSupervision(page, url) {
  const resp = await page.goto(`${url}/surveillance`);
  assert.equal(resp.status(), 200, '/surveillance answers');
  return resp;
}

// Fills the sign-in form and sends it (right or wrong: the caller reads
// the page).
async function supervisorSignIn(page, number, password) {
  await page.getByLabel('Numéro de la session').fill(String(number));
  await page.getByLabel('Mot de passe de la session').fill(password);
  await click(page, 'Surveiller la session');
}

// Ticks @name ("MARTIN Léa", as the supervisor's list writes her) present.
async function supervisorTick(page, name) {
  await click(page, `Cocher ${name} présent(e)`);
  assert.equal(await page.getByRole('button', { name: `Décocher ${name} présent(e)` }).getAttribute('aria-pressed'),
    'true', `${name} ticked`);
}

// -- The candidate -------------------------------------------------------

async function openCandidate(page, url) {
  const resp = await page.goto(`${url}/certification`);
  assert.equal(resp.status(), 200, '/certification answers');
  return resp;
}

// The first form: the session's number and access code.
async function candidateSession(page, number, accessCode) {
  await page.getByLabel('Numéro de session').fill(String(number));
  await page.getByLabel('Code d’accès').fill(accessCode);
  await click(page, 'Continuer');
}

// The identity form, filled: @who = { firstName, lastName, birthdate:
// 'YYYY-MM-DD' }.
async function candidateIdentity(page, who) {
  const [year, month, day] = who.birthdate.split('-');
  await page.getByLabel('Prénom').fill(who.firstName);
  await page.getByLabel('Nom', { exact: true }).fill(who.lastName);
  await page.getByLabel('Jour').fill(day);
  await page.getByLabel('Mois').fill(month);
  await page.getByLabel('Année').fill(year);
}

// The whole entry, up to the test's page (waiting for the supervisor,
// the test, or the results after the session is published).
async function candidateJoin(page, url, number, accessCode, who) {
  await openCandidate(page, url);
  await candidateSession(page, number, accessCode);
  await candidateIdentity(page, who);
  await click(page, 'Je rejoins la session');
  assert.equal(new URL(page.url()).pathname, '/certification/test', `${who.firstName} ${who.lastName} joined`);
}

// Authorised by the supervisor: "Actualiser", then "Commencer mon test".
async function candidateStart(page) {
  await click(page, 'Actualiser');
  await click(page, 'Commencer mon test');
}

// Answers every question right (the bank's answers) until the end
// screen; @onQuestion(n, item) before each answer. The number answered.
async function answerAll(page, bank, onQuestion) {
  let n = 0;
  for (; n < 2 * QUESTIONS; n++) {
    const hidden = await page.$('input[name=question]');
    if (!hidden)
      break;
    const item = bank[await hidden.getAttribute('value')];
    assert.ok(item, 'a question of the bank');
    if (onQuestion)
      await onQuestion(n, item);
    if (item.kind === 'single') {
      await page.check(`#reponse-${item.answer[0]}`);
    } else if (item.kind === 'multiple') {
      for (const i of item.answer)
        await page.check(`#reponse-${i}`);
    } else {
      await page.getByLabel('Votre réponse').fill(item.answers[0]);
    }
    await click(page, 'Je valide');
  }
  assert.ok((await page.textContent('h1')).includes('Votre test de certification est terminé'), 'the end screen');
  return n;
}

// The published results on the candidate's page: { status, pixScore,
// verificationCode, text }; the score and code null when not shown.
async function candidateResults(page) {
  const text = await mainText(page);
  const status = /Statut : (\S[^\n]*)/.exec(text);
  const score = /(\d+) pix/.exec(text);
  const code = /P-[A-Z0-9]{8}/.exec(text);
  return {
    status: status ? status[1].trim() : null,
    pixScore: score ? Number(score[1]) : null,
    verificationCode: code ? code[0] : null,
    text,
  };
}

// -- The public verification ---------------------------------------------

async function openVerification(page, url) {
  const resp = await page.goto(`${url}/verification-certificat`);
  assert.equal(resp.status(), 200, '/verification-certificat answers');
  return resp;
}

// @code typed into the verification form (openVerification's page); the
// answer's text.
async function verify(page, code) {
  await page.getByLabel('Code de vérification').fill(code);
  await click(page, 'Vérifier');
  return mainText(page);
}

module.exports = {
  QUESTIONS,
  loadBank, launchBrowser, newPage, click, mainText,
  openSupervision, supervisorSignIn, supervisorTick,
  openCandidate, candidateSession, candidateIdentity, candidateJoin, candidateStart, answerAll, candidateResults,
  openVerification, verify,
};
