import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import request from 'supertest';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import {
  browserSuite,
  saveScreenshot,
  screenshotDir,
  signIn,
  viewports,
} from '../support/browser.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';

interface IndicatorRow {
  id: string;
  value: number | null;
  breakdown: { key: string; value: number | null; numerator?: number }[];
}

/** Today and 29 days before, as the dashboard's default period (local days, Europe/Rome). */
function last30Days(): { from: string; to: string } {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(d);
  const now = new Date();
  return { from: day(new Date(now.getTime() - 29 * 86_400_000)), to: day(now) };
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * The sideways overflow once the layout has settled after a resize: the charts follow the new
 * width through a ResizeObserver, a frame or two later. Returns the last figure seen.
 */
async function settledOverflow(page: Page): Promise<number> {
  let last = await overflow(page);
  for (let i = 0; i < 50 && last > 0; i += 1) {
    await page.waitForTimeout(100);
    last = await overflow(page);
  }
  return last;
}

/** The whole page from its top (the sticky header stays where it belongs). */
async function pageShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/** What is on screen: a modal side panel is fixed to the viewport, not to the page. */
async function screenShot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

async function downloadText(download: Download): Promise<string> {
  const file = await download.path();
  return readFile(file, 'utf8');
}

describe('e2e: the managers’ dashboard (Chromium)', function () {
  this.timeout(240_000);
  const ui = browserSuite();

  it('shows charts and indicators; the red alert opens a pseudonymised list; both CSV exports download', async () => {
    const { baseUrl, page } = ui;

    // 1. Data through the API: the demo patient enrolled in COPD telemonitoring, with a red
    //    alert from a low SpO2.
    const nurseCookie = await loginCookie(baseUrl, demoUsers.centro.nurse);
    const patientCookie = await loginCookie(baseUrl, demoUsers.centro.patient);
    const me = await request(baseUrl).get('/api/me/patient').set('cookie', patientCookie);
    assert.equal(me.status, 200, JSON.stringify(me.body));
    const patient = me.body.patient as {
      id: string;
      givenName: string;
      familyName: string;
      codiceFiscale: string;
    };
    await enrolWithRedAlert(baseUrl, { nurse: nurseCookie, patient: patientCookie }, patient.id);

    // The manager's figures include them (the report read model is refreshed from the facts).
    const managerCookie = await loginCookie(baseUrl, demoUsers.centro.manager);
    const period = last30Days();
    const figures = await waitFor('the enrolment and the red alert in the report', async () => {
      const res = await request(baseUrl)
        .get(`/api/reports/indicators?from=${period.from}&to=${period.to}`)
        .set('cookie', managerCookie);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const indicators = res.body.indicators as IndicatorRow[];
      const enrolled = indicators.find((i) => i.id === 'enrolled');
      const red = indicators
        .find((i) => i.id === 'alertsPerPatientMonth')
        ?.breakdown.find((b) => b.key === 'red');
      return enrolled?.value && red?.numerator
        ? { enrolled: enrolled.value, red: red.numerator }
        : null;
    });

    // 2. The manager opens the dashboard: the default period is the last 30 days.
    await signIn(page, baseUrl, demoUsers.centro.manager);
    await page.waitForURL(`${baseUrl}/manager`);
    await page.getByRole('heading', { level: 1, name: 'Cruscotto direzionale' }).waitFor();
    await page.getByRole('button', { name: 'Ultimi 30 giorni', pressed: true }).waitFor();
    assert.equal(await page.getByLabel('Dal', { exact: true }).inputValue(), period.from);
    assert.equal(await page.getByLabel('Al', { exact: true }).inputValue(), period.to);

    // Both charts are drawn (uPlot canvases), each with its summary and its table.
    for (const chart of ['chart-quality', 'chart-alerts']) {
      const figure = page.getByTestId(chart);
      await figure.locator('canvas').first().waitFor();
      const summary = await figure.getByRole('img').getAttribute('aria-label');
      assert.ok(summary && summary.length > 20, `${chart} has a text summary: ${summary}`);
      assert.equal(await figure.getByRole('table', { includeHidden: true }).count(), 1);
    }
    assert.match(
      (await page.getByTestId('chart-alerts').getByRole('img').getAttribute('aria-label')) ?? '',
      new RegExp(`rosse ${figures.red}, arancioni`),
    );

    // The indicator cards: grouped, with the enrolled count and the red alert.
    await page.getByRole('heading', { level: 2, name: 'Processo' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Esiti clinici' }).waitFor();
    const enrolled = page.locator('[data-indicator="enrolled"]');
    assert.equal(
      (await enrolled.getByTestId('indicator-value').textContent())?.trim(),
      String(figures.enrolled),
    );
    // Its definition beside it, in Italian, and in English one click away.
    assert.ok(((await enrolled.locator('.indicator__definition').textContent()) ?? '').length > 10);
    await enrolled.getByText('Definizione (English)').click();
    await enrolled.locator('.indicator__other p[lang="en"]').waitFor();
    const alerts = page.locator('[data-indicator="alertsPerPatientMonth"]');
    const redLine = alerts.locator('li[data-key="red"]');
    assert.match((await redLine.textContent()) ?? '', new RegExp(`n = ${figures.red}`));
    assert.match((await redLine.textContent()) ?? '', /Ross/);
    await pageShot(page, 'reports-dashboard-1280');

    // 3. The view lives in the URL: a quick period changes it and survives a reload.
    await page.getByRole('button', { name: 'Ultimi 90 giorni' }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/);
    await page.reload();
    await page.getByRole('button', { name: 'Ultimi 90 giorni', pressed: true }).waitFor();
    await page.locator('[data-indicator="enrolled"]').waitFor();
    await page.getByRole('button', { name: 'Ultimi 30 giorni' }).click();
    await page.getByRole('button', { name: 'Ultimi 30 giorni', pressed: true }).waitFor();
    await page.locator('.reports__body:not([aria-busy])').waitFor();

    // 4. Drill-down behind the red alerts: a pseudonymised list.
    await redLine.getByRole('button').click();
    const panel = page.getByTestId('drilldown');
    await panel.getByTestId('pseudonymised-banner').waitFor();
    assert.match(page.url(), /indicator=alertsPerPatientMonth&key=red/);
    const rows = panel.getByTestId('drilldown-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), figures.red);
    const panelText = (await panel.textContent()) ?? '';
    assert.match(panelText, /Elenco pseudonimizzato/);
    const pseudonym = /PZ-[0-9A-Z]{10}/.exec((await rows.first().textContent()) ?? '')?.[0];
    assert.ok(pseudonym, 'the row names the patient by a pseudonym');
    for (const identifying of [patient.familyName, patient.givenName, patient.codiceFiscale]) {
      assert.ok(!panelText.includes(identifying), `the list does not show ${identifying}`);
    }
    assert.equal(await panel.getByRole('columnheader', { name: 'Nome' }).count(), 0);
    assert.equal(await panel.getByRole('link', { name: /scheda/i }).count(), 0);
    await screenShot(page, 'reports-drilldown-1280');

    // Its CSV export: the same pseudonymised list.
    const [listDownload] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('link', { name: 'Esporta CSV' }).click(),
    ]);
    assert.match(listDownload.suggestedFilename(), /\.csv$/);
    const listCsv = await downloadText(listDownload);
    const [listHeader, ...listLines] = listCsv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(listHeader ?? '', /^indicator,pseudonym,pathway,/, `the header: ${listHeader}`);
    assert.equal(listLines.length, figures.red, listCsv);
    assert.ok(listCsv.includes(pseudonym), 'the export carries the pseudonym');
    for (const identifying of [patient.familyName, patient.givenName, patient.codiceFiscale]) {
      assert.ok(!listCsv.includes(identifying), `the export does not carry ${identifying}`);
    }

    // The phone: the list is stacked, nothing scrolls sideways.
    await page.setViewportSize(viewports.phone);
    assert.ok((await settledOverflow(page)) <= 0, 'the drill-down fits a phone');
    await screenShot(page, 'reports-drilldown-390');
    await panel.getByRole('button', { name: 'Chiudi' }).click();
    await panel.waitFor({ state: 'detached' });
    assert.doesNotMatch(page.url(), /indicator=/);
    assert.ok((await settledOverflow(page)) <= 0, 'the dashboard fits a phone');
    await pageShot(page, 'reports-dashboard-390');
    for (let k = 0; k < 8; k++)
      await page.screenshot({
        path: `/tmp/rmock/real-390-${k}.png`,
        fullPage: true,
        clip: { x: 0, y: k * 900, width: 390, height: 900 },
      });
    await page.setViewportSize(viewports.desktop);

    // 5. In English: the same figures, the definitions in English with the Italian one at hand.
    await page
      .getByRole('group', { name: 'Lingua' })
      .getByRole('button', { name: 'English' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Management dashboard' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Clinical outcomes' }).waitFor();
    await enrolled.getByText('Definizione (italiano)').waitFor();
    assert.equal(await enrolled.locator('.indicator__other p').getAttribute('lang'), 'it');
    await page
      .getByRole('group', { name: 'Language' })
      .getByRole('button', { name: 'Italiano' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Cruscotto direzionale' }).waitFor();

    // 6. The dashboard's CSV export: one line per figure, for the period shown.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Esporta CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = (await downloadText(download)).replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    assert.match(
      header ?? '',
      /^period_from,period_to,.*,indicator,.*,value,/,
      `the header: ${header}`,
    );
    // period_from … group, indicator (7th), …, value (12th): the figure the card showed.
    const enrolledLine = lines
      .map((line) => line.split(','))
      .find((cells) => cells[6] === 'enrolled');
    assert.ok(enrolledLine, csv);
    assert.equal(enrolledLine[11], String(figures.enrolled), enrolledLine.join(','));
    assert.ok(csv.includes(period.from) && csv.includes(period.to), 'the period is in the file');
    assert.ok(!csv.includes(patient.familyName), 'aggregates only');

    // The PDF report link asks for the same view.
    const pdfHref = await page.getByRole('link', { name: 'Report PDF' }).getAttribute('href');
    assert.equal(pdfHref, `/api/reports/report.pdf?from=${period.from}&to=${period.to}`);
    const pdf = await request(baseUrl)
      .get(pdfHref)
      .set('cookie', managerCookie)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    assert.equal(pdf.status, 200);
    assert.match(String(pdf.headers['content-disposition']), /attachment/);
    assert.equal((pdf.body as Buffer).subarray(0, 5).toString(), '%PDF-');
  });
});
