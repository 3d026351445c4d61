#!/usr/bin/env node
// test-server-web.js: pixorga-server's HTML pages in a real browser
//
// Debian's Chromium driven by playwright-core (npm; scripts/setup.sh
// installs it into tests/web/node_modules with PIXORGA_SETUP_TESTS=1, or
// this test into $PIXORGA_WEB_DIR), against the real server on loopback:
//
//   org add → POST activation → the .eml in --mail-dir → its link in the
//   browser → sign up on the page (a wrong password first: the error is
//   shown, the fields kept) → ADMIN, checked through the API → the link a
//   second time says it was already accepted;
//   an invited colleague with an account: "J'ai déjà un compte Pix";
//   "Mot de passe oublié": the request form, the mail, a new password;
//   forms refused from another origin or without their token;
//   a phone-size screenshot of each page under $PIXORGA_WEB_DIR.
//
// Exit 77 (skipped) only when Chromium is not installed.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
  CHROMIUM, SERVER, WEB_DIR, log, loadPlaywright, startServer, admin, api, waitMail, invitationLink,
  checkAccessible, phoneShot, launch,
} = require('./web/orga-web-util.js');

const PASSWORD_RULE = 'Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre.';
const ACCEPTED = 'Cette invitation a déjà été acceptée. Connectez-vous ou contactez l\'administrateur de votre espace Pix Orga.';
const BAD_CREDENTIALS = 'L\'adresse e-mail et/ou le mot de passe saisis sont incorrects.';
const SCHOOL = 'Lycée l\'Horizon <b>&</b> "Arts"';


async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# skipped: ${CHROMIUM} is not installed`);
    return 77;
  }
  assert.ok(SERVER && fs.existsSync(SERVER), 'PIXORGA_SERVER is the pixorga-server binary');
  const { chromium } = loadPlaywright();
  fs.mkdirSync(WEB_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pixorga-web-'));
  const server = await startServer(work);
  log('server', server.publicUrl, 'on', process.env.PIXORGA_TEST_PG_URI ? 'PostgreSQL' : 'SQLite', 'work folder', work);
  let context;
  let ok = false;
  try {
    context = await launch(chromium, work);
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(15000);

    // -- Activation: org add, the form's request, the mail to the school.
    admin(server, 'org', 'add', '--uai', '0330077K', '--name', SCHOOL, '--email', 'ce.0330077k@ac-bordeaux.fr');
    let r = await api(server, 'POST', 'organization-invitations/sco',
      { uai: '0330077K', first_name: 'Claude', last_name: 'Proviseur' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const link = invitationLink(await waitMail(server, 'ce.0330077k@ac-bordeaux.fr'));
    assert.ok(link.url.startsWith(server.publicUrl + '/rejoindre?'), `the link is on the public URL: ${link.url}`);

    log('the link, in the browser');
    let resp = await page.goto(link.url);
    assert.equal(resp.status(), 200);
    await checkAccessible(page, 'sign-up form');
    assert.equal((await page.textContent('h1')).trim(), 'Rejoindre Pix Orga');
    assert.ok((await page.textContent('main')).includes(`${SCHOOL} (0330077K)`), 'the school\'s name, escaped');
    assert.ok((await page.textContent('main')).includes('en tant qu’administrateur'));
    assert.ok((await page.textContent('main')).includes(PASSWORD_RULE), 'Pix\'s password rule is shown');
    assert.equal(await page.getAttribute('#email', 'autocomplete'), 'email');
    assert.equal(await page.getAttribute('#mot-de-passe', 'autocomplete'), 'new-password');
    await phoneShot(page, 'rejoindre-inscription-telephone');

    log('sign up with a password against the rule: the error, the fields kept');
    await page.getByLabel('Prénom').fill('Camille');
    await page.getByLabel('Nom', { exact: true }).fill('D\'Arsonval <i>');
    await page.getByLabel('Adresse e-mail').fill('camille.proviseur@example.fr');
    await page.getByLabel('Mot de passe').fill('court');
    await page.getByLabel('J’accepte les conditions d’utilisation de Pix', { exact: true }).check();
    await page.getByLabel('J’accepte les conditions d’utilisation de Pix Orga').check();
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 422);
    const alert = page.getByRole('alert');
    assert.ok((await alert.textContent()).includes(PASSWORD_RULE), 'the password error in the summary');
    assert.equal(await page.inputValue('#prenom'), 'Camille', 'first name kept');
    assert.equal(await page.inputValue('#nom'), 'D\'Arsonval <i>', 'last name kept, verbatim');
    assert.equal(await page.inputValue('#email'), 'camille.proviseur@example.fr', 'e-mail kept');
    assert.equal(await page.inputValue('#mot-de-passe'), '', 'the password is never sent back');
    assert.equal(await page.getAttribute('#mot-de-passe', 'aria-invalid'), 'true');
    assert.ok(await page.isChecked('#cgu-orga'), 'the boxes stay checked');
    await phoneShot(page, 'rejoindre-erreur-telephone');

    log('sign up for real');
    await page.getByLabel('Mot de passe').fill('Proviseur-2026');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 200, await page.textContent('main'));
    assert.equal((await page.textContent('h1')).trim(), 'Bienvenue dans Pix Orga');
    assert.ok((await page.textContent('main')).includes('Vous êtes maintenant administrateur de l’espace Pix Orga de'));
    const open = page.getByRole('link', { name: 'Ouvrir PixOrga' });
    const href = await open.getAttribute('href');
    const expected = `pixorga://rejoindre?server=${encodeURIComponent(server.publicUrl)}` +
      `&invitationId=${encodeURIComponent(link.id)}&code=${link.code}`;
    assert.equal(href, expected, 'the link that opens the app');
    await phoneShot(page, 'rejoindre-succes-telephone');

    log('the account is the school\'s ADMIN, through the API');
    r = await api(server, 'POST', 'sessions', { email: 'camille.proviseur@example.fr', password: 'Proviseur-2026' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const token = r.json.token;
    assert.equal(r.json.user.pix_orga_terms_accepted, true, 'Pix Orga\'s terms recorded');
    assert.equal(r.json.user.last_name, 'D\'Arsonval <i>');
    assert.equal(r.json.memberships.length, 1);
    assert.equal(r.json.memberships[0].role, 'ADMIN');
    assert.equal(r.json.memberships[0].organization.name, SCHOOL);
    const org = r.json.memberships[0].organization.id;
    r = await api(server, 'GET', `organizations/${org}/team`, undefined, token);
    assert.equal(r.status, 200);
    assert.equal(r.json.role, 'ADMIN');

    log('the link a second time');
    resp = await page.goto(link.url);
    assert.equal(resp.status(), 409);
    assert.ok((await page.getByRole('alert').textContent()).includes(ACCEPTED));
    assert.equal(await page.$$eval('form', (f) => f.length), 0, 'no form for a spent link');
    r = await api(server, 'GET', `organization-invitations/${link.id}?code=${link.code}`);
    assert.equal(r.json.invitation.status, 'accepted');

    log('a wrong code, a missing invitation');
    resp = await page.goto(`${server.publicUrl}/rejoindre?invitationId=${link.id}&code=AAAAAAAAAA`);
    assert.equal(resp.status(), 404);
    assert.ok((await page.getByRole('alert').textContent()).includes('Cette invitation n’existe pas.'));

    // -- A colleague with an account: "J'ai déjà un compte Pix".
    r = await api(server, 'POST', 'users', { first_name: 'Dominique', last_name: 'Prof', email: 'dominique@example.fr',
      password: 'Collegue-2026', accept_terms: true });
    assert.equal(r.status, 201);
    r = await api(server, 'POST', `organizations/${org}/invitations`, { emails: ['dominique@example.fr'] }, token);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const link2 = invitationLink(await waitMail(server, 'dominique@example.fr'));
    await page.goto(link2.url);
    await page.getByRole('link', { name: 'J\'ai déjà un compte Pix' }).click();
    await page.waitForSelector('#mot-de-passe[autocomplete=current-password]');
    await checkAccessible(page, 'sign-in form');
    await phoneShot(page, 'rejoindre-connexion-telephone');
    await page.getByLabel('Adresse e-mail').fill('dominique@example.fr');
    await page.getByLabel('Mot de passe').fill('Mauvais-2026');
    await page.getByLabel('J’accepte les conditions d’utilisation de Pix Orga').check();
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 401);
    assert.ok((await page.getByRole('alert').textContent()).includes(BAD_CREDENTIALS));
    assert.equal(await page.inputValue('#email'), 'dominique@example.fr', 'e-mail kept');
    await page.getByLabel('Mot de passe').fill('Collegue-2026');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 200, await page.textContent('main'));
    assert.ok((await page.textContent('main')).includes('Vous êtes maintenant membre de l’espace Pix Orga de'));
    r = await api(server, 'GET', `organizations/${org}/team`, undefined, token);
    const dominique = r.json.members.find((m) => m.email === 'dominique@example.fr');
    assert.ok(dominique && dominique.role === 'MEMBER', 'the colleague is a MEMBER');

    log('a cancelled invitation');
    r = await api(server, 'POST', `organizations/${org}/invitations`, { emails: ['annule@example.fr'] }, token);
    const cancelled = invitationLink(await waitMail(server, 'annule@example.fr'));
    r = await api(server, 'DELETE', `organizations/${org}/invitations/${cancelled.id}`, undefined, token);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    resp = await page.goto(cancelled.url);
    assert.equal(resp.status(), 410);
    assert.ok((await page.getByRole('alert').textContent()).includes(
      'Cette invitation n’est plus valide. Contactez l’administrateur de votre espace Pix Orga.'));

    log('too many wrong passwords on the page: throttled, said in French, the e-mail kept');
    r = await api(server, 'POST', `organizations/${org}/invitations`, { emails: ['bloque@example.fr'] }, token);
    const blocked = invitationLink(await waitMail(server, 'bloque@example.fr'));
    await page.goto(blocked.url.replace(/$/, '&mode=connexion'));
    let throttled = null;
    for (let i = 0; i < 8 && !throttled; i++) {
      await page.getByLabel('Adresse e-mail').fill('dominique@example.fr');
      await page.getByLabel('Mot de passe').fill(`Mauvais-${i}Pass`);
      [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
      if (resp.status() === 429)
        throttled = resp;
      else
        assert.equal(resp.status(), 401);
    }
    assert.ok(throttled, 'the page says 429 after a few wrong passwords');
    const retry = (await throttled.allHeaders())['retry-after'];
    assert.match(retry || '', /^[0-9]+$/, 'Retry-After on the page');
    assert.ok((await page.getByRole('alert').textContent()).includes(
      `Trop de tentatives de connexion. Réessayez dans ${retry} secondes.`));
    assert.equal(await page.inputValue('#email'), 'dominique@example.fr', 'e-mail kept when throttled');
    await phoneShot(page, 'rejoindre-trop-de-tentatives-telephone');

    // -- Forms from elsewhere are refused.
    log('cross-site forms');
    r = await api(server, 'POST', `organizations/${org}/invitations`, { emails: ['eve@example.fr'] }, token);
    const link3 = invitationLink(await waitMail(server, 'eve@example.fr'));
    await page.goto(link3.url);
    const cookies = await context.cookies(server.publicUrl);
    const csrf = cookies.find((c) => c.name === 'orga_csrf');
    assert.ok(csrf && csrf.httpOnly && csrf.sameSite === 'Strict', 'a SameSite=Strict, HttpOnly cookie');
    const fieldToken = await page.getAttribute('input[name=jeton]', 'value');
    assert.equal(fieldToken, csrf.value, 'the form repeats the cookie');
    const form = new URLSearchParams({ invitationId: link3.id, code: link3.code, mode: 'inscription',
      jeton: fieldToken, prenom: 'Eve', nom: 'Attaque', email: 'eve@example.fr',
      'mot-de-passe': 'Attaque-2026', 'cgu-pix': '1', 'cgu-orga': '1' });
    const post = (headers) => fetch(`${server.publicUrl}/rejoindre`, { method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: form.toString() });
    let res = await post({ Cookie: `orga_csrf=${csrf.value}`, Origin: 'http://evil.example' });
    assert.equal(res.status, 403, 'another Origin: 403');
    res = await post({ Cookie: `orga_csrf=${csrf.value}`, Origin: 'null' });
    assert.equal(res.status, 403, 'Origin null (not a same-origin fetch): 403');
    res = await post({ Origin: server.publicUrl });
    assert.equal(res.status, 403, 'no cookie: 403');
    res = await post({ Cookie: `orga_csrf=${'A'.repeat(43)}`, Origin: server.publicUrl });
    assert.equal(res.status, 403, 'another cookie: 403');
    r = await api(server, 'POST', 'sessions', { email: 'eve@example.fr', password: 'Attaque-2026' });
    assert.equal(r.status, 401, 'no account was made by the refused forms');
    const headers = await (await fetch(link3.url)).headers;
    assert.equal(headers.get('referrer-policy'), 'same-origin');
    assert.match(headers.get('content-security-policy') || '', /default-src 'none'/);
    assert.match(headers.get('content-type'), /^text\/html; charset=utf-8/);

    // -- "Mot de passe oublié".
    log('forgotten password');
    await page.goto(`${server.publicUrl}/mot-de-passe`);
    await checkAccessible(page, 'reset request');
    await phoneShot(page, 'mot-de-passe-demande-telephone');
    await page.getByLabel('Adresse e-mail').fill('camille.proviseur@example.fr');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 200);
    assert.ok((await page.textContent('main')).includes('camille.proviseur@example.fr'));
    const resetText = await waitMail(server, 'camille.proviseur@example.fr');
    const m = /(https?:\/\/[^\s"<>]+\/mot-de-passe\?token=[A-Za-z0-9_-]+)/.exec(resetText);
    assert.ok(m, 'a reset link in the mail');
    await page.goto(m[1]);
    await checkAccessible(page, 'new password');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Nouveau-2027');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Nouveau-2028');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 422);
    assert.ok((await page.getByRole('alert').textContent()).includes('Les deux mots de passe ne sont pas identiques.'));
    await phoneShot(page, 'mot-de-passe-erreur-telephone');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Nouveau-2027');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Nouveau-2027');
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button').click()]);
    assert.equal(resp.status(), 200, await page.textContent('main'));
    assert.ok((await page.textContent('main')).includes('Votre mot de passe a bien été modifié.'));
    r = await api(server, 'GET', 'me', undefined, token);
    assert.equal(r.status, 401, 'the sessions before the reset are revoked');
    r = await api(server, 'POST', 'sessions', { email: 'camille.proviseur@example.fr', password: 'Nouveau-2027' });
    assert.equal(r.status, 201, 'the new password works');
    resp = await page.goto(m[1]);
    assert.ok(resp.status() >= 400, 'a reset link works once');
    assert.ok(await page.getByRole('alert').isVisible());

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
  log('all web checks passed; screenshots in', WEB_DIR);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
