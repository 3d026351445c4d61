#!/usr/bin/env node
// test-student-journey.js: a student's whole journey in a real browser (issue 11)
//
// Debian's Chromium driven by playwright-core (as tests/test-server-web.js),
// against the real pixorga-server on loopback, with a desktop database
// driven by pixorga-cli:
//
//   the school's space (activate, signup, join), a SIECLE import and an
//   "Initiation" campaign with multiple sendings, synced → the campaign's
//   code on /campagnes → a new student account and the reconciliation
//   (srv-accounts' pages) → the whole test
//   answered in the browser (the right answers read from the bank's JSON;
//   some sujets failed or skipped on purpose) → the results →
//   "J’envoie mes résultats" → the server's clock 4 days ahead
//   (PIXORGA_SERVER_CLOCK_FILE) → "Repasser mon parcours", which asks only
//   what was missed → sent again → `pixorga-cli sync` brings both attempts
//   into the desktop database.
//   Phone-size screenshots of the pages under $PIXORGA_WEB_DIR.
//
// Exit 77 (skipped) only when Chromium is not installed.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const assert = require('node:assert/strict');
const child_process = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.PIXORGA_CHROMIUM || '/usr/bin/chromium';
const SERVER = process.env.PIXORGA_SERVER;
const CLI = process.env.PIXORGA_CLI;
const TESTS_DIR = process.env.PIXORGA_TESTS_DIR || __dirname;
const SOURCE_ROOT = process.env.PIXORGA_SOURCE_ROOT || path.dirname(TESTS_DIR);
const WEB_DIR = process.env.PIXORGA_WEB_DIR || path.join(os.tmpdir(), 'pixorga-web');
const PASSWORD = 'Parcours-2026';
const UAI = '0330123X';
const DAY = 86400;

const { log, loadPlaywright, startServer } = require('./web/orga-web-util.js');

function mailLink(server, to) {
  const files = fs.existsSync(server.mailDir) ? fs.readdirSync(server.mailDir).filter((n) => n.endsWith('.eml')) : [];
  for (const name of files.sort().reverse()) {
    const raw = fs.readFileSync(path.join(server.mailDir, name), 'utf8');
    if (!raw.toLowerCase().includes(to.toLowerCase()))
      continue;
    const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const m = /https?:\/\/[^\s"<>]*\/rejoindre\?[^\s"<>]+/.exec(text);
    if (m)
      return m[0].replace(/&amp;/g, '&');
  }
  throw new Error(`no link in a mail to ${to}`);
}

// The bank's items by id, to answer as a student who knows (or not).
function loadBank() {
  const items = {};
  const dir = path.join(SOURCE_ROOT, 'src', 'core', 'items');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    for (const item of JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).items)
      items[item.id] = item;
  }
  return items;
}

async function phoneShot(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: no horizontal scrolling on a phone (${overflow}px too wide)`);
  const file = path.join(WEB_DIR, `${name}${process.env.PIXORGA_TEST_PG_URI ? '-pg' : ''}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot', file);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function checkAccessible(page, what) {
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', `${what}: lang="fr"`);
  const unlabelled = await page.$$eval('input:not([type=hidden])', (inputs) =>
    inputs.filter((i) => !(i.labels && i.labels.length > 0 && i.labels[0].textContent.trim()))
      .map((i) => i.name));
  assert.deepEqual(unlabelled, [], `${what}: fields without a label`);
  assert.equal(await page.$$eval('script', (s) => s.length), 0, `${what}: no script`);
}

// Answers the questions until the results: decide(skill, nth question of
// its sujet) → 'right' | 'wrong' | 'skip'. Returns the skills asked.
async function takeTest(page, bank, decide, what, shots) {
  const asked = [];
  const perTube = {};
  for (let n = 1; n < 400; n++) {
    const hidden = await page.$('input[name=question]');
    if (!hidden)
      break;
    const id = await hidden.getAttribute('value');
    const item = bank[id];
    assert.ok(item, `${what}: ${id} is an item of the bank`);
    assert.ok((await page.textContent('h1')).includes(`Question ${n}`), `${what}: "Question ${n}"`);
    const bar = page.getByRole('progressbar');
    assert.ok(Number(await bar.getAttribute('aria-valuenow')) >= 0, `${what}: the progress bar's value`);
    const html = await page.content();
    if (item.kind === 'short') {
      for (const a of item.answers)
        assert.ok(item.question.includes(a) || !html.includes(a), `${what}: the answer of ${id} is not in the page`);
    }
    if (n === 1 && shots)
      await checkAccessible(page, `${what}: a question`);
    if (item.image)
      assert.equal(await page.getAttribute('.enonce img', 'alt'), item.image.alt, `${what}: the image's alt`);

    const tube = item.skill.slice(0, -1);
    const outcome = decide(item.skill, perTube[tube] || 0);
    perTube[tube] = (perTube[tube] || 0) + 1;
    if (outcome !== 'skip') {
      const right = outcome === 'right';
      if (item.kind === 'single') {
        const i = right ? item.answer[0] : (item.answer[0] + 1) % item.choices.length;
        await page.check(`#reponse-${i}`);
      } else if (item.kind === 'multiple') {
        let chosen = item.answer;
        if (!right) {
          chosen = item.choices.map((_, i) => i).filter((i) => !item.answer.includes(i));
          if (chosen.length === 0)
            chosen = [0];
        }
        for (const i of chosen)
          await page.check(`#reponse-${i}`);
      } else {
        await page.getByLabel('Votre réponse').fill(right ? item.answers[0] : 'je ne sais pas du tout');
      }
    }
    if (shots && n === 1)
      await phoneShot(page, `${shots}-question`);
    await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: outcome === 'skip' ? 'Je passe' : 'Je valide' }).click()]);
    asked.push([item.skill, outcome]);
  }
  return asked;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# skipped: ${CHROMIUM} is not installed`);
    return 77;
  }
  assert.ok(SERVER && fs.existsSync(SERVER), 'PIXORGA_SERVER is the pixorga-server binary');
  assert.ok(CLI && fs.existsSync(CLI), 'PIXORGA_CLI is the pixorga-cli binary');
  const { chromium } = loadPlaywright();
  fs.mkdirSync(WEB_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pixorga-journey-'));
  const clockFile = path.join(work, 'clock');
  const server = await startServer(work, { PIXORGA_SERVER_CLOCK_FILE: clockFile });
  const bank = loadBank();
  assert.ok(Object.keys(bank).length > 0, 'the item bank has items');
  log('server', server.publicUrl, 'on', process.env.PIXORGA_TEST_PG_URI ? 'PostgreSQL' : 'SQLite', 'work folder', work);

  const env = { ...process.env, PIXORGA_TOKEN_STORE: 'file', XDG_DATA_HOME: path.join(work, 'data') };
  delete env.PIXORGA_DB;
  const desk = path.join(work, 'desktop.db');
  const cli = (args, input = '') => child_process.execFileSync(CLI, args,
    { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

  let context;
  let ok = false;
  try {
    // -- The school: its space, a class, a campaign, synced.
    child_process.execFileSync(SERVER, ['--db', server.db, 'org', 'add', '--uai', UAI, '--name',
      'Collège du Parcours', '--email', `ce.${UAI.toLowerCase()}@ac-bordeaux.fr`]);
    cli(['activate', '--server', server.publicUrl, '--uai', UAI, '--first-name', 'Anne', '--last-name', 'Proviseur']);
    const link = mailLink(server, `ce.${UAI.toLowerCase()}@ac-bordeaux.fr`);
    cli(['signup', '--server', server.publicUrl, '--email', 'anne@ac-bordeaux.fr', '--first-name', 'Anne',
      '--last-name', 'Proviseur', '--accept-terms'], PASSWORD + '\n');
    cli(['--db', desk, 'join', link, '--email', 'anne@ac-bordeaux.fr'], PASSWORD + '\n');
    const siecle = path.join(work, 'siecle.xml');
    fs.writeFileSync(siecle, `<?xml version="1.0" encoding="UTF-8"?>
<BEE_ELEVES VERSION="2.1"><PARAMETRES><UAJ>${UAI}</UAJ></PARAMETRES><DONNEES><ELEVES>
<ELEVE ELEVE_ID="1001"><ID_NATIONAL>1234567890A</ID_NATIONAL><NOM_DE_FAMILLE>MARTIN</NOM_DE_FAMILLE>
<PRENOM>Léa</PRENOM><CODE_SEXE>2</CODE_SEXE><DATE_NAISS>05/03/2012</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>
<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS><CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>
<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>
</ELEVES><STRUCTURES>
<STRUCTURES_ELEVE ELEVE_ID="1001"><STRUCTURE><CODE_STRUCTURE>6A</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>
</STRUCTURES></DONNEES></BEE_ELEVES>
`);
    cli(['--db', desk, 'import', siecle]);
    const camp = JSON.parse(cli(['--db', desk, 'campaign', 'create', '--name', 'Initiation 6A', '--profile',
      'initiation', '--multiple-sendings', '--json']));
    const code = camp.code;
    assert.match(code, /^[A-Z0-9]{6,}/, 'the campaign code');
    let report = JSON.parse(cli(['--db', desk, 'sync', '--json']));
    assert.equal(report.status, 'ok', JSON.stringify(report));

    context = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
      locale: 'fr-FR',
    });
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(15000);
    const submit = async () => (await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: /.+/ }).last().click()]))[0];

    // -- The code, a new account, the reconciliation (srv-accounts' pages).
    let resp = await page.goto(`${server.publicUrl}/campagnes`);
    assert.equal(resp.status(), 200);
    await page.getByLabel('Code de la campagne').fill(code.toLowerCase());
    resp = await submit();
    assert.equal(new URL(page.url()).pathname, `/campagnes/${code}`, 'the campaign\'s page');
    await page.getByLabel('Prénom').fill('Léa');
    await page.getByLabel('Nom', { exact: true }).fill('Martin');
    await page.getByLabel('Adresse e-mail').fill('lea.martin@eleve.example.fr');
    await page.getByLabel('Mot de passe').fill('Eleve-Pass-2026');
    await page.getByLabel('J’accepte les conditions d’utilisation de Pix').check();
    resp = await submit();
    assert.equal(resp.status(), 200, await page.textContent('main'));
    await page.getByLabel('Jour').fill('05');
    await page.getByLabel('Mois').fill('03');
    await page.getByLabel('Année').fill('2012');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'C’est parti !' }).click()]);
    assert.equal(new URL(page.url()).pathname, `/campagnes/${code}/evaluation`, 'reconciled: off to the test');
    await checkAccessible(page, 'the start page');
    await phoneShot(page, 'eleve-debut-telephone');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Je commence' }).click()]);

    // -- The test: every third sujet failed, every third skipped.
    const order = [];
    const decide = (skill, nth) => {
      const tube = skill.slice(0, -1);
      if (!order.includes(tube))
        order.push(tube);
      return ['right', 'wrong', 'skip'][order.indexOf(tube) % 3];
    };
    const first = await takeTest(page, bank, decide, 'first attempt', 'eleve-parcours-telephone');
    assert.ok(first.length > 0, 'questions were asked');
    assert.ok((await page.textContent('h1')).includes('Mes résultats'), 'the results at the end');
    await checkAccessible(page, 'the results');
    await phoneShot(page, 'eleve-resultats-telephone');
    await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: 'J’envoie mes résultats' }).click()]);
    assert.ok((await page.textContent('main')).includes('Vos résultats ont été envoyés'), 'sent');
    assert.ok((await page.textContent('main')).includes('Vous pourrez repasser ce parcours à partir du'),
      'the retry date');
    await phoneShot(page, 'eleve-envoye-telephone');

    // -- 4 days later: the retry asks only what was missed.
    fs.writeFileSync(clockFile, `${4 * DAY + 60}\n`);
    await page.reload();
    await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: 'Repasser mon parcours' }).click()]);
    const validated = new Set(first.filter(([, o]) => o === 'right').map(([s]) => s));
    const second = await takeTest(page, bank, () => 'right', 'retry', 'eleve-reprise-telephone');
    assert.ok(second.length > 0, 'the retry asks questions');
    for (const [skill] of second)
      assert.ok(!validated.has(skill), `the retry asks ${skill} again, validated the first time`);
    const failedTubes = new Set(first.filter(([, o]) => o !== 'right').map(([s]) => s.slice(0, -1)));
    for (const [skill] of second)
      assert.ok(failedTubes.has(skill.slice(0, -1)), `the retry asks ${skill} of a sujet passed the first time`);
    assert.ok((await page.textContent('main')).includes('100'), 'everything validated now');
    await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: 'J’envoie mes résultats' }).click()]);
    await phoneShot(page, 'eleve-deuxieme-envoi-telephone');

    // -- The desktop receives both attempts.
    report = JSON.parse(cli(['--db', desk, 'sync', '--json']));
    assert.equal(report.status, 'ok', JSON.stringify(report));
    assert.ok(report.pulled > 0, 'the sync pulled the participations');
    const rows = child_process.execFileSync('sqlite3', ['-separator', '|', desk,
      'SELECT p.status, p.attempt, p.is_improved, p.shared_at IS NOT NULL, p.external_id IS NULL, ' +
      'l.last_name FROM participations p JOIN learners l ON l.id = p.learner_id ORDER BY p.attempt'],
    { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(rows, ['SHARED|1|1|1|1|MARTIN', 'SHARED|2|0|1|1|MARTIN'], 'the desktop\'s participations');
    const csv = child_process.execFileSync(CLI, ['--db', desk, 'campaign', 'export', code, '-o', '-'],
      { env, encoding: 'utf8' });
    assert.ok(csv.includes('MARTIN'), 'the export lists the student');
    ok = true;
  } finally {
    if (context)
      await context.close();
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc.exitCode !== null ? r() : server.proc.on('exit', r));
    if (!ok)
      console.log(fs.readFileSync(server.log, 'utf8').split('\n').slice(-30).join('\n'));
    else
      fs.rmSync(work, { recursive: true, force: true });
  }
  log('the student journey passed; screenshots in', WEB_DIR);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
