import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, saveScreenshot, viewports } from '../support/browser.js';

const PASSWORD = 'Percorsi!2026';

/** What each demo account of ASL Toscana Centro must see after signing in. */
const homes = [
  {
    role: 'designer',
    username: 'centro.designer',
    path: '/designer',
    heading: 'Percorsi di cura',
    roleLabel: 'Progettista di percorsi',
    nav: ['/designer', '/designer/questionari', '/designer/documenti', '/designer/workbench'],
  },
  {
    role: 'nurse',
    username: 'centro.infermiere',
    path: '/nurse',
    heading: 'Console infermieristica',
    roleLabel: 'Infermiere',
    nav: ['/nurse'],
  },
  {
    role: 'doctor',
    username: 'centro.medico',
    path: '/doctor',
    heading: 'Scrivania del medico',
    roleLabel: 'Medico',
    nav: ['/doctor'],
  },
  {
    role: 'patient',
    username: 'centro.paziente',
    path: '/patient',
    heading: 'Il mio percorso',
    roleLabel: 'Paziente',
    nav: [
      '/patient',
      '/patient/misurazioni',
      '/patient/andamento',
      '/patient/messaggi',
      '/patient/documenti',
    ],
  },
  {
    role: 'manager',
    username: 'centro.manager',
    path: '/manager',
    heading: 'Cruscotto direzionale',
    roleLabel: 'Direzione',
    nav: ['/manager'],
  },
  {
    role: 'admin',
    username: 'centro.admin',
    path: '/admin',
    heading: 'Amministrazione',
    roleLabel: 'Amministratore',
    nav: ['/admin', '/admin/system', '/admin/documenti'],
  },
] as const;

async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
}

/** The hrefs of the links in the role navigation, in order. */
async function navTargets(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Sezioni' });
  return nav
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe('e2e: login and role homes (Chromium)', function () {
  this.timeout(180_000);

  const ui = browserSuite();

  for (const home of homes) {
    it(`${home.username} signs in and sees only the ${home.role} home and sections`, async () => {
      const { baseUrl } = ui;
      await signIn(ui.page, baseUrl, home.username, PASSWORD);

      await ui.page.waitForURL(`${baseUrl}${home.path}`);
      await ui.page.getByRole('heading', { level: 1, name: home.heading }).waitFor();
      assert.equal(
        await ui.page.getByRole('heading', { level: 1 }).count(),
        1,
        'one <h1> per page',
      );
      assert.deepEqual(await navTargets(ui.page), home.nav);
      assert.equal(await ui.page.getByTestId('user-role').textContent(), home.roleLabel);
      assert.equal(await ui.page.getByTestId('tenant-name').textContent(), 'ASL Toscana Centro');
      assert.equal(await ui.page.locator('html').getAttribute('lang'), 'it');
      // The page finished loading its data: no spinner and no error box left.
      await ui.page.locator('.loading').first().waitFor({ state: 'detached' });
      assert.equal(await ui.page.getByRole('alert').count(), 0, 'no error shown on the home page');

      await saveScreenshot(ui.page, `home-${home.role}`);
    });
  }

  it('a wrong password shows "Credenziali non valide" and keeps the person on the login page', async () => {
    const { baseUrl } = ui;
    await signIn(ui.page, baseUrl, 'centro.infermiere', 'password-sbagliata');

    const alert = ui.page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent())?.trim(), 'Credenziali non valide');
    assert.equal(new URL(ui.page.url()).pathname, '/login');
    assert.equal(
      await ui.page.getByLabel('Password').inputValue(),
      '',
      'the wrong password is cleared',
    );
  });

  it('switching to English relabels the login page and the home, and survives a reload', async () => {
    const { baseUrl } = ui;
    await ui.page.goto(`${baseUrl}/login`);
    await ui.page.getByRole('button', { name: 'English' }).click();

    await ui.page.getByRole('heading', { level: 1, name: 'Sign in to Percorsi' }).waitFor();
    assert.equal(await ui.page.locator('html').getAttribute('lang'), 'en');
    await ui.page.getByLabel('Username').fill('centro.infermiere');
    await ui.page.getByLabel('Password').fill(PASSWORD);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();

    await ui.page.getByRole('heading', { level: 1, name: 'Nursing console' }).waitFor();
    assert.equal(await ui.page.getByTestId('user-role').textContent(), 'Nurse');
    await ui.page.getByRole('button', { name: 'Sign out' }).waitFor();

    await ui.page.reload();
    await ui.page.getByRole('heading', { level: 1, name: 'Nursing console' }).waitFor();
    assert.equal(await ui.page.locator('html').getAttribute('lang'), 'en');
  });

  it("another role's page shows Non autorizzato, and a visit without a session goes to /login", async () => {
    const { baseUrl } = ui;
    await ui.page.goto(`${baseUrl}/manager`);
    await ui.page.waitForURL(`${baseUrl}/login`);
    await ui.page.getByRole('heading', { level: 1, name: 'Accedi a Percorsi' }).waitFor();

    await ui.page.getByLabel('Nome utente').fill('centro.paziente');
    await ui.page.getByLabel('Password').fill(PASSWORD);
    await ui.page.getByRole('button', { name: 'Accedi' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Il mio percorso' }).waitFor();

    await ui.page.goto(`${baseUrl}/admin`);
    await ui.page.getByRole('heading', { level: 1, name: 'Non autorizzato' }).waitFor();
    assert.deepEqual(await navTargets(ui.page), [
      '/patient',
      '/patient/misurazioni',
      '/patient/andamento',
      '/patient/messaggi',
      '/patient/documenti',
    ]);
  });

  it('a nurse enrols a patient from the console; a second click does not enrol twice', async () => {
    const { baseUrl } = ui;
    await signIn(ui.page, baseUrl, 'centro.infermiere', PASSWORD);
    await ui.page.getByRole('link', { name: /Rossi Mario/ }).click();
    await ui.page.getByRole('heading', { level: 2, name: 'Rossi Mario' }).waitFor();

    await ui.page
      .getByLabel('Percorso', { exact: true })
      .selectOption({ label: 'Percorso di benvenuto' });
    await ui.page.getByRole('button', { name: 'Arruola' }).click();
    await ui.page
      .getByText('Arruolamento avviato: Rossi Mario nel percorso «Percorso di benvenuto».')
      .waitFor();
    const card = ui.page.getByRole('article', { name: 'Percorso di benvenuto' });
    await card.waitFor();
    assert.equal(await card.count(), 1);

    await ui.page.getByRole('button', { name: 'Arruola' }).click();
    await ui.page.getByText(/Rossi Mario ha già un arruolamento attivo/).waitFor();
    assert.equal(await card.count(), 1, 'still one enrolment card');
  });

  it("the nurse's open patient record follows the pathway live, without reloading the page", async () => {
    const { baseUrl } = ui;
    await signIn(ui.page, baseUrl, 'centro.infermiere', PASSWORD);
    await ui.page.getByRole('link', { name: /Ferri Lucia/ }).click();
    await ui.page.getByText('Il paziente non è arruolato in alcun percorso.').waitFor();
    await ui.page.locator('[data-status="connected"]').waitFor();
    await ui.page.evaluate(() => Object.assign(window, { samePage: true }));

    // Someone else (another nurse's screen) enrols her with a short wait step, so the
    // pathway runs to its end while this page only listens.
    const patients = await ui.page.context().request.get(`${baseUrl}/api/patients`);
    const { items } = (await patients.json()) as { items: { id: string; familyName: string }[] };
    const lucia = items.find((p) => p.familyName === 'Ferri');
    assert.ok(lucia, 'seeded patient Ferri Lucia');
    const created = await ui.page.context().request.post(`${baseUrl}/api/enrolments`, {
      data: { patientId: lucia.id, pathwayId: 'benvenuto', inputs: { waitSeconds: 2 } },
    });
    assert.equal(created.status(), 201);

    const card = ui.page.getByRole('article', { name: 'Percorso di benvenuto' });
    await card.waitFor({ timeout: 30_000 });
    await card.getByText('Concluso', { exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(
      await ui.page.evaluate(() => (window as { samePage?: boolean }).samePage),
      true,
      'no reload',
    );
  });

  it('the patient portal fits a phone (390 px) without sideways scrolling', async () => {
    const { baseUrl } = ui;
    await ui.page.setViewportSize(viewports.phone);
    await signIn(ui.page, baseUrl, 'centro.paziente', PASSWORD);
    await ui.page.getByRole('heading', { level: 1, name: 'Il mio percorso' }).waitFor();
    await ui.page.locator('.loading').first().waitFor({ state: 'detached' });

    const overflow = await ui.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    assert.ok(
      await ui.page.getByRole('button', { name: 'Esci' }).isVisible(),
      'sign-out reachable on a phone',
    );
    await saveScreenshot(ui.page, 'home-patient-phone');
  });
});
