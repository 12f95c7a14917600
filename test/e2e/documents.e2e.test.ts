import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import {
  browserSuite,
  saveScreenshot,
  screenshotDir,
  signIn,
  viewports,
} from '../support/browser.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';

interface DocumentDto {
  id: string;
  type: string;
  enrolmentId: string | null;
  cdaUrl: string | null;
  title: string;
  version: number;
  status: string;
  authorName: string;
  pdfUrl: string;
  pdfSha256: string;
  fse: { status: string };
  conformance: { schematron: string; assertionsChecked: number } | null;
}

/** The PDF magic number: the bytes a viewer needs before anything else. */
const isPdf = (bytes: Buffer) => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

/** Whether the page scrolls sideways (the phone layout must not). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Full-page screenshots of a sticky-header app come out right only from the top. */
async function screenshotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/**
 * One part of the page, for a closer look than the full page gives: cut from a full-page
 * screenshot taken from the top, so the sticky header stays where it belongs.
 */
async function screenshotOf(page: Page, locator: Locator, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await locator.boundingBox();
  assert.ok(box, `${name}: the part is on the page`);
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: true,
    clip: box,
  });
}

/** A day in Rome, `YYYY-MM-DD`, `days` after today (what the summary form proposes). */
function romeDay(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(at);
}

/**
 * Records, in order, every FSE badge (state and words) the first document row shows: a state
 * can last less than one poll, so it is watched in the page rather than sampled from the test.
 * Page code is passed as text: the test runner's transpiler would name inner functions with a
 * helper the page lacks.
 */
async function recordFseStates(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(`(() => {
    const root = document.querySelector('[data-testid="documents-panel"]');
    const seen = (window.fseStates = []);
    new MutationObserver(() => {
      const badge = root.querySelector('.document-row [data-fse-status]');
      const shown = badge ? badge.getAttribute('data-fse-status') + ' ' + badge.textContent : null;
      if (shown && seen[seen.length - 1] !== shown) seen.push(shown);
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
  return () => page.evaluate<string[]>('window.fseStates');
}

/**
 * Keeps every Blob the page turns into an object URL, so the test can read what the preview
 * frame shows (the page's CSP rightly forbids fetching blob: URLs). Call before the page loads.
 */
async function keepObjectUrls(page: Page): Promise<void> {
  await page.context().addInitScript(`(() => {
    const create = URL.createObjectURL.bind(URL);
    window.objectUrls = new Map();
    URL.createObjectURL = (blob) => {
      const url = create(blob);
      window.objectUrls.set(url, blob);
      return url;
    };
  })()`);
}

/** The type, size and first bytes of the Blob behind an object URL. */
async function objectUrlBlob(
  page: Page,
  url: string,
): Promise<{ type: string; size: number; head: string }> {
  return page.evaluate<{ type: string; size: number; head: string }>(`(async () => {
    const blob = window.objectUrls.get(${JSON.stringify(url)});
    const head = new Uint8Array(await blob.slice(0, 5).arrayBuffer());
    return { type: blob.type, size: blob.size, head: String.fromCharCode(...head) };
  })()`);
}

/** Chromium's own PDF viewer (an extension frame inside the iframe). */
const pdfViewerOrigin = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

describe('e2e: clinical documents (Chromium)', function () {
  this.timeout(240_000);

  const ui = browserSuite();
  /** The Referto di Televisita the doctor signs; the patient then finds it on the phone. */
  let signed: DocumentDto | undefined;

  it('a designer previews the RSA from a sample (conforming PDF and CDA), then sees a broken codice fiscale named at its line', async () => {
    const { baseUrl, page } = ui;
    await keepObjectUrls(page);
    // Tall enough for the screenshot to show the verdict, the PDF and the start of the CDA.
    await page.setViewportSize({ width: 1280, height: 1600 });
    await signIn(page, baseUrl, demoUsers.centro.designer);
    await page
      .getByRole('navigation', { name: 'Sezioni' })
      .getByRole('link', { name: 'Documenti' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Documenti clinici' }).waitFor();

    // 1. The five types: four FSE CDA templates and the PDF-only telemonitoring summary.
    const cards = page.getByRole('list', { name: 'Documenti clinici' }).getByRole('listitem');
    await cards.first().waitFor();
    assert.deepEqual(
      (await cards.getByRole('heading', { level: 2 }).allTextContents()).map((t) => t.trim()),
      [
        'Referto di Televisita',
        'Relazione di Teleconsulto',
        'Relazione finale di Teleassistenza',
        'Referto di Specialistica Ambulatoriale',
        'Riepilogo di telemonitoraggio',
      ],
    );
    const rsaCard = page.locator('[data-type="rsa"]');
    assert.match((await rsaCard.textContent()) ?? '', /schematron_RSA_v8\.3\.sch/);
    assert.match(
      (await page.locator('[data-type="riepilogo-telemonitoraggio"]').textContent()) ?? '',
      /Solo PDF/,
    );

    // 2. The RSA's preview, from the third sample.
    await page.getByRole('link', { name: 'Referto di Specialistica Ambulatoriale' }).click();
    await page.waitForURL(`${baseUrl}/designer/documenti/rsa`);
    await page
      .getByRole('heading', { level: 1, name: 'Anteprima: Referto di Specialistica Ambulatoriale' })
      .waitFor();
    const sample = page.getByLabel('Dati di esempio');
    await sample.selectOption('2');
    assert.match(
      (await sample.locator('option:checked').textContent()) ?? '',
      /^Esempio 3 — Giuseppe Esposito/,
    );
    const editor = page.getByLabel('Dati (JSON)');
    assert.match(await editor.inputValue(), /"fiscalCode": "SPSGPP/);

    await page.getByRole('button', { name: 'Genera anteprima' }).click();
    const results = page.getByTestId('document-preview');
    const conforming = results.locator('[data-testid="conformance"] [data-valid="true"]');
    await conforming.waitFor({ timeout: 60_000 });
    const verdict = (await conforming.textContent()) ?? '';
    const counted =
      /^Conforme: XSD e schematron schematron_RSA_v8\.3\.sch, (\d+) asserzioni verificate, 0 errori\.$/.exec(
        verdict.trim(),
      );
    assert.ok(counted, `conformance verdict: ${verdict}`);
    assert.ok(Number(counted[1]) > 100, `the schematron ran its assertions (${counted[1]})`);

    // The PDF is in the frame (a blob of application/pdf), the CDA in the viewer.
    const frame = results.locator('iframe.pdf-frame');
    assert.equal(
      await frame.getAttribute('title'),
      'Anteprima PDF: Referto di Specialistica Ambulatoriale',
    );
    assert.ok(((await frame.boundingBox())?.height ?? 0) > 400, 'the PDF frame is tall enough');
    const src = (await frame.getAttribute('src')) ?? '';
    assert.match(src, /^blob:/);
    const framed = await objectUrlBlob(page, src);
    assert.equal(framed.type, 'application/pdf');
    assert.equal(framed.head, '%PDF-');
    assert.ok(framed.size > 10_000, `a real PDF (${framed.size} bytes)`);
    const viewer = await waitFor('the PDF viewer in the frame', async () =>
      page.frames().find((f) => f.url().startsWith(pdfViewerOrigin)),
    );
    const pages = viewer.locator('#pagelength').filter({ hasText: /^\d+$/ });
    await pages.waitFor();
    assert.ok(Number(await pages.textContent()) >= 1, 'the viewer counts the PDF’s pages');
    const cda = (await results.locator('pre.cda-viewer').textContent()) ?? '';
    assert.match(cda, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    assert.match(
      cda,
      /<ClinicalDocument[\s\S]*<templateId root="2\.16\.840\.1\.113883\.2\.9\.10\.1\.9\.1"/,
    );
    await screenshotFromTop(page, 'documents-designer-preview');

    // 3. A codice fiscale with a wrong check character: no preview, the field named at its line.
    const data = JSON.parse(await editor.inputValue()) as {
      header: { patient: { fiscalCode: string } };
    };
    const goodCf = data.header.patient.fiscalCode;
    const wrongCheck = goodCf.endsWith('A') ? 'B' : 'A';
    data.header.patient.fiscalCode = `${goodCf.slice(0, 15)}${wrongCheck}`;
    await editor.fill(`${JSON.stringify(data, null, 2)}\n`);
    await page.getByText('Dati modificati rispetto all’esempio').waitFor();
    await page.getByRole('button', { name: 'Genera anteprima' }).click();
    const invalid = page.getByTestId('preview-invalid');
    await invalid.waitFor();
    assert.match((await invalid.textContent()) ?? '', /I dati contengono 1 errore\./);
    const problem = invalid.getByRole('button', { name: /header\.patient\.fiscalCode/ });
    assert.match((await problem.textContent()) ?? '', /^Riga \d+, colonna \d+/);
    assert.match((await problem.textContent()) ?? '', /codice fiscale non valido/);
    assert.match(
      (await results.textContent()) ?? '',
      /Nessuna anteprima: i dati contengono errori/,
      'the results say why there is no preview',
    );
    assert.equal(await results.locator('iframe.pdf-frame').count(), 0, 'the old PDF is gone');

    // The error takes the caret to the codice fiscale's line.
    const line = Number(/^Riga (\d+)/.exec((await problem.textContent()) ?? '')![1]);
    await problem.click();
    assert.match(
      (await page.getByTestId('caret').textContent()) ?? '',
      new RegExp(`Riga ${line},`),
    );
    const selected = await editor.evaluate((el) => {
      const area = el as HTMLTextAreaElement;
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    assert.match(selected, /"fiscalCode"/);
    await screenshotFromTop(page, 'documents-designer-errors');
  });

  it('a doctor writes a Referto di Televisita from the generated form; it is signed, then published on the FSE', async () => {
    const { baseUrl, page } = ui;
    await signIn(page, baseUrl, demoUsers.centro.doctor);
    const patients = await page.context().request.get(`${baseUrl}/api/patients`);
    assert.equal(patients.status(), 200);
    const mario = (
      (await patients.json()) as { items: { id: string; givenName: string; familyName: string }[] }
    ).items.find((p) => p.givenName === 'Mario' && p.familyName === 'Rossi');
    assert.ok(mario, 'Mario Rossi is a patient of the tenant');
    await page.goto(`${baseUrl}/doctor/pazienti/${mario.id}`);

    // 1. The clinical record's documents: none yet.
    const panel = page.getByTestId('documents-panel');
    await panel.getByRole('heading', { level: 2, name: 'Documenti clinici' }).waitFor();
    await panel.getByText('Nessun documento clinico per questo paziente.').waitFor();

    // 2. A new document: only types a doctor writes (the telemonitoring summary comes from the
    //    records), then the form generated from the Referto di Televisita's schema.
    await panel.getByRole('button', { name: 'Nuovo documento' }).click();
    const type = panel.getByLabel('Tipo di documento');
    await type.locator('option[value="rsa"]').waitFor({ state: 'attached' });
    assert.deepEqual(
      (await type.locator('option').allTextContents()).map((t) => t.trim()),
      [
        'Scegli un tipo…',
        'Referto di Televisita',
        'Relazione di Teleconsulto',
        'Relazione finale di Teleassistenza',
        'Referto di Specialistica Ambulatoriale',
      ],
    );
    await type.selectOption({ label: 'Referto di Televisita' });
    const form = panel.locator('form.document-form');
    const group = (name: string) => form.getByRole('group', { name, exact: true });

    // 3. What a cardiologist writes after a follow-up video visit.
    await form.getByLabel('Inizio dell’incontro').waitFor();
    const booking = group('Prenotazione');
    await booking
      .getByLabel('OID del sistema di prenotazione')
      .fill('2.16.840.1.113883.2.9.2.90.4.8');
    await booking.getByLabel('Numero di prenotazione').fill('CUP-2026-004117');
    await form.getByLabel('Tipo di visita').selectOption({ label: 'Visita di controllo' });
    const service = group('Prestazione');
    await service.getByLabel('Codice della prestazione').fill('89.01');
    await service
      .getByLabel('Descrizione della prestazione')
      .fill('Visita cardiologica di controllo');
    const branca = group('Branca specialistica');
    await branca.getByLabel('Codice della branca').fill('02');
    await branca.getByLabel('Branca', { exact: true }).fill('Cardiologia');
    const disciplina = group('Disciplina');
    await disciplina.getByLabel('Codice della disciplina').fill('08');
    await disciplina.getByLabel('Disciplina', { exact: true }).fill('Cardiologia');
    const connection = group('Collegamento');
    await connection
      .getByLabel('Modalità di collegamento')
      .selectOption({ label: 'Videochiamata (video)' });
    await connection.getByLabel('Dove si trovava il paziente').fill('domicilio');
    await connection.getByLabel('Assistito da').fill('la figlia');
    await connection.getByLabel('Qualità del collegamento').selectOption({ label: 'Buona' });
    await form
      .getByLabel('Referto', { exact: true })
      .fill(
        'Paziente in telemonitoraggio per scompenso cardiaco cronico. Riferisce dispnea solo per sforzi intensi, nessuna ortopnea. Peso stabile nelle ultime due settimane, pressione arteriosa domiciliare 115-125/70-80 mmHg. In video non edemi declivi apprezzabili. Quadro clinico stabile: si conferma la terapia in atto.',
      );
    const diagnoses = group('Diagnosi (facoltativo)');
    await diagnoses.getByRole('button', { name: 'Aggiungi voce' }).click();
    const diagnosis = group('Diagnosi 1');
    await diagnosis.getByLabel('Codice', { exact: true }).fill('428.0');
    await diagnosis
      .getByLabel('Descrizione del codice')
      .fill('Insufficienza cardiaca congestizia non specificata');
    await screenshotFromTop(page, 'documents-doctor-new');

    // 4. Signed: stored as pending, then the embedded gateway publishes it within seconds.
    const fseStates = await recordFseStates(page);
    const created = page.waitForResponse(
      (res) =>
        res.request().method() === 'POST' &&
        res.url().endsWith(`/api/patients/${mario.id}/documents`),
    );
    await form.getByRole('button', { name: 'Firma e salva' }).click();
    const response = await created;
    assert.equal(response.status(), 201, await response.text());
    const referto = (await response.json()) as DocumentDto;
    assert.equal(referto.fse.status, 'pending');
    assert.equal(referto.authorName, 'Dott. Marco Bianchi');
    assert.equal(referto.conformance?.schematron, 'schematron_Referto_Televisita_v1.0.sch');
    await panel
      .getByTestId('documents-notice')
      .getByText('«Referto di Televisita» (versione 1) firmato e salvato.')
      .waitFor();
    await form.waitFor({ state: 'detached' });

    const row = panel.locator(`.document-row[data-document="${referto.id}"]`);
    await row.getByRole('heading', { level: 3, name: 'Referto di Televisita' }).waitFor();
    assert.match((await row.textContent()) ?? '', /di Dott\. Marco Bianchi/);
    await row.locator('[data-fse-status="published"]').waitFor({ timeout: 30_000 });
    assert.equal((await row.locator('[data-fse-status]').textContent())?.trim(), 'FSE: Pubblicato');
    assert.deepEqual(
      await fseStates(),
      ['pending FSE: In attesa', 'published FSE: Pubblicato'],
      'the badge went from «In attesa» to «Pubblicato»',
    );
    await panel.getByText('Pubblicazione sul FSE in corso').waitFor({ state: 'detached' });
    assert.match(
      (await row.textContent()) ?? '',
      new RegExp(`${referto.conformance.assertionsChecked} asserzioni verificate`),
    );
    await screenshotFromTop(page, 'documents-doctor-panel');

    // 5. The PDF opens in a new tab, byte for byte the signed file.
    const pdfResponse = page
      .context()
      .waitForEvent('response', (res) => res.url() === `${baseUrl}${referto.pdfUrl}`);
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      row.getByRole('link', { name: /^PDF\s*: Referto di Televisita, versione 1/ }).click(),
    ]);
    const pdf = await pdfResponse;
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal(tab.url(), `${baseUrl}${referto.pdfUrl}`);
    await waitFor('the PDF viewer in the new tab', async () =>
      tab.frames().some((f) => f.url().startsWith(pdfViewerOrigin)),
    );
    // The viewer consumes the body itself: the same URL again, checked against the stored hash.
    const bytes = await (await page.context().request.get(pdf.url())).body();
    assert.ok(isPdf(bytes), 'the link serves a PDF');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), referto.pdfSha256);
    assert.equal(pdf.headers()['x-content-sha256'], referto.pdfSha256);
    await tab.close();

    signed = { ...referto, fse: { status: 'published' } };
  });

  it("a doctor produces the telemonitoring summary of Mario Rossi's COPD enrolment: PDF only, listed with its PDF", async () => {
    const { baseUrl, page } = ui;
    // Mario Rossi (the demo patient) is enrolled in COPD telemonitoring and sends an SpO2 of
    // 86 %, which raises a red alert: the period has a reading and an alert to summarise.
    const nurse = await loginCookie(baseUrl, demoUsers.centro.nurse);
    const patient = await loginCookie(baseUrl, demoUsers.centro.patient);
    await signIn(page, baseUrl, demoUsers.centro.doctor);
    const patients = await page.context().request.get(`${baseUrl}/api/patients`);
    const mario = (
      (await patients.json()) as { items: { id: string; givenName: string; familyName: string }[] }
    ).items.find((p) => p.givenName === 'Mario' && p.familyName === 'Rossi');
    assert.ok(mario, 'Mario Rossi is a patient of the tenant');
    const { enrolmentId } = await enrolWithRedAlert(baseUrl, { nurse, patient }, mario.id);
    await page.goto(`${baseUrl}/doctor/pazienti/${mario.id}`);

    // 1. The panel's second action opens the summary's form, its heading focused.
    const panel = page.getByTestId('documents-panel');
    await panel.getByRole('heading', { level: 2, name: 'Documenti clinici' }).waitFor();
    await panel.getByRole('button', { name: 'Nuovo documento' }).waitFor();
    await panel.getByRole('button', { name: 'Riepilogo di telemonitoraggio' }).click();
    const form = panel.getByTestId('summary-form');
    const heading = form.getByRole('heading', { level: 3, name: 'Riepilogo di telemonitoraggio' });
    await heading.waitFor();
    assert.ok(await heading.evaluate((el) => el === document.activeElement), 'focus on the form');
    assert.equal(
      await panel.getByRole('button', { name: 'Nuovo documento' }).count(),
      0,
      'one form at a time',
    );

    // 2. The enrolment (the only one, in progress) is chosen; the period is the last 30 days.
    const enrolment = form.getByLabel('Percorso', { exact: true });
    await enrolment.locator(`option[value="${enrolmentId}"]`).waitFor({ state: 'attached' });
    assert.equal(await enrolment.inputValue(), enrolmentId);
    assert.match(
      (await enrolment.locator('option:checked').textContent()) ?? '',
      /^Telemonitoraggio BPCO · dal \d{1,2} [a-z]{3} \d{4}$/,
    );
    assert.equal(
      await enrolment
        .locator('option:checked')
        .evaluate((o) => (o.parentElement as HTMLOptGroupElement).label),
      'In corso',
    );
    const from = form.getByLabel('Dal giorno');
    const to = form.getByLabel('Al giorno (compreso)');
    assert.equal(await from.inputValue(), romeDay(-30));
    assert.equal(await to.inputValue(), romeDay());

    // 3. A period that ends before it starts is named under its field, and focused.
    await from.fill(romeDay(1));
    await form.getByRole('button', { name: 'Firma e produci il PDF' }).click();
    await form.getByText('L’ultimo giorno non può precedere il primo.').waitFor();
    assert.equal(await to.getAttribute('aria-invalid'), 'true');
    assert.ok(await to.evaluate((el) => el === document.activeElement), 'focus on the last day');
    await from.fill(romeDay(-7));
    assert.equal(await to.getAttribute('aria-invalid'), null, 'the corrected period is no error');
    assert.equal(await form.getByTestId('summary-problems').count(), 0);
    const notes = form.getByLabel('Note del medico');
    await notes.fill(
      "Desaturazione isolata all'86 % senza riacutizzazione clinica: confermata l'ossigenoterapia, controllo tra due settimane.",
    );
    await screenshotOf(page, panel, 'documents-summary-form');

    // 4. Produced: 201, PDF only, the period from the start of the first day to now.
    const produced = page.waitForResponse(
      (res) =>
        res.request().method() === 'POST' &&
        res.url().endsWith(`/api/patients/${mario.id}/documents/telemonitoring-summary`),
    );
    await form.getByRole('button', { name: 'Firma e produci il PDF' }).click();
    const response = await produced;
    assert.equal(response.status(), 201, await response.text());
    const sent = response.request().postDataJSON() as {
      enrolmentId: string;
      from: string;
      to: string;
      notes: string;
      idempotencyKey: string;
    };
    assert.equal(sent.enrolmentId, enrolmentId);
    assert.match(sent.from, new RegExp(`^${romeDay(-7)}T00:00:00\\+0[12]:00$`));
    assert.match(sent.to, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    assert.ok(Math.abs(Date.parse(sent.to) - Date.now()) < 60_000, `to is now (${sent.to})`);
    assert.match(sent.notes, /ossigenoterapia/);
    assert.ok(sent.idempotencyKey.length >= 8);
    const summary = (await response.json()) as DocumentDto;
    assert.equal(summary.type, 'riepilogo-telemonitoraggio');
    assert.equal(summary.enrolmentId, enrolmentId);
    assert.equal(summary.fse.status, 'not-applicable');
    assert.equal(summary.cdaUrl, null);
    await panel
      .getByTestId('documents-notice')
      .getByText(/firmato e salvato: solo PDF, non inviato al FSE\.$/)
      .waitFor();
    await form.waitFor({ state: 'detached' });

    // 5. The new row: "Solo PDF", no CDA and no new version; its PDF link serves the PDF.
    const row = panel.locator(`.document-row[data-document="${summary.id}"]`);
    await row.getByRole('heading', { level: 3, name: summary.title }).waitFor();
    assert.equal(
      (await row.locator('[data-fse-status="not-applicable"]').textContent())?.trim(),
      'FSE: Solo PDF',
    );
    assert.match((await row.textContent()) ?? '', /di Dott\. Marco Bianchi/);
    assert.equal(await row.getByRole('link', { name: /^CDA/ }).count(), 0);
    assert.equal(await row.getByRole('button', { name: /^Nuova versione/ }).count(), 0);
    const link = row.getByRole('link', { name: /^PDF\s*:/ });
    assert.equal(await link.getAttribute('href'), summary.pdfUrl);
    const pdfResponse = page
      .context()
      .waitForEvent('response', (res) => res.url() === `${baseUrl}${summary.pdfUrl}`);
    const [tab] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    const pdf = await pdfResponse;
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const bytes = await (await page.context().request.get(pdf.url())).body();
    assert.ok(isPdf(bytes), 'the link serves a PDF');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), summary.pdfSha256);
    await tab.close();
    await screenshotOf(page, panel, 'documents-summary-done');
  });

  it('the patient finds the referto on the phone and saves the PDF', async () => {
    const { baseUrl, page } = ui;
    assert.ok(signed, 'the doctor signed a referto (previous test)');
    await page.setViewportSize(viewports.phone);
    await signIn(page, baseUrl, demoUsers.centro.patient);
    const nav = page.getByRole('navigation', { name: 'Sezioni' });
    await nav.getByRole('link', { name: 'Documenti' }).click();
    await page.waitForURL(`${baseUrl}/patient/documenti`);
    await page.getByRole('heading', { level: 1, name: 'I miei documenti' }).waitFor();

    const item = page.locator(`.my-document[data-document="${signed.id}"]`);
    await item.getByRole('heading', { level: 2, name: 'Referto di Televisita' }).waitFor();
    assert.match((await item.textContent()) ?? '', /Firmato da Dott\. Marco Bianchi/);
    const download = item.getByRole('link', { name: /^Scarica PDF/ });
    assert.equal(await download.getAttribute('href'), signed.pdfUrl);

    // Five tabs on a 390 px phone: no page overflow, and every tab's word fits its cell.
    assert.ok((await horizontalOverflow(page)) <= 0, 'no sideways scrolling on the phone');
    const clipped = await nav
      .locator('.side-nav__link')
      .evaluateAll((links) =>
        links.filter((link) => link.scrollWidth > link.clientWidth).map((link) => link.textContent),
      );
    assert.deepEqual(clipped, [], 'tab labels that do not fit');
    await screenshotFromTop(page, 'documents-patient-phone');

    const [saved] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.match(saved.suggestedFilename(), /^referto-televisita-\d{4}-\d{2}-\d{2}-v1\.pdf$/);
    assert.ok(isPdf(await readFile(await saved.path())), 'the saved file is a PDF');
  });

  it("an admin finds the organisation's document settings in the form and saves them unchanged", async () => {
    const { baseUrl, page } = ui;
    await signIn(page, baseUrl, demoUsers.centro.admin);
    const stored = await page.context().request.get(`${baseUrl}/api/admin/document-settings`);
    const before = ((await stored.json()) as { settings: Record<string, unknown> }).settings;
    const settings = before as {
      custodian: { name: string; idRoot: string; code: string };
      documentIdRoot: string;
      encounterIdRoot: string;
      facility: { name: string };
      branding: { organisation: string; color: string };
      fse: { tipologiaStruttura: string; assettoOrganizzativo: string; regionCode: string };
    };
    await page
      .getByRole('navigation', { name: 'Sezioni' })
      .getByRole('link', { name: 'Documenti clinici' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Documenti clinici' }).waitFor();

    // 1. The form holds the tenant's settings.
    const form = page.getByRole('form', { name: 'Impostazioni dei documenti' });
    const inGroup = (group: string, label: string) =>
      form.getByRole('group', { name: group }).getByLabel(label, { exact: true });
    const shown = {
      custodian: await inGroup('Custode dei documenti', 'Denominazione').inputValue(),
      custodianOid: await inGroup(
        'Custode dei documenti',
        'OID del sistema di codifica',
      ).inputValue(),
      custodianCode: await inGroup('Custode dei documenti', 'Codice').inputValue(),
      documentIdRoot: await inGroup('Identificativi', 'OID dei documenti').inputValue(),
      encounterIdRoot: await inGroup('Identificativi', 'OID degli incontri').inputValue(),
      facility: await inGroup('Struttura delle prestazioni', 'Denominazione').inputValue(),
      organisation: await inGroup('Intestazione del PDF', 'Organizzazione').inputValue(),
      color: await inGroup('Intestazione del PDF', 'Colore').inputValue(),
      tipologia: await inGroup(
        'Fascicolo Sanitario Elettronico',
        'Tipologia di struttura',
      ).inputValue(),
      assetto: await inGroup(
        'Fascicolo Sanitario Elettronico',
        'Assetto organizzativo',
      ).inputValue(),
      region: await inGroup(
        'Fascicolo Sanitario Elettronico',
        'Codice della regione (ISTAT)',
      ).inputValue(),
    };
    assert.deepEqual(shown, {
      custodian: settings.custodian.name,
      custodianOid: settings.custodian.idRoot,
      custodianCode: settings.custodian.code,
      documentIdRoot: settings.documentIdRoot,
      encounterIdRoot: settings.encounterIdRoot,
      facility: settings.facility.name,
      organisation: settings.branding.organisation,
      color: settings.branding.color,
      tipologia: settings.fse.tipologiaStruttura,
      assetto: settings.fse.assettoOrganizzativo,
      region: settings.fse.regionCode,
    });
    // An OID is read whole, not cut off by its box.
    const oid = inGroup('Identificativi', 'OID degli incontri');
    assert.ok(
      await oid.evaluate((el) => el.scrollWidth <= el.clientWidth),
      'the encounter OID fits its input',
    );

    // The signer's codice fiscale is there too.
    const signer = page.locator(`tr[data-user="${demoUsers.centro.doctor}"]`);
    assert.match(await signer.getByRole('textbox').inputValue(), /^[A-Z0-9]{16}$/);

    // 2. Saved unchanged: confirmed beside the button, and nothing changed on the server.
    const saving = page.waitForResponse(
      (res) =>
        res.request().method() === 'PUT' && res.url().endsWith('/api/admin/document-settings'),
    );
    await form.getByRole('button', { name: 'Salva le impostazioni' }).click();
    assert.equal((await saving).status(), 200, await (await saving).text());
    await form.getByTestId('settings-saved').getByText('Impostazioni salvate.').waitFor();
    const after = await page.context().request.get(`${baseUrl}/api/admin/document-settings`);
    assert.deepEqual(((await after.json()) as { settings: unknown }).settings, before);
    await screenshotFromTop(page, 'documents-admin');
  });
});
