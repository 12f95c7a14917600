import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { browserSuite, saveScreenshot, viewports, signIn } from '../support/browser.js';
import { painCheckPathway, publishPathway } from '../support/form-pathway.js';

/**
 * Records Content-Security-Policy violations: Form.io must run under the app's CSP (no
 * 'unsafe-eval', scripts from this origin only).
 */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

/**
 * Drags a component from the builder's sidebar onto the form, as a person does with the mouse
 * (Form.io's builder uses dragula: press, move in steps, release over the drop zone).
 */
async function dragFromSidebar(page: Page, source: Locator, target: Locator): Promise<void> {
  // Both ends in view at once, below the sticky header and action bar.
  await page.locator('.formbuilder').evaluate((el) => el.scrollIntoView({ block: 'end' }));
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  assert.ok(from && to, 'sidebar component and drop zone are on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

describe('e2e: questionnaires with Form.io (Chromium)', function () {
  this.timeout(240_000);

  const ui = browserSuite();

  it('a designer builds a questionnaire in the builder, previews it at phone width and publishes it', async () => {
    const { baseUrl, page } = ui;
    const csp = await watchCsp(page.context());
    await signIn(page, baseUrl, demoUsers.centro.designer);
    await page
      .getByRole('navigation', { name: 'Sezioni' })
      .getByRole('link', { name: 'Questionari' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Questionari' }).waitFor();
    // The built-ins are listed (the pain scale among them).
    await page.getByRole('link', { name: 'Intensità del dolore (scala numerica 0–10)' }).waitFor();

    await page.getByLabel('Identificativo', { exact: true }).fill('controllo-stanchezza');
    await page.getByLabel('Titolo (italiano)').fill('Controllo della stanchezza');
    await page.getByLabel('Titolo (inglese)').fill('Fatigue check');
    await page.getByRole('button', { name: 'Crea e apri l’editor' }).click();
    await page.waitForURL(`${baseUrl}/designer/questionari/controllo-stanchezza`);
    await page.getByRole('heading', { level: 1, name: 'Controllo della stanchezza' }).waitFor();

    // 1. A Number component dragged from the sidebar ("Di base" group) into the form.
    const number = page.locator('.formcomponents [data-type="number"]');
    await number.waitFor({ timeout: 30_000 });
    assert.equal((await number.textContent())?.trim(), 'Numero', 'Italian builder labels');
    await dragFromSidebar(page, number, page.locator('.formarea .drag-and-drop-alert').first());

    // 2. Its settings dialog: label, then the key in the API tab; saved.
    const dialog = page.locator('.formio-dialog');
    await dialog.waitFor();
    await dialog.locator('[name="data[label]"]').fill('Quanto ti senti stanco oggi? (0–10)');
    await dialog.getByRole('tab', { name: 'Chiave (API)' }).click();
    await dialog.locator('[name="data[key]"]').fill('stanchezza');
    await dialog.getByRole('button', { name: 'Salva', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.formarea .formio-component-stanchezza').waitFor();

    // 3. The answer leaves the form as an output of the pathway; the draft is saved.
    await page.getByLabel('Campo da aggiungere come uscita').selectOption('stanchezza');
    await page.getByRole('button', { name: 'Aggiungi uscita' }).click();
    await page
      .locator('[data-output="stanchezza"]')
      .getByLabel('Titolo (italiano)')
      .fill('Stanchezza');
    await page.locator('[data-output="stanchezza"]').getByLabel('Titolo (inglese)').fill('Fatigue');
    assert.equal(
      await page.locator('[data-output="stanchezza"]').getByLabel('Tipo').inputValue(),
      'number',
      'the output type follows the component',
    );
    await page.getByRole('button', { name: 'Salva bozza' }).click();
    await page.getByTestId('draft-saved').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'forms-builder');

    // 4. Preview at phone width (390 px) exactly as the patient sees it, checked on the server.
    await page.getByRole('button', { name: 'Anteprima' }).click();
    const preview = page.getByTestId('form-preview');
    await preview.locator('.formio-component-stanchezza input').fill('6');
    assert.equal(
      Math.round((await preview.locator('.device-frame__screen').boundingBox())!.width),
      390,
      'the phone preview is 390 px wide',
    );
    await page.getByRole('button', { name: 'Verifica sul server' }).click();
    const outcome = page.getByTestId('check-outcome');
    await outcome.waitFor();
    assert.match(
      (await outcome.textContent()) ?? '',
      /Le risposte superano i controlli del server/,
    );
    assert.match((await outcome.textContent()) ?? '', /Stanchezza: 6/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'forms-preview-phone');

    // 5. Publishing asks first: a published version cannot change.
    await page.getByRole('button', { name: 'Pubblica…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Pubblicare la versione 1?' });
    await confirm.waitFor();
    assert.match((await confirm.textContent()) ?? '', /non può più essere modificata/);
    await confirm.getByRole('button', { name: 'Pubblica', exact: true }).click();
    await page.getByTestId('form-published').waitFor();

    const res = await page
      .context()
      .request.get(`${baseUrl}/api/forms/controllo-stanchezza/versions/1`);
    assert.equal(res.status(), 200);
    const { form } = (await res.json()) as {
      form: {
        status: string;
        publishedBy: string;
        definition: {
          title: { it: string; en: string };
          outputs: Record<string, { type: string; title: { it: string } }>;
          schema: { components: { type: string; key: string; label?: string }[] };
        };
      };
    };
    assert.equal(form.status, 'published');
    assert.equal(form.publishedBy, demoUsers.centro.designer);
    assert.deepEqual(form.definition.title, {
      it: 'Controllo della stanchezza',
      en: 'Fatigue check',
    });
    const component = form.definition.schema.components.find((c) => c.key === 'stanchezza');
    assert.ok(component, 'the dragged component is in the published schema');
    assert.equal(component.type, 'number');
    assert.equal(component.label, 'Quanto ti senti stanco oggi? (0–10)');
    assert.equal(form.definition.outputs.stanchezza?.type, 'number');
    assert.equal(form.definition.outputs.stanchezza?.title.it, 'Stanchezza');
    assert.deepEqual(csp, [], 'no Content-Security-Policy violation');
  });

  it('a patient fills the pain scale on a phone, resumes the draft, submits; the nurse reads the answers', async () => {
    const { baseUrl, page } = ui;

    // Setup through the API: the pain-check pathway, the demo patient enrolled by the nurse,
    // and the form task it opens for the patient.
    const designer = await loginCookie(baseUrl, demoUsers.centro.designer);
    await publishPathway(baseUrl, designer, painCheckPathway());
    const patientCookie = await loginCookie(baseUrl, demoUsers.centro.patient);
    const me = await request(baseUrl).get('/api/me/patient').set('cookie', patientCookie);
    assert.equal(me.status, 200, JSON.stringify(me.body));
    const patient = me.body.patient as { id: string; givenName: string; familyName: string };
    const nurse = await loginCookie(baseUrl, demoUsers.centro.nurse);
    const enrolled = await request(baseUrl)
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId: patient.id, pathwayId: 'prova-dolore', inputs: {} });
    assert.ok([200, 201].includes(enrolled.status), JSON.stringify(enrolled.body));
    const enrolmentId = enrolled.body.enrolment.id as string;
    const item = await waitFor('the pain-scale form task', async () => {
      const res = await request(baseUrl)
        .get('/api/me/work-items?status=open')
        .set('cookie', patientCookie);
      return (res.body.items as { id: string; kind: string; enrolmentId: string }[]).find(
        (w) => w.kind === 'form' && w.enrolmentId === enrolmentId,
      );
    });

    // The patient, on a phone.
    const csp = await watchCsp(page.context());
    await page.setViewportSize(viewports.phone);
    await signIn(page, baseUrl, demoUsers.centro.patient);
    await page.getByRole('heading', { level: 2, name: 'Da fare oggi' }).waitFor();
    await page.getByRole('link', { name: /Quanto dolore senti\?/ }).click();
    await page.waitForURL(`${baseUrl}/patient/questionari/${item.id}`);
    await page.getByRole('heading', { level: 1, name: /Intensità del dolore/ }).waitFor();
    const fillUrl = page.url();

    // Half-way: pain 5, saved as a draft on its own; then the page is closed.
    await page.getByRole('radio', { name: '5', exact: true }).check();
    await page.getByText(/^Bozza salvata alle \d{2}:\d{2}$/).waitFor();
    await page.close();

    const again = await page.context().newPage();
    await again.setViewportSize(viewports.phone);
    await again.goto(fillUrl);
    await again.getByText(/^Hai ripreso la bozza salvata alle \d{2}:\d{2}$/).waitFor();
    await again.locator('.formio-component-dolore').waitFor();
    assert.equal(
      await again.getByRole('radio', { name: '5', exact: true }).isChecked(),
      true,
      'the draft is restored',
    );

    await again.getByRole('radio', { name: '8', exact: true }).check();
    await again.getByRole('radio', { name: 'Torace' }).check();
    const overflow = await again.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `the form is ${overflow}px wider than the phone`);
    await saveScreenshot(again, 'forms-patient-phone');

    // The server's objections land on the field (a 400 answer, staged once for this check).
    let attempts = 0;
    await again.route('**/form/submissions', async (route) => {
      attempts += 1;
      await route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Richiesta non valida',
          status: 400,
          errors: [{ path: 'body.answers.dolore', message: 'Valore da ricontrollare (prova)' }],
        }),
      });
    });
    await again.getByRole('button', { name: 'Invia' }).click();
    await again
      .locator('.formio-component-dolore')
      .getByText('Valore da ricontrollare (prova)')
      .first()
      .waitFor();
    assert.equal(attempts, 1);
    await again.unroute('**/form/submissions');

    await again.getByRole('button', { name: 'Invia' }).click();
    await again.getByRole('heading', { name: 'Grazie, le risposte sono state inviate' }).waitFor();
    assert.deepEqual(csp, [], 'no Content-Security-Policy violation');

    const submissions = await request(baseUrl)
      .get(`/api/patients/${patient.id}/form-submissions`)
      .set('cookie', nurse);
    assert.equal(submissions.status, 200);
    const mine = (
      submissions.body.items as { workItemId: string; outputs: Record<string, unknown> }[]
    ).filter((s) => s.workItemId === item.id);
    assert.equal(mine.length, 1, 'one submission');
    assert.deepEqual(mine[0]!.outputs, { dolore: 8 });

    // The nurse, at a desk, opens the patient and reads the answers.
    const browser = page.context().browser();
    assert.ok(browser);
    const desk = await browser.newContext({
      viewport: viewports.desktop,
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
    });
    try {
      const nursePage = await desk.newPage();
      await signIn(nursePage, baseUrl, demoUsers.centro.nurse);
      await nursePage
        .getByRole('link', { name: new RegExp(`${patient.familyName} ${patient.givenName}`) })
        .click();
      const panel = nursePage.getByTestId('patient-forms');
      await panel.getByRole('heading', { level: 3, name: 'Questionari' }).waitFor();
      // The output with its title and unit from the form version (loaded beside the list).
      const answer = panel.locator('[data-output="dolore"]', { hasText: 'Dolore (0–10)' }).first();
      await answer.waitFor();
      assert.match((await answer.textContent()) ?? '', /Dolore \(0–10\):?\s*8\s*punti/);
      await saveScreenshot(nursePage, 'forms-nurse-panel');

      await panel
        .getByRole('link', { name: /Vedi le risposte/ })
        .first()
        .click();
      const answers = nursePage.getByTestId('submission-answers');
      await answers.locator('.formio-component-dolore').waitFor();
      // Read-only choices are text beside a disabled radio (Form.io renders no <label> then).
      const eight = answers.locator('.formio-component-dolore input[type="radio"][value="8"]');
      assert.equal(await eight.isChecked(), true, 'the answer 8 is shown');
      assert.equal(await eight.isDisabled(), true, 'read-only');
      await saveScreenshot(nursePage, 'forms-nurse-answers');
    } finally {
      await desk.close();
    }
  });
});
