import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import {
  launchBrowser,
  requireChromium,
  saveScreenshot,
  signIn,
  viewports,
  type BrowserSession,
} from '../support/browser.js';
import { requireOrSkip } from '../support/env.js';
import { testJanus } from '../support/janus.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { openVideoSession } from '../support/video.js';

/**
 * Video frames the page has decoded from other people, summed over its subscriber peer
 * connections (the page puts them on window.__percorsiVideo for this purpose only). Page code
 * is passed as text: the test runner's transpiler would name inner functions with a helper the
 * page lacks.
 */
async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const hook = window.__percorsiVideo;
    if (!hook) return 0;
    let frames = 0;
    for (const pc of hook.subscriberPcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') {
          frames += report.framesDecoded || 0;
        }
      });
    }
    return frames;
  })()`);
}

/** Whether the page scrolls sideways (the phone layout must not). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** Full-page screenshots of a sticky-header app come out right only from the top. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, name);
}

describe('e2e: video visit on Janus (two Chromium peers)', function () {
  this.timeout(300_000);

  let platform: TestPlatform | undefined;
  let browser: BrowserSession | undefined;
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

  before(async function () {
    requireChromium(this);
    const janus = await testJanus();
    requireOrSkip(this, janus !== null, 'janus is not installed (Debian package "janus")');
    platform = await startTestPlatform({ env: janus!.env });
    browser = await launchBrowser({ fakeMedia: true });
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(async function () {
    // One screenshot per person's page: each is a different view of the failure.
    if (this.currentTest?.state === 'failed') {
      for (const [index, page] of pages.entries()) {
        if (!page.isClosed()) {
          const file = await saveScreenshot(page, `failed-video-${index + 1}`).catch(() => null);
          if (file) console.log(`      screenshot of the failure: ${file}`);
        }
      }
    }
    for (const context of contexts.splice(0)) await context.close();
    pages.length = 0;
  });

  async function open(username: string, phone = false): Promise<Page> {
    const context = await browser!.newContext({
      viewport: phone ? viewports.phone : viewports.desktop,
      ...(phone ? { isMobile: true, hasTouch: true } : {}),
      permissions: ['camera', 'microphone'],
    });
    contexts.push(context);
    const page = await context.newPage();
    pages.push(page);
    await signIn(page, platform!.baseUrl, username);
    return page;
  }

  it('the patient waits, the doctor lets them in, both see each other, outsiders are refused, the doctor ends the visit', async () => {
    const baseUrl = platform!.baseUrl;
    const api = () => request(baseUrl);
    const u = demoUsers.centro;
    const cookies = {
      designer: await loginCookie(baseUrl, u.designer),
      nurse: await loginCookie(baseUrl, u.nurse),
      patient: await loginCookie(baseUrl, u.patient),
    };
    const patientId = (await api().get('/api/me/patient').set('cookie', cookies.patient)).body
      .patient.id as string;
    const visit = await openVideoSession(baseUrl, cookies, patientId);
    const path = `/video/${visit.sessionId}`;

    // 1. Each finds the visit where they look: the patient on the home page, the doctor in the
    //    patient's record; both land on the device check with their own camera.
    const doctor = await open(u.doctor);
    const patient = await open(u.patient, true);
    const card = patient.getByTestId('video-visits').getByRole('link', {
      name: /Entra nella sala d’attesa/,
    });
    await card.waitFor();
    await screenshot(patient, 'video-0-patient-home');
    await card.click();
    await patient.waitForURL(`${baseUrl}${path}`);
    await doctor.goto(`${baseUrl}/doctor/pazienti/${patientId}`);
    const row = doctor.locator(`[data-session="${visit.sessionId}"]`);
    await row.getByText('Aperta', { exact: true }).waitFor();
    await row.getByRole('link', { name: /Apri la videochiamata/ }).click();
    await doctor.waitForURL(`${baseUrl}${path}`);
    for (const page of [doctor, patient]) {
      await page.getByRole('heading', { level: 2, name: 'Prova audio e video' }).waitFor();
      await page.getByTestId('enter-button').and(page.locator(':enabled')).waitFor();
      await page.waitForFunction(
        `document.querySelector('[data-testid="preview-video"]')?.videoWidth > 0`,
      );
    }
    assert.ok((await horizontalOverflow(patient)) <= 0, 'the phone page does not scroll sideways');
    await screenshot(patient, 'video-1-device-check-patient');
    await screenshot(doctor, 'video-1-device-check-doctor');

    // 2. The patient goes in and waits; the join answer carries the token used below.
    const joinAnswer = patient.waitForResponse(
      (response) =>
        response.url().endsWith(`/api/video-sessions/${visit.sessionId}/join`) &&
        response.request().method() === 'POST',
    );
    await patient.getByRole('button', { name: 'Entra' }).click();
    const patientToken = ((await (await joinAnswer).json()) as { token: string }).token;
    await patient.getByRole('heading', { name: 'Sei in sala d’attesa' }).waitFor();
    await screenshot(patient, 'video-2-waiting-room-patient');

    // 3. The doctor goes in and finds the patient in the waiting list.
    await doctor.getByRole('button', { name: 'Entra nella visita' }).click();
    await doctor.getByTestId('call').waitFor();
    const admit = doctor.getByRole('button', { name: /Fai entrare/ });
    await admit.waitFor();
    await screenshot(doctor, 'video-3-doctor-waiting-list');

    // 4. Admission: from the click, each side waits for its first decoded frame of the other.
    const admittedAt = Date.now();
    await admit.click();
    const firstFrame: { doctor?: number; patient?: number; patientInCall?: number } = {};
    await waitFor(
      'video frames decoded on both sides',
      async () => {
        const [d, p, inCall] = await Promise.all([
          framesDecoded(doctor),
          framesDecoded(patient),
          patient.getByTestId('call').isVisible(),
        ]);
        if (inCall) firstFrame.patientInCall ??= Date.now();
        if (d > 0) firstFrame.doctor ??= Date.now();
        if (p > 0) firstFrame.patient ??= Date.now();
        return d > 30 && p > 30;
      },
      60_000,
    );
    process.stdout.write(
      `      join time (admission → first decoded remote frame): doctor ${
        firstFrame.doctor! - admittedAt
      } ms, patient ${firstFrame.patient! - admittedAt} ms (the patient's page, polling every 2 s, left the waiting room after ${
        firstFrame.patientInCall! - admittedAt
      } ms)\n`,
    );
    for (const page of [doctor, patient]) {
      await page.waitForFunction(
        `document.querySelector('[data-testid="remote-video"]')?.videoWidth > 0`,
      );
      assert.equal(await page.getByTestId('local-video').count(), 1);
    }
    assert.ok((await horizontalOverflow(patient)) <= 0, 'the phone call does not scroll sideways');
    await doctor.getByText('In videochiamata').first().waitFor();
    await screenshot(doctor, 'video-4-call-doctor');
    await screenshot(patient, 'video-4-call-patient');

    // 5. Muting is a pressed button with its label in words.
    await patient.getByRole('button', { name: 'Disattiva microfono' }).click();
    await patient.getByRole('button', { name: 'Attiva microfono', pressed: true }).waitFor();
    await patient.getByRole('button', { name: 'Attiva microfono' }).click();

    // 6. People the step does not name: the nurse of the same centre, a patient of another.
    for (const outsider of [u.nurse, demoUsers.nord.patient]) {
      const page = await open(outsider, outsider === demoUsers.nord.patient);
      await page.goto(`${baseUrl}${path}`);
      const refusal = page.getByTestId('video-refusal');
      await refusal.waitFor();
      assert.match(
        (await refusal.textContent()) ?? '',
        /Non puoi entrare in questa televisita.*Possono entrare solo le persone previste/,
      );
      if (outsider === u.nurse) await screenshot(page, 'video-5-refusal-nurse');
    }
    const stolen = await api()
      .post(`/api/video-sessions/${visit.sessionId}/connect`)
      .set('cookie', cookies.nurse)
      .send({ token: patientToken });
    assert.equal(stolen.status, 403, JSON.stringify(stolen.body));

    // 7. The doctor ends the visit: both pages say so, and the pathway step is done.
    await doctor.getByTestId('end-visit').click();
    await doctor.getByRole('dialog').getByRole('button', { name: 'Termina la visita' }).click();
    for (const page of [doctor, patient]) {
      await page.getByTestId('video-ended').waitFor();
      await page.getByRole('heading', { name: 'La televisita è terminata' }).waitFor();
      assert.equal(await page.getByTestId('remote-video').count(), 0, 'the call is closed');
    }
    await screenshot(doctor, 'video-6-ended-doctor');
    await screenshot(patient, 'video-6-ended-patient');
    await waitFor('the video work item done', async () => {
      const res = await api()
        .get(`/api/work-items?patientId=${patientId}&limit=500`)
        .set('cookie', cookies.nurse);
      const item = (res.body.items as { id: string; status: string }[]).find(
        (i) => i.id === visit.workItemId,
      );
      return item?.status === 'done';
    });
  });
});
