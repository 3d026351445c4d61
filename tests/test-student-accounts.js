#!/usr/bin/env node
// test-student-accounts.js: a student's way into a campaign, in a real
// browser (issue 11)
//
// Debian's Chromium driven by playwright-core against the real server on
// loopback (SQLite, or PostgreSQL under tests/orga-pg.py). A school is set
// up through the API as its desktop would (activation, its students and a
// campaign pushed by sync), then:
//
//   /campagnes → the code typed in lower case with a space → the
//   campaign's landing → "Je m’inscris" → the reconciliation with a wrong
//   birth date first (the message, the fields kept) → the right one → the
//   test's address /campagnes/{CODE}/evaluation; the session cookie;
//   sign-out;
//   a teacher's username and one-time password (the API) → sign-in with
//   them → "Changez votre mot de passe" first → the test.
//
// A phone-size screenshot of each page under $PIXORGA_WEB_DIR. Exit 77
// (skipped) only when Chromium is not installed.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
  CHROMIUM, SERVER, WEB_DIR, log, loadPlaywright, startServer, stopServer, admin, api, waitMail,
  invitationLink, checkAccessible, phoneShot, launch,
} = require('./web/orga-web-util.js');

const NO_MATCH = 'Vérifiez vos informations (prénom, nom et date de naissance) ou contactez un enseignant.';
const CODE = 'RENTRE123';
const STAFF_PASSWORD = 'Proviseur-2026';
const OTP_RE = /^[abcdefghjkmnpqrstuvwxyz]{6}[0-9]{2}$/;

function now() {
  return new Date().toISOString();
}

function learner(ine, last, first, birthdate, division) {
  return {
    uuid: crypto.randomUUID(), ine, last_name: last, preferred_last_name: null, first_name: first,
    middle_name: null, third_name: null, sex: 'F', birthdate, birth_country_code: '100',
    birth_province_code: '075', birth_city_code: '75056', birth_city: 'PARIS', mef_code: '10010012110',
    status: 'ST', division,
  };
}

function change(kind, data) {
  return { id: crypto.randomUUID(), kind, at: now(), base: 0, data };
}

// The school as its desktop makes it: activation, the admin's account,
// the students and a campaign pushed by sync.
async function setUpSchool(server, learners) {
  admin(server, 'org', 'add', '--uai', '0440001A', '--name', 'Collège Jules Verne', '--email', 'ce.0440001a@ac-nantes.fr');
  let r = await api(server, 'POST', 'organization-invitations/sco',
    { uai: '0440001A', first_name: 'Claude', last_name: 'Proviseur' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const link = invitationLink(await waitMail(server, 'ce.0440001a@ac-nantes.fr'));
  r = await api(server, 'POST', 'users', { first_name: 'Claude', last_name: 'Proviseur',
    email: 'proviseur@example.fr', password: STAFF_PASSWORD, accept_terms: true });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  r = await api(server, 'POST', 'sessions', { email: 'proviseur@example.fr', password: STAFF_PASSWORD });
  const token = r.json.token;
  r = await api(server, 'POST', `organization-invitations/${link.id}/accept`, { code: link.code }, token);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const org = r.json.membership.organization.id;
  r = await api(server, 'POST', 'me/orga-terms', undefined, token);
  assert.equal(r.status, 200);

  const record = { uuid: crypto.randomUUID(), created_at: now(), file_name: 'siecle.xml', format: 'siecle-xml',
    encoding: 'UTF-8', ignored: 0, errors: '[]' };
  const campaign = { uuid: crypto.randomUUID(), code: CODE, name: 'Rentrée des 4e', type: 'ASSESSMENT',
    target_profile_id: 'tp-1', owner: 'Claude Proviseur', owner_id: null, creator: 'Claude Proviseur',
    title: 'Parcours de rentrée', landing_text: 'Bienvenue ! Ce parcours dure 20 minutes.',
    external_id_type: null, external_id_label: null, multiple_sendings: false, created_at: now(),
    updated_at: now(), archived_at: null, archived_by: null, deleted_at: null, deleted_by: null };
  r = await api(server, 'POST', `organizations/${org}/sync/push`, { protocol: 1, device: crypto.randomUUID(),
    changes: [change('import.apply', { import: record, learners }), change('campaign.create', { campaign })] },
  token);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  for (const result of r.json.results)
    assert.equal(result.status, 'applied', JSON.stringify(result));
  return { token, org };
}

async function submit(page) {
  const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /.+/ }).last().click()]);
  return resp;
}

async function focusIsVisible(page, selector, what) {
  await page.focus(selector);
  const outline = await page.$eval(selector, (el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
  assert.match(outline, /^solid [1-9]/, `${what}: the focus is visible (${outline})`);
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# skipped: ${CHROMIUM} is not installed`);
    return 77;
  }
  assert.ok(SERVER && fs.existsSync(SERVER), 'PIXORGA_SERVER is the pixorga-server binary');
  const { chromium } = loadPlaywright();
  fs.mkdirSync(WEB_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pixorga-students-web-'));
  const server = await startServer(work);
  log('server', server.publicUrl, 'on', process.env.PIXORGA_TEST_PG_URI ? 'PostgreSQL' : 'SQLite', 'work folder', work);
  let context;
  let ok = false;
  try {
    const ines = ['090000001AB', '090000002AB', '090000003AB'];
    const lea = learner(ines[0], 'Le Gall', 'Léa-Marie', '2011-03-07', '4B');
    const tom = learner(ines[1], 'Durand', 'Tom', '2011-10-22', '4A');
    const school = await setUpSchool(server, [lea, tom, learner(ines[2], 'Petit', 'Inès', '2011-01-30', '4A')]);

    context = await launch(chromium, work);
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(15000);

    log('the code entry');
    let resp = await page.goto(`${server.publicUrl}/campagnes`);
    assert.equal(resp.status(), 200);
    await checkAccessible(page, 'code entry');
    assert.equal((await page.textContent('h1')).trim(), 'Saisissez votre code');
    await focusIsVisible(page, '#code', 'code entry');
    await phoneShot(page, 'campagnes-code-telephone');
    await page.getByLabel('Code de la campagne').fill('zzzzzz 999');
    resp = await submit(page);
    assert.equal(resp.status(), 404);
    assert.ok((await page.getByRole('alert').textContent()).includes('Le code ZZZZZZ999 ne correspond à aucune campagne.'));
    assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');
    await phoneShot(page, 'campagnes-code-inconnu-telephone');
    await page.getByLabel('Code de la campagne').fill('rentre 123');
    resp = await submit(page);
    assert.equal(resp.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/campagnes/${CODE}`, 'the code in lower case with a space');

    log('the landing and the sign-up');
    await checkAccessible(page, 'landing');
    const main = await page.textContent('main');
    assert.ok(main.includes('Collège Jules Verne') && main.includes('Parcours de rentrée')
              && main.includes('Ce parcours dure 20 minutes.'), 'school, title and landing text');
    await phoneShot(page, 'campagne-inscription-telephone');
    await page.getByLabel('Prénom').fill('Léa-Marie');
    await page.getByLabel('Nom', { exact: true }).fill('Le Gall');
    await page.getByLabel('Adresse e-mail').fill('lea.legall@eleve.example.fr');
    await page.getByLabel('Mot de passe').fill('Eleve-Pass-2026');
    await page.getByLabel('J’accepte les conditions d’utilisation de Pix').check();
    resp = await submit(page);
    assert.equal(resp.status(), 200, await page.textContent('main'));
    const cookie = (await context.cookies()).find((c) => c.name === 'orga_eleve');
    assert.ok(cookie, 'the session cookie');
    assert.equal(cookie.httpOnly, true, 'HttpOnly');
    assert.equal(cookie.sameSite, 'Lax', 'SameSite=Lax');

    log('the reconciliation: a wrong birth date first');
    await checkAccessible(page, 'reconciliation');
    assert.equal((await page.textContent('h1')).trim(), 'Un tout petit détail !');
    assert.ok((await page.textContent('main')).includes('Remplissez les informations manquantes'));
    assert.equal(await page.inputValue('#prenom'), 'Léa-Marie', 'first name pre-filled');
    assert.equal(await page.inputValue('#nom'), 'Le Gall', 'last name pre-filled');
    await phoneShot(page, 'campagne-reconciliation-telephone');
    await page.getByLabel('Jour').fill('08');
    await page.getByLabel('Mois').fill('03');
    await page.getByLabel('Année').fill('2011');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'C’est parti !' }).click()]);
    assert.equal(resp.status(), 422);
    assert.ok((await page.getByRole('alert').textContent()).includes(NO_MATCH), 'the message of no match');
    assert.equal(await page.inputValue('#jour'), '08', 'the date is kept');
    await phoneShot(page, 'campagne-reconciliation-erreur-telephone');
    await page.getByLabel('Jour').fill('7');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'C’est parti !' }).click()]);
    assert.equal(new URL(page.url()).pathname, `/campagnes/${CODE}/evaluation`, 'off to the test');
    resp = await page.goto(`${server.publicUrl}/campagnes/${CODE}`);
    assert.equal(new URL(page.url()).pathname, `/campagnes/${CODE}/evaluation`, 'a linked student goes straight there');

    let r = await api(server, 'GET', `organizations/${school.org}/students/accounts`, undefined, school.token);
    assert.deepEqual(r.json.accounts, [{ learner: lea.uuid, methods: ['email'], email: 'lea.legall@eleve.example.fr',
      username: null }], 'the teacher sees the linked account');

    // The next student on the same computer (the sign-out button is tried
    // at the end).
    await context.clearCookies();
    await page.goto(`${server.publicUrl}/campagnes/${CODE}`);
    assert.ok((await page.textContent('main')).includes('Je m’inscris'), 'a new visitor');

    log('a teacher\'s username and one-time password');
    r = await api(server, 'POST', `organizations/${school.org}/students/${tom.uuid}/username`, undefined, school.token);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.username, 'tom.durand2210');
    assert.match(r.json.password, OTP_RE);
    await page.getByRole('link', { name: 'J’ai déjà un compte Pix' }).click();
    await page.waitForURL(/mode=connexion/);
    await checkAccessible(page, 'sign-in');
    await phoneShot(page, 'campagne-connexion-telephone');
    await page.getByLabel('Adresse e-mail ou identifiant').fill('Tom.Durand2210');
    await page.getByLabel('Mot de passe').fill(r.json.password);
    resp = await submit(page);
    assert.equal(resp.status(), 200);
    assert.equal((await page.textContent('h1')).trim(), 'Changez votre mot de passe', 'the change comes first');
    await checkAccessible(page, 'password change');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Tom-Pass-2026');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Tom-Pass-2025');
    resp = await submit(page);
    assert.equal(resp.status(), 422);
    assert.ok((await page.getByRole('alert').textContent()).includes('Les deux mots de passe ne sont pas identiques.'));
    await phoneShot(page, 'campagne-mot-de-passe-telephone');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Tom-Pass-2026');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Tom-Pass-2026');
    resp = await submit(page);
    assert.equal(new URL(page.url()).pathname, `/campagnes/${CODE}/evaluation`,
      'linked by the teacher: straight to the test after the change');

    log('the sign-out button');
    await context.clearCookies();
    await page.goto(`${server.publicUrl}/campagnes/${CODE}`);
    await page.getByLabel('Prénom').fill('Inès');
    await page.getByLabel('Nom', { exact: true }).fill('Petit');
    await page.getByLabel('Adresse e-mail').fill('ines.petit@eleve.example.fr');
    await page.getByLabel('Mot de passe').fill('Ines-Pass-2026');
    await page.getByLabel('J’accepte les conditions d’utilisation de Pix').check();
    resp = await submit(page);
    assert.ok((await page.textContent('main')).includes('Connecté(e) : Inès Petit'));
    await focusIsVisible(page, 'button.lien', 'sign-out button');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/campagnes');
    assert.ok((await page.getByRole('status').textContent()).includes('Vous êtes déconnecté(e).'));
    assert.equal((await context.cookies()).find((c) => c.name === 'orga_eleve'), undefined, 'the cookie is gone');

    ok = true;
  } finally {
    if (context)
      await context.close();
    await stopServer(server);
    if (!ok)
      console.log(fs.readFileSync(server.log, 'utf8').split('\n').slice(-30).join('\n'));
    else
      fs.rmSync(work, { recursive: true, force: true });
  }
  log('all checks of the students\' pages passed; screenshots in', WEB_DIR);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
