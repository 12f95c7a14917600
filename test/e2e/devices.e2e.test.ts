import assert from 'node:assert/strict';
import request from 'supertest';
import { demoUsers, loginCookie } from '../support/api-client.js';
import { browserSuite, saveScreenshot, signIn } from '../support/browser.js';

describe('e2e: a nurse registers and revokes a patient kit (Chromium)', function () {
  this.timeout(180_000);
  const ui = browserSuite();

  it('shows the access code once; the kit sends with it; revoked, it is refused', async () => {
    const nurseCookie = await loginCookie(ui.baseUrl, demoUsers.centro.nurse);
    const patients = await request(ui.baseUrl).get('/api/patients').set('cookie', nurseCookie);
    const rossi = (patients.body.items as { id: string; familyName: string }[]).find(
      (p) => p.familyName === 'Rossi',
    )!;
    const page = ui.page;
    await signIn(page, ui.baseUrl, demoUsers.centro.nurse);
    await page.goto(`${ui.baseUrl}/nurse/pazienti/${rossi.id}`);
    const panel = page.getByTestId('patient-devices');
    await panel.getByLabel('Nome del kit').fill('Saturimetro di casa');
    await panel.getByLabel('Numero di serie (facoltativo)').fill('SN-0042');
    await panel.getByRole('button', { name: 'Registra il kit' }).click();
    const token = (await panel.getByTestId('device-token').locator('code').textContent()) ?? '';
    assert.match(token, /^pdk_[A-Za-z0-9_-]{40,}$/);
    await panel.locator('.device-list__item').getByText('Saturimetro di casa').waitFor();
    await saveScreenshot(page, 'devices-registered');

    // The kit authenticates with its code (no enrolment measures it yet: a 400, not a 401).
    const send = () =>
      request(ui.baseUrl)
        .post('/api/device/readings')
        .set('authorization', `Bearer ${token}`)
        .send({
          patient: { id: rossi.id },
          deviceMessageId: `kit-${Date.now()}`,
          measuredAt: new Date().toISOString(),
          measurements: [{ code: '59408-5', value: 96, unit: '%' }],
        });
    const accepted = await send();
    assert.notEqual(accepted.status, 401, JSON.stringify(accepted.body));

    // Revoked from the page: the same code is refused at once.
    await panel.getByRole('button', { name: 'Revoca' }).click();
    await page.getByRole('button', { name: 'Revoca il kit' }).click();
    await panel.locator('[data-status="revoked"]').waitFor();
    assert.equal((await send()).status, 401);
    await saveScreenshot(page, 'devices-revoked');
  });
});
