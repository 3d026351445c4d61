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
const cert = require('./web/orga-cert-browser.js');

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

function uuid() {
  return require('node:crypto').randomUUID();
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
  const bank = cert.loadBank(SOURCE_ROOT);
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

    browser = await cert.launchBrowser(chromium);
    const sup = await cert.newPage(browser);
    const cand = await cert.newPage(browser);

    // -- The supervisor signs in.
    await cert.openSupervision(sup, server.publicUrl);
    await checkAccessible(sup, 'the supervisor\'s sign-in');
    await phoneShot(sup, 'surveillant-connexion-telephone');
    await cert.supervisorSignIn(sup, 2001, 'XXXXX');
    assert.ok((await sup.textContent('main')).includes(
      'Le numéro de session et/ou le mot de passe saisis sont incorrects.'), 'a wrong password, said');
    await cert.supervisorSignIn(sup, 2001, PASSWORD);
    assert.equal(await sup.textContent('h1'), 'Session 2001', 'the session\'s header');
    let text = await sup.textContent('main');
    for (const part of ['Nom du site', 'CDI', 'Mme Lefèvre', 'Code d’accès (candidats)', ACCESS_CODE,
      '0/2 candidats sélectionnés', 'MARTIN Léa', 'DUBOIS Hugo', 'Temps majoré : 30'])
      assert.ok(text.includes(part), `the supervisor's page shows ${part}`);
    await checkAccessible(sup, 'the supervisor\'s page');

    // -- The candidate joins and waits.
    await cert.openCandidate(cand, server.publicUrl);
    await checkAccessible(cand, 'the candidate\'s entry');
    await cert.candidateSession(cand, 2001, ACCESS_CODE.toLowerCase());
    // Typed without the accent and in lower case: the identity check's
    // folding.
    await cert.candidateIdentity(cand, { firstName: 'Lea', lastName: 'Martin', birthdate: '2012-03-05' });
    await checkAccessible(cand, 'the identity');
    await phoneShot(cand, 'candidat-identite-telephone');
    await cert.click(cand, 'Je rejoins la session');
    assert.equal(new URL(cand.url()).pathname, '/certification/test');
    assert.ok((await cand.textContent('main')).includes('Attendez que votre surveillant vous autorise'),
      'the candidate waits');
    await phoneShot(cand, 'candidat-attente-telephone');

    // -- The supervisor ticks her; she refreshes and starts.
    await cert.supervisorTick(sup, 'MARTIN Léa');
    assert.ok((await sup.textContent('main')).includes('1/2 candidats sélectionnés'), 'the counter: 1/2');
    await phoneShot(sup, 'surveillant-session-telephone');
    await cert.candidateStart(cand);
    await checkAccessible(cand, 'a question');
    await phoneShot(cand, 'candidat-question-telephone');
    await sup.reload();
    assert.ok((await sup.textContent('main')).includes('En cours'), 'the supervisor sees "En cours"');

    // -- Every question answered right.
    const n = await cert.answerAll(cand, bank, async (i) =>
      assert.ok((await cand.textContent('h1')).includes(`Question ${i + 1} sur 48`), `"Question ${i + 1} sur 48"`));
    assert.equal(n, cert.QUESTIONS, '48 questions asked');
    assert.ok(!(await cand.textContent('main')).includes(' pix'), 'no result before publication');
    await phoneShot(cand, 'candidat-fin-telephone');
    await sup.reload();
    assert.ok((await sup.textContent('main')).includes('Terminé'), 'the supervisor sees "Terminé"');

    // -- Published (as the finalization and publication would); the results.
    const course = sql(server, `SELECT verification_code, pix_score, status FROM sync_cert_courses WHERE candidate = '${lea}'`)[0];
    assert.equal(course[2], 'validated', 'every answer right: validated');
    sql(server, `UPDATE sync_cert_sessions SET finalized_at = '${now}', published_at = '${now}' WHERE uuid = '${session}'`);
    await cand.reload();
    const results = await cert.candidateResults(cand);
    assert.deepEqual([results.status, results.pixScore, results.verificationCode], ['Validée', Number(course[1]), course[0]],
      'the candidate sees her status, score and code');
    await phoneShot(cand, 'candidat-resultats-telephone');
    await sup.reload();
    assert.ok((await sup.textContent('main')).includes('Cette session est finalisée'), 'the supervisor\'s space closed');

    const visitor = await cert.newPage(browser);
    await cert.openVerification(visitor, server.publicUrl);
    await checkAccessible(visitor, 'the verification form');
    text = await cert.verify(visitor, course[0].slice(2).toLowerCase());
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
