import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, saveScreenshot, viewports } from '../support/browser.js';

const PASSWORD = 'Percorsi!2026';
const BPCO = 'bpco-telemonitoraggio';
const RRULE = 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0';

/** The example scenario BPCO ships with (a desaturation on day 3, two missed mornings…). */
const bpcoScenario = readFileSync(
  path.resolve(import.meta.dirname, '../../pathways/scenarios/bpco-telemonitoraggio.yaml'),
  'utf8',
);

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
}

/** Signs the designer in, opens the workbench from the navigation and loads the BPCO pathway. */
async function openWorkbench(page: Page, baseUrl: string): Promise<Locator> {
  await signIn(page, baseUrl, 'centro.designer');
  await page.getByRole('heading', { level: 1, name: 'Percorsi di cura' }).waitFor();
  await page
    .getByRole('navigation', { name: 'Sezioni' })
    .getByRole('link', { name: 'Banco di prova' })
    .click();
  await page.waitForURL(`${baseUrl}/designer/workbench`);
  await page.getByRole('heading', { level: 1, name: 'Banco di prova' }).waitFor();

  await page.getByLabel('Parti dal percorso').selectOption(BPCO);
  const source = page.getByLabel('Testo della definizione (YAML)');
  await page.waitForFunction(
    (id) =>
      [...document.querySelectorAll('textarea')].some((area) => area.value.includes(`id: ${id}`)),
    BPCO,
  );
  return source;
}

describe('e2e: designer workbench (Chromium)', function () {
  this.timeout(180_000);

  const ui = browserSuite();

  it('validates the built-in BPCO pathway, then places a bad RRULE at its line', async () => {
    const source = await openWorkbench(ui.page, ui.baseUrl);

    // 1. The built-in as the API serves it is valid.
    await ui.page.getByRole('button', { name: 'Valida' }).click();
    const ok = ui.page.getByTestId('validation-ok');
    await ok.waitFor();
    assert.match((await ok.textContent()) ?? '', /La definizione è valida\./);
    assert.match((await ok.textContent()) ?? '', /«Telemonitoraggio BPCO», versione 1\.1\.0/);

    // 2. The same definition as JSON is converted in the editor and is just as valid.
    await ui.page.getByLabel('JSON', { exact: true }).check();
    const json = ui.page.getByLabel('Testo della definizione (JSON)');
    assert.match(await json.inputValue(), /^\{\n {2}"schemaVersion": 1,/);
    const stale = ui.page.getByText('Il testo è cambiato dopo questa verifica');
    await stale.waitFor();
    await ui.page.getByRole('button', { name: 'Valida' }).click();
    await stale.waitFor({ state: 'detached' });
    await ok.waitFor(); // the JSON text is valid too
    await ui.page.getByLabel('YAML', { exact: true }).check();
    await source.waitFor();

    // 3. A frequency the RRULE grammar does not know.
    const text = await source.inputValue();
    const line = text.split('\n').findIndex((l) => l.includes(RRULE)) + 1;
    assert.ok(line > 0, 'the BPCO definition has a daily RRULE');
    await source.fill(text.replace(RRULE, 'FREQ=SOMETIMES;BYHOUR=9'));
    await ui.page.getByRole('button', { name: 'Valida' }).click();

    const errors = ui.page.getByTestId('validation-errors');
    await errors.waitFor();
    assert.match((await errors.textContent()) ?? '', /La definizione contiene 1 errore\./);
    const problem = errors.getByRole('button', { name: new RegExp(`^Riga ${line}, colonna \\d+`) });
    assert.equal(await problem.count(), 1, `one error placed at line ${line}`);
    assert.match((await problem.textContent()) ?? '', /tracks\.0\.steps\.0\.schedule\.rrule/);
    assert.equal(await source.getAttribute('aria-invalid'), 'true');
    // The errors sit in a live region, so a screen reader hears them without moving focus.
    assert.equal(
      await errors.evaluate((el) => el.closest('[aria-live]')?.getAttribute('aria-live')),
      'polite',
    );

    // 4. Choosing the error takes the caret to that line, selected, in the focused editor.
    await problem.click();
    const caret = await source.evaluate((el) => {
      const area = el as HTMLTextAreaElement;
      return {
        focused: document.activeElement === area,
        selected: area.value.slice(area.selectionStart, area.selectionEnd),
        line: area.value.slice(0, area.selectionStart).split('\n').length,
      };
    });
    assert.equal(caret.focused, true, 'the editor has focus');
    assert.equal(caret.line, line);
    assert.match(caret.selected, /FREQ=SOMETIMES/);
    const status = ui.page.getByTestId('caret').first();
    assert.match((await status.textContent()) ?? '', new RegExp(`^Riga ${line}, colonna 1 ·`));

    // 5. Simulating the broken text is refused, with the same error and its line.
    await ui.page.getByRole('button', { name: 'Simula' }).click();
    const refused = ui.page.getByTestId('simulation-refused');
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /Simulazione non eseguita\./);
    await refused
      .getByRole('button', { name: new RegExp(`^Riga ${line}, colonna \\d+`) })
      .waitFor();

    await ui.page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(ui.page, 'designer-workbench-errors');
  });

  it('simulates BPCO with its scenario: a red alert on day 3, in the summary and the timeline', async () => {
    await openWorkbench(ui.page, ui.baseUrl);
    // The pathway's example scenario comes preloaded, as written (comments included).
    const scenario = ui.page.getByLabel('Testo dello scenario (YAML o JSON)');
    await ui.page.waitForFunction(
      (text) => [...document.querySelectorAll('textarea')].some((area) => area.value === text),
      bpcoScenario,
    );
    assert.equal(await scenario.inputValue(), bpcoScenario);
    assert.equal(await ui.page.getByLabel('Giorni da simulare').inputValue(), '30');
    await ui.page.getByRole('button', { name: 'Simula' }).click();

    const summary = ui.page.getByTestId('simulation-summary');
    await summary.waitFor({ timeout: 30_000 });
    const redAlerts = Number(
      await summary.locator('.sim-tile--red dd').textContent({ timeout: 5_000 }),
    );
    assert.ok(redAlerts >= 1, `at least one red alert in the summary (got ${redAlerts})`);
    assert.match((await summary.textContent()) ?? '', /Occorrenze mancate/);

    // The desaturation of day 3 (SpO2 87 %) raises the red alert to the nurse.
    const day3 = ui.page.getByRole('region', { name: /^Giorno 3/ });
    const alert = day3.locator('li', { hasText: 'Allerta rossa' }).first();
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /SpO2 sotto soglia/);
    assert.match((await alert.textContent()) ?? '', /all’infermiere: presa in carico entro/);
    // Day headings carry the Rome calendar date of the scenario start (Monday 23 March 2026).
    await ui.page
      .getByRole('heading', { level: 4, name: /Giorno 1\s*lunedì 23 marzo 2026/ })
      .waitFor();

    // The filter narrows the timeline to what needs attention.
    await ui.page.getByLabel('Mostra').selectOption('alerts');
    assert.equal(
      await ui.page.locator('.sim-entry', { hasText: 'Misurazione registrata' }).count(),
      0,
    );
    assert.ok((await ui.page.locator('.sim-entry', { hasText: 'Allerta rossa' }).count()) >= 1);
    await ui.page.getByLabel('Mostra').selectOption('essential');

    // Sticky panels are drawn where they stand: shoot from the top, the results panel scrolled to
    // the day 3 alert, so the picture shows editor, summary and alert side by side.
    await ui.page.evaluate(() => window.scrollTo(0, 0));
    await ui.page.getByTestId('simulation-results').evaluate((panel) => {
      const day = [...panel.querySelectorAll('h4')].find((h) =>
        h.textContent?.startsWith('Giorno 3'),
      );
      if (day)
        panel.scrollTop += day.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    });
    await saveScreenshot(ui.page, 'designer-workbench-desktop');

    // The same timeline in English, worded from the entries rather than the API's Italian labels.
    await ui.page.getByRole('button', { name: 'English' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Test bench' }).waitFor();
    const redAlert = ui.page.getByRole('region', { name: /^Day 3/ }).locator('li', {
      hasText: 'Red alert',
    });
    assert.match(
      (await redAlert.first().textContent()) ?? '',
      /Red alert “SpO2 below threshold” to the nurse: acknowledge by 25 Mar, 09:30/,
    );
    await saveScreenshot(ui.page, 'designer-workbench-desktop-en');
  });

  it('a scenario the API refuses is listed under the scenario, at the line of the bad value', async () => {
    await openWorkbench(ui.page, ui.baseUrl);
    const scenario = ui.page.getByLabel('Testo dello scenario (YAML o JSON)');
    await scenario.fill('days: 10\nalerts:\n  acknowledgeAfter: presto\n');
    await ui.page.getByRole('button', { name: 'Simula' }).click();

    await ui.page.getByText('Lo scenario non è valido: vedi gli errori sotto il testo').waitFor();
    const problem = ui.page.getByRole('button', { name: /^Riga 3, colonna 21/ });
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /alerts\.acknowledgeAfter/);
    assert.equal(await scenario.getAttribute('aria-invalid'), 'true');
    await problem.click();
    assert.equal(
      await scenario.evaluate((el) => {
        const area = el as HTMLTextAreaElement;
        return area.value.slice(area.selectionStart, area.selectionEnd);
      }),
      '  acknowledgeAfter: presto',
    );
  });

  it('works on a phone (390 px): stacked, no sideways scrolling, results after a simulation', async () => {
    await ui.page.setViewportSize(viewports.phone);
    await openWorkbench(ui.page, ui.baseUrl);
    await ui.page.waitForFunction(
      (text) => [...document.querySelectorAll('textarea')].some((area) => area.value === text),
      bpcoScenario,
    );
    await ui.page.getByRole('button', { name: 'Simula' }).click();
    await ui.page.getByTestId('simulation-summary').waitFor({ timeout: 30_000 });

    const overflow = await ui.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    const focused = await ui.page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, 'Risultato della simulazione', 'focus moves to the results');
    await saveScreenshot(ui.page, 'designer-workbench-phone');
  });

  it('a nurse cannot open the workbench and does not see it in the navigation', async () => {
    const { baseUrl } = ui;
    await signIn(ui.page, baseUrl, 'centro.infermiere');
    await ui.page.getByRole('heading', { level: 1, name: 'Console infermieristica' }).waitFor();
    await ui.page.goto(`${baseUrl}/designer/workbench`);
    await ui.page.getByRole('heading', { level: 1, name: 'Non autorizzato' }).waitFor();
    const nav = ui.page.getByRole('navigation', { name: 'Sezioni' });
    assert.equal(await nav.getByRole('link', { name: 'Banco di prova' }).count(), 0);
    assert.equal(await ui.page.getByLabel('Testo della definizione (YAML)').count(), 0);
  });
});
