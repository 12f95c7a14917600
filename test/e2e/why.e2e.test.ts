import assert from 'node:assert/strict';
import request from 'supertest';
import { demoUsers, loginCookie } from '../support/api-client.js';
import { browserSuite, saveScreenshot, signIn } from '../support/browser.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';

describe('e2e: "Perché?" from the nurse console (Chromium)', function () {
  this.timeout(240_000);

  const ui = browserSuite();

  it('opens the chain of a red alert as a timeline, in Italian and English, with the exports', async () => {
    const { baseUrl, page } = ui;
    // 1. A red alert (SpO2 86 % under the patient's 92 %), acknowledged with a note.
    const nurseCookie = await loginCookie(baseUrl, demoUsers.centro.nurse);
    const patientCookie = await loginCookie(baseUrl, demoUsers.centro.patient);
    const me = await request(baseUrl).get('/api/me/patient').set('cookie', patientCookie);
    const { alert } = await enrolWithRedAlert(
      baseUrl,
      { nurse: nurseCookie, patient: patientCookie },
      me.body.patient.id as string,
    );
    const ack = await request(baseUrl)
      .post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`)
      .set('cookie', nurseCookie)
      .send({ note: 'Richiamata la paziente' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));

    // 2. The nurse opens her console and asks "Perché?" on the alert's row.
    await signIn(page, baseUrl, demoUsers.centro.nurse);
    const row = page.locator(`[data-testid="worklist-row"][data-id="${alert.id}"]`);
    await row.waitFor();
    const button = row.getByTestId('why-button');
    assert.equal(await button.textContent(), 'Perché?');
    await button.click();

    // 3. A modal panel: the rule with the patient's threshold, the chain oldest first.
    const panel = page.getByRole('dialog');
    await panel.getByRole('heading', { level: 2, name: 'SpO2 sotto soglia' }).waitFor();
    assert.equal(
      await panel.getByTestId('why-condition').textContent(),
      'SpO2 < 92 % (soglia del paziente)',
    );
    const steps = panel.getByTestId('why-timeline').locator('li');
    const kinds = await steps.evaluateAll((items) =>
      items.map((li) => li.getAttribute('data-kind')),
    );
    assert.deepEqual(
      kinds.filter((k) => ['reading', 'rule', 'alert', 'acknowledgement'].includes(k ?? '')),
      ['reading', 'rule', 'alert', 'acknowledgement'],
    );
    await panel
      .locator('[data-kind="acknowledgement"]')
      .getByText('Entro il limite', { exact: true })
      .waitFor();
    await panel
      .locator('[data-kind="escalation-timer"]')
      .getByText('Storia del workflow')
      .waitFor();
    const csv = panel.getByRole('link', { name: 'Scarica la catena in CSV' });
    assert.equal(
      await csv.getAttribute('href'),
      `/api/alerts/${encodeURIComponent(alert.id)}/why.csv`,
    );
    await panel.getByRole('link', { name: 'Scarica la catena in PDF' }).waitFor();
    await saveScreenshot(page, 'why-alert-panel-it');

    // 4. Esc closes it and gives the focus back to the button.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'why-button',
    );

    // 5. In English.
    await page.getByRole('button', { name: 'English' }).click();
    await row.getByTestId('why-button').click();
    const english = page.getByRole('dialog');
    await english.getByRole('heading', { level: 2, name: 'SpO2 below threshold' }).waitFor();
    assert.equal(
      await english.getByTestId('why-condition').textContent(),
      "SpO2 < 92 % (patient's threshold)",
    );
    await english.getByText('Chain of events').waitFor();
    await saveScreenshot(page, 'why-alert-panel-en');
  });
});
