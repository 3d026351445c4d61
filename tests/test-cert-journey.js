#!/usr/bin/env node
// test-cert-journey.js: a certification session in real browsers (issue 12, item 3)
//
// Debian's Chromium driven by playwright-core, against the real
// pixorga-server on loopback (SQLite, or the PostgreSQL of
// tests/orga-pg.py), two browsers side by side:
//
//   a session and two candidates written into the server's tables (as a
//   desktop's push leaves them) → the supervisor signs in on /surveillance
//   → the candidate joins on /certification (number, access code,
//   identity) and waits → the supervisor ticks her → "Actualiser", then
//   "Commencer mon test" → the 48 questions answered (the right answers
//   read from the bank's JSON) → "Votre test de certification est
//   terminé" → the supervisor sees "Terminé" → the session published (SQL,
//   as the finalization would) → the candidate sees her score and code →
//   /verification-certificat with the code typed in lower case.
//   Phone-size screenshots under $PIXORGA_WEB_DIR.
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

const { CHROMIUM, SERVER, TESTS_DIR, WEB_DIR, log, loadPlaywright, startServer, stopServer, admin,
  checkAccessible, phoneShot } = require('./web/orga-web-util.js');

const SOURCE_ROOT = process.env.PIXORGA_SOURCE_ROOT || path.dirname(TESTS_DIR);
const UAI = '0330456K';
const PASSWORD = 'H7KQ2';
const ACCESS_CODE = 'KMPQ46';

// SQL on the server's database, SQLite or PostgreSQL, through
// tests/srvtest_util.py's Db: the rows as JSON.
function sql(server, statement) {
  const script = 'import json, sys\nsys.path.insert(0, sys.argv[1])\nimport srvtest_util as su\n' +
    'db = su.Db(sys.argv[2])\nq = sys.argv[3]\n' +
    'print(json.dumps(db.query(q) if q.lstrip().upper().startswith("SELECT") else db.execute(q)))\n';
  const out = child_process.execFileSync('python3', ['-c', script, TESTS_DIR, server.db, statement],
    { encoding: 'utf8' });
  return JSON.parse(out);
}

function loadBank() {
  const items = {};
  const dir = path.join(SOURCE_ROOT, 'src', 'core', 'items');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    for (const item of JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).items)
      items[item.id] = item;
  }
  return items;
}

function uuid() {
  return require('node:crypto').randomUUID();
}

async function click(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# skipped: ${CHROMIUM} is not installed`);
    return 77;
  }
  assert.ok(SERVER && fs.existsSync(SERVER), 'PIXORGA_SERVER is the pixorga-server binary');
  const { chromium } = loadPlaywright();
  fs.mkdirSync(WEB_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pixorga-cert-journey-'));
  const server = await startServer(work);
  const bank = loadBank();
  log('server', server.publicUrl, 'on', process.env.PIXORGA_TEST_PG_URI ? 'PostgreSQL' : 'SQLite', 'work folder', work);

  let browser;
  let ok = false;
  try {
    // -- A session with two candidates, as a desktop's push leaves them.
    admin(server, 'org', 'add', '--uai', UAI, '--name', 'Collège de la Certification', '--email',
      `ce.${UAI.toLowerCase()}@ac-bordeaux.fr`);
    const org = sql(server, `SELECT id FROM organizations WHERE uai = '${UAI}'`)[0][0];
    const session = uuid();
    const now = new Date().toISOString();
    sql(server, 'INSERT INTO sync_cert_sessions (organization_id, uuid, number, address, room, examiner, date, time,' +
      ' access_code, supervisor_password, certification_center, created_at, created_by, updated_at, seq) VALUES' +
      ` ('${org}', '${session}', 2001, 'Collège de la Certification', 'CDI', 'Mme Lefèvre', '2026-12-03', '09:00',` +
      ` '${ACCESS_CODE}', '${PASSWORD}', 'Collège de la Certification (Bordeaux)', '${now}', 'Anne Proviseur',` +
      ` '${now}', 900001)`);
    const lea = uuid();
    const hugo = uuid();
    for (const [id, first, last, born, extra, seq] of [[lea, 'Léa', 'MARTIN', '2012-03-05', 'NULL', 900002],
      [hugo, 'Hugo', 'DUBOIS', '2011-10-12', '30', 900003]]) {
      sql(server, 'INSERT INTO sync_cert_candidates (organization_id, uuid, session, learner, first_name, last_name,' +
        ' birthdate, birth_city, extra_time_percentage, created_at, seq) VALUES' +
        ` ('${org}', '${id}', '${session}', '${uuid()}', '${first}', '${last}', '${born}', 'BORDEAUX', ${extra},` +
        ` '${now}', ${seq})`);
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const supContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const candContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const sup = await supContext.newPage();
    const cand = await candContext.newPage();
    sup.setDefaultTimeout(15000);
    cand.setDefaultTimeout(15000);

    // -- The supervisor signs in.
    let resp = await sup.goto(`${server.publicUrl}/surveillance`);
    assert.equal(resp.status(), 200);
    await checkAccessible(sup, 'the supervisor\'s sign-in');
    await phoneShot(sup, 'surveillant-connexion-telephone');
    await sup.getByLabel('Numéro de la session').fill('2001');
    await sup.getByLabel('Mot de passe de la session').fill('XXXXX');
    await click(sup, 'Surveiller la session');
    assert.ok((await sup.textContent('main')).includes(
      'Le numéro de session et/ou le mot de passe saisis sont incorrects.'), 'a wrong password, said');
    await sup.getByLabel('Mot de passe de la session').fill(PASSWORD);
    await click(sup, 'Surveiller la session');
    assert.equal(await sup.textContent('h1'), 'Session 2001', 'the session\'s header');
    let text = await sup.textContent('main');
    for (const part of ['Nom du site', 'CDI', 'Mme Lefèvre', 'Code d’accès (candidats)', ACCESS_CODE,
      '0/2 candidats sélectionnés', 'MARTIN Léa', 'DUBOIS Hugo', 'Temps majoré : 30'])
      assert.ok(text.includes(part), `the supervisor's page shows ${part}`);
    await checkAccessible(sup, 'the supervisor\'s page');

    // -- The candidate joins and waits.
    resp = await cand.goto(`${server.publicUrl}/certification`);
    assert.equal(resp.status(), 200);
    await checkAccessible(cand, 'the candidate\'s entry');
    await cand.getByLabel('Numéro de session').fill('2001');
    await cand.getByLabel('Code d’accès').fill(ACCESS_CODE.toLowerCase());
    await click(cand, 'Continuer');
    await cand.getByLabel('Prénom').fill('Lea');
    await cand.getByLabel('Nom', { exact: true }).fill('Martin');
    await cand.getByLabel('Jour').fill('05');
    await cand.getByLabel('Mois').fill('03');
    await cand.getByLabel('Année').fill('2012');
    await checkAccessible(cand, 'the identity');
    await phoneShot(cand, 'candidat-identite-telephone');
    await click(cand, 'Je rejoins la session');
    assert.equal(new URL(cand.url()).pathname, '/certification/test');
    assert.ok((await cand.textContent('main')).includes('Attendez que votre surveillant vous autorise'),
      'the candidate waits');
    await phoneShot(cand, 'candidat-attente-telephone');

    // -- The supervisor ticks her; she refreshes and starts.
    await click(sup, 'Cocher MARTIN Léa présent(e)');
    assert.ok((await sup.textContent('main')).includes('1/2 candidats sélectionnés'), 'the counter: 1/2');
    assert.equal(await sup.getByRole('button', { name: 'Décocher MARTIN Léa présent(e)' }).getAttribute('aria-pressed'),
      'true', 'the tick is pressed');
    await phoneShot(sup, 'surveillant-session-telephone');
    await click(cand, 'Actualiser');
    await click(cand, 'Commencer mon test');
    await checkAccessible(cand, 'a question');
    await phoneShot(cand, 'candidat-question-telephone');
    await sup.reload();
    assert.ok((await sup.textContent('main')).includes('En cours'), 'the supervisor sees "En cours"');

    // -- Every question answered right.
    let n = 0;
    for (; n < 100; n++) {
      const hidden = await cand.$('input[name=question]');
      if (!hidden)
        break;
      const item = bank[await hidden.getAttribute('value')];
      assert.ok(item, 'a question of the bank');
      assert.ok((await cand.textContent('h1')).includes(`Question ${n + 1} sur 48`), `"Question ${n + 1} sur 48"`);
      if (item.kind === 'single') {
        await cand.check(`#reponse-${item.answer[0]}`);
      } else if (item.kind === 'multiple') {
        for (const i of item.answer)
          await cand.check(`#reponse-${i}`);
      } else {
        await cand.getByLabel('Votre réponse').fill(item.answers[0]);
      }
      await click(cand, 'Je valide');
    }
    assert.equal(n, 48, '48 questions asked');
    assert.ok((await cand.textContent('h1')).includes('Votre test de certification est terminé'), 'the end screen');
    assert.ok(!(await cand.textContent('main')).includes(' pix'), 'no result before publication');
    await phoneShot(cand, 'candidat-fin-telephone');
    await sup.reload();
    assert.ok((await sup.textContent('main')).includes('Terminé'), 'the supervisor sees "Terminé"');

    // -- Published (as the finalization and publication would); the results.
    const course = sql(server, `SELECT verification_code, pix_score, status FROM sync_cert_courses WHERE candidate = '${lea}'`)[0];
    assert.equal(course[2], 'validated', 'every answer right: validated');
    sql(server, `UPDATE sync_cert_sessions SET finalized_at = '${now}', published_at = '${now}' WHERE uuid = '${session}'`);
    await cand.reload();
    text = await cand.textContent('main');
    assert.ok(text.includes('Validée') && text.includes(`${course[1]} pix`) && text.includes(course[0]),
      'the candidate sees her status, score and code');
    await phoneShot(cand, 'candidat-resultats-telephone');
    await sup.reload();
    assert.ok((await sup.textContent('main')).includes('Cette session est finalisée'), 'the supervisor\'s space closed');

    const visitor = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await visitor.goto(`${server.publicUrl}/verification-certificat`);
    await checkAccessible(visitor, 'the verification form');
    await visitor.getByLabel('Code de vérification').fill(course[0].slice(2).toLowerCase());
    await click(visitor, 'Vérifier');
    text = await visitor.textContent('main');
    for (const part of ['Léa MARTIN', '05/03/2012', 'BORDEAUX', 'Collège de la Certification (Bordeaux)',
      `${course[1]} pix`, 'Niveaux par compétence'])
      assert.ok(text.includes(part), `the certificate shows ${part}`);
    await phoneShot(visitor, 'verification-certificat-telephone');
    await visitor.goto(`${server.publicUrl}/verification-certificat?code=P-BBBBBBBB`);
    assert.ok((await visitor.textContent('main')).includes('Aucune certification ne correspond à ce code.'),
      'an unknown code');
    ok = true;
  } finally {
    if (browser)
      await browser.close();
    await stopServer(server);
    if (!ok)
      console.log(fs.readFileSync(server.log, 'utf8').split('\n').slice(-30).join('\n'));
    else
      fs.rmSync(work, { recursive: true, force: true });
  }
  log('the certification journey passed; screenshots in', WEB_DIR);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
