import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { branding, documentHeader, type Branding } from '../../templates/documents/header.js';
import type { DocumentOutline, OutlineSection } from '../../templates/documents/outline.js';
import { renderPdf } from '../../templates/pdf/render-pdf.js';
import { lineChartSvg } from '../../templates/pdf/svg-chart.js';

const run = promisify(execFile);
const screenshots = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Poppler reads the PDF back, as a person's viewer would. */
class Poppler {
  private constructor(readonly dir: string) {}

  static async create(): Promise<Poppler> {
    return new Poppler(await mkdtemp(path.join(tmpdir(), 'percorsi-pdf-')));
  }

  private n = 0;

  async save(pdf: Buffer): Promise<string> {
    const file = path.join(this.dir, `doc-${++this.n}.pdf`);
    await writeFile(file, pdf);
    return file;
  }

  async text(pdf: Buffer): Promise<string> {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', await this.save(pdf), '-']);
    return stdout.normalize('NFC');
  }

  /** The text of each page (pdftotext ends every page with a form feed). */
  async pageTexts(pdf: Buffer): Promise<string[]> {
    return (await this.text(pdf)).split('\f').slice(0, -1);
  }

  async info(pdf: Buffer): Promise<Record<string, string>> {
    const { stdout } = await run('pdfinfo', [await this.save(pdf)]);
    return Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => /^([^:]+):\s*(.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
  }

  async pages(pdf: Buffer): Promise<number> {
    return Number((await this.info(pdf)).Pages);
  }

  /** Every embedded file, as `pdfdetach -saveall` writes it. */
  async attachments(pdf: Buffer): Promise<Map<string, Buffer>> {
    const file = await this.save(pdf);
    const out = path.join(this.dir, `files-${this.n}`);
    await mkdir(out);
    await run('pdfdetach', ['-saveall', '-o', out, file]);
    const { stdout } = await run('pdfdetach', ['-list', file]);
    const names = stdout
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^\d+:\s*/, '').trim())
      .filter(Boolean);
    return new Map(
      await Promise.all(names.map(async (n) => [n, await readFile(path.join(out, n))] as const)),
    );
  }

  /** Page images at 60 dpi for a person to look at (test-results/screenshots). */
  async snapshot(pdf: Buffer, name: string, lastPage = 2): Promise<void> {
    await mkdir(screenshots, { recursive: true });
    const file = await this.save(pdf);
    await run('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-l',
      String(lastPage),
      file,
      path.join(screenshots, name),
    ]);
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

const ROOT = '2.16.840.1.113883.2.9.2.90.4.4';
const doctor = {
  fiscalCode: 'RSSMRA85T10A562S',
  name: { given: 'Mario', family: 'Rossi', prefix: 'Dott.' },
  specialty: 'Cardiologia',
};

const header = (version = 1) =>
  documentHeader.parse({
    id: { root: ROOT, extension: `TV-2025-00012${version}` },
    setId: { root: ROOT, extension: 'TV-2025-000121' },
    version,
    ...(version > 1
      ? {
          replaces: {
            id: { root: ROOT, extension: `TV-2025-00012${version - 1}` },
            setId: { root: ROOT, extension: 'TV-2025-000121' },
            version: version - 1,
          },
        }
      : {}),
    effectiveTime: '2025-03-07T14:05:00+01:00',
    patient: {
      // Computed for D'Angelo Anna Maria, born in Forlì on 2 November 1952.
      fiscalCode: 'DNGNMR52S42D704S',
      name: { given: 'Anna Maria', family: "D'Angelo" },
      gender: 'F',
      birthDate: '1952-11-02',
      birthPlace: { city: 'Forlì' },
    },
    author: { clinician: doctor, time: '2025-03-07T14:00:00+01:00' },
    legalAuthenticator: {
      clinician: { ...doctor, name: { given: 'Lucia', family: 'Bertè', prefix: 'Dott.ssa' } },
      time: '2025-03-07T14:05:00+01:00',
    },
    custodian: {
      idRoot: '2.16.840.1.113883.2.9.4.1.1',
      code: '090201',
      name: 'Azienda USL Toscana Centro',
    },
    prescription: { nre: '0900A4005123456' },
    encounter: {
      id: { root: '2.16.840.1.113883.2.9.2.90.4.5', extension: 'ENC-778' },
      start: '2025-03-07T13:30:00+01:00',
      end: '2025-03-07T14:00:00+01:00',
      facility: {
        idRoot: '2.16.840.1.113883.2.9.4.1.6',
        code: '090201-01',
        name: 'Ambulatorio di Cardiologia',
      },
    },
  });

const code = (c: string, display: string) => ({
  code: c,
  system: '2.16.840.1.113883.6.1',
  display,
});

const paragraph = (i: number) =>
  `Paragrafo ${i}: la paziente riferisce benessere generale, né dispnea né dolore toracico; ` +
  "l'esame obiettivo è nella norma, con toni cardiaci validi e ritmici e pause libere. Si " +
  "raccomanda di proseguire la terapia in atto e l'automonitoraggio quotidiano della pressione.";

function outline(opts: { version?: number; paragraphs?: number } = {}): DocumentOutline {
  const chart = lineChartSvg({
    from: '2025-02-05T00:00:00+01:00',
    to: '2025-03-07T00:00:00+01:00',
    points: Array.from({ length: 30 }, (_, i) => ({
      at: new Date(Date.UTC(2025, 1, 5 + i, 7)).toISOString(),
      value: 130 + ((i * 7) % 23) - (i === 12 ? -40 : 0),
      level: i === 12 ? ('orange' as const) : undefined,
    })),
    bands: [
      { level: 'red', high: 90 },
      { level: 'orange', low: 160, high: 180 },
      { level: 'red', low: 180 },
    ],
    alerts: [{ at: '2025-02-17T08:00:00+01:00', level: 'orange' }],
    unit: 'mmHg',
  });
  const sections: OutlineSection[] = [
    {
      code: code('29299-5', 'Reason for visit'),
      title: 'Motivo della visita',
      blocks: [
        {
          kind: 'paragraph',
          text: "Controllo dopo l'ultima modifica della terapia antipertensiva.",
        },
      ],
    },
    {
      code: code('10160-0', 'History of medication use'),
      title: 'Terapia farmacologica in atto',
      blocks: [
        {
          kind: 'table',
          head: ['Farmaco', 'Dose', 'Frequenza', 'Note'],
          rows: [
            ['Ramipril 5 mg', '1 cp', 'mattina', 'Assumere a stomaco pieno'],
            ['Bisoprololo 2,5 mg', '1 cp', 'sera', ''],
          ],
        },
      ],
    },
    {
      code: code('8716-3', 'Vital signs'),
      title: 'Parametri vitali',
      blocks: [
        {
          kind: 'fields',
          fields: [
            { label: 'Pressione arteriosa', value: '132/84 mmHg' },
            { label: 'Frequenza cardiaca', value: '68 /min' },
            { label: 'SpO2', value: '97 %' },
            { label: 'Peso', value: '71,4 kg' },
          ],
        },
        {
          kind: 'svg',
          svg: chart,
          width: 480,
          caption: 'Pressione sistolica degli ultimi 30 giorni.',
        },
      ],
    },
    {
      code: code('62387-6', 'Interventions provided'),
      title: 'Anamnesi e decorso',
      blocks: [
        {
          kind: 'paragraph',
          text: Array.from({ length: opts.paragraphs ?? 3 }, (_, i) => paragraph(i + 1)).join(
            '\n\n',
          ),
        },
        {
          kind: 'list',
          items: ['Prossimo controllo tra 3 mesi', 'ECG a riposo prima della visita'],
        },
      ],
      subsections: [
        {
          code: code('55110-1', 'Conclusions'),
          title: 'Conclusioni',
          blocks: [{ kind: 'paragraph', text: 'Quadro clinico stabile.' }],
        },
      ],
    },
  ];
  return {
    title: 'Referto di Televisita',
    subtitle: 'Visita cardiologica di controllo',
    header: header(opts.version),
    sections,
    signatureNote: 'Referto redatto a seguito di televisita.',
  };
}

const tenant: Branding = branding.parse({
  organisation: 'Azienda USL Toscana Centro',
  unit: 'Centrale di Telemedicina — Firenze',
  color: '#00665e',
  footer: 'Piazza Santa Maria Nuova 1, 50122 Firenze · tel. 055 6930',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="#00665e"/><rect x="17" y="8" width="6" height="24" fill="#fff"/><rect x="8" y="17" width="24" height="6" fill="#fff"/></svg>',
});

// Non-ASCII, CRLF and a trailing newline: the attachment must come back byte for byte.
const cdaXml =
  '<?xml version="1.0" encoding="UTF-8"?>\r\n<ClinicalDocument xmlns="urn:hl7-org:v3">\r\n' +
  "  <title>Referto di Televisita – D'Angelo Anna Maria, Forlì</title>\r\n</ClinicalDocument>\n";

const clock = new Date('2025-03-07T13:05:00Z');

describe('PDF rendering of clinical documents', function () {
  let poppler: Poppler;
  before(async () => {
    poppler = await Poppler.create();
  });
  after(async () => {
    await poppler.dispose();
  });

  it('prints the patient, the document, every section, the values and the signature', async () => {
    const pdf = await renderPdf(outline({ version: 2 }), {
      branding: tenant,
      creationDate: clock,
      attachment: { name: 'CDA.xml', xml: cdaXml },
    });
    await poppler.snapshot(pdf, 'documents-referto-televisita');
    const text = await poppler.text(pdf);
    for (const expected of [
      'Azienda USL Toscana Centro',
      'Centrale di Telemedicina — Firenze',
      'Referto di Televisita',
      'Visita cardiologica di controllo',
      "D'Angelo Anna Maria",
      'DNGNMR52S42D704S',
      '02/11/1952 · Forlì',
      'Femminile',
      'TV-2025-000122',
      '07/03/2025 14:05',
      '0900A4005123456',
      'Ambulatorio di Cardiologia',
      'Sostituisce la versione 1',
      'Motivo della visita',
      'Terapia farmacologica in atto',
      'Bisoprololo 2,5 mg',
      'Parametri vitali',
      '132/84 mmHg',
      'Pressione sistolica degli ultimi 30 giorni.',
      'Anamnesi e decorso',
      'Conclusioni',
      'Prossimo controllo tra 3 mesi',
      'Documento validato elettronicamente da',
      'Dott.ssa Lucia Bertè',
      'Dott. Mario Rossi',
      'Documento TV-2025-000122 · versione 2',
    ]) {
      assert.ok(text.includes(expected), `the PDF shows "${expected}"`);
    }
    // The chart's axis is in Italian date format.
    assert.match(text, /05\/02|06\/02/);
  });

  it('says nothing of a replacement in a first version', async () => {
    const text = await poppler.text(
      await renderPdf(outline(), { branding: tenant, creationDate: clock }),
    );
    assert.ok(!text.includes('Sostituisce'));
    assert.ok(text.includes('Documento TV-2025-000121 · versione 1'));
  });

  it('carries the CDA as an embedded CDA.xml, byte for byte', async () => {
    const pdf = await renderPdf(outline(), {
      branding: tenant,
      creationDate: clock,
      attachment: { name: 'CDA.xml', xml: cdaXml },
    });
    const files = await poppler.attachments(pdf);
    assert.deepEqual([...files.keys()], ['CDA.xml']);
    assert.ok(files.get('CDA.xml')!.equals(Buffer.from(cdaXml, 'utf8')));
    // PDF/A-3 associated file: MIME type, relationship, listed in the catalog's /AF.
    const raw = pdf.toString('latin1');
    assert.match(raw, /\/Subtype \/text#2Fxml/);
    assert.match(raw, /\/AFRelationship \/Data/);
    assert.match(raw, /\/AF \[\d+ 0 R\]/);

    const none = await poppler.attachments(
      await renderPdf(outline(), { branding: tenant, creationDate: clock }),
    );
    assert.equal(none.size, 0);
  });

  it('gives the same bytes for the same input and clock, and other bytes for another clock', async () => {
    const options = {
      branding: tenant,
      creationDate: clock,
      attachment: { name: 'CDA.xml', xml: cdaXml },
    };
    const first = await renderPdf(outline(), options);
    const second = await renderPdf(outline(), options);
    assert.ok(first.equals(second), 'two renders are byte-identical');
    const later = await renderPdf(outline(), {
      ...options,
      creationDate: new Date('2025-03-08T09:00:00Z'),
    });
    assert.ok(!first.equals(later));
    const info = await poppler.info(first);
    assert.equal(info.CreationDate, info.ModDate);
    assert.match(info.CreationDate!, /Mar\s+7 13:05:00 2025/);
    // The trailer /ID follows the content: another document, another ID.
    const id = (pdf: Buffer) => /\/ID \[(<[0-9a-f]+>)/.exec(pdf.toString('latin1'))?.[1];
    const other = await renderPdf(outline({ version: 2 }), options);
    assert.ok(id(first));
    assert.notEqual(id(first), id(other));
  });

  it('flows long free text across pages, numbering every page and leaving none empty', async () => {
    const short = await renderPdf(outline({ paragraphs: 1 }), {
      branding: tenant,
      creationDate: clock,
    });
    const long = await renderPdf(outline({ paragraphs: 90 }), {
      branding: tenant,
      creationDate: clock,
    });
    assert.equal(await poppler.pages(short), 2);
    const pages = await poppler.pages(long);
    assert.ok(pages >= 5, `90 paragraphs take more than four pages (got ${pages})`);
    const texts = await poppler.pageTexts(long);
    assert.equal(texts.length, pages);
    for (let page = 1; page <= pages; page++) {
      const text = texts[page - 1]!;
      assert.ok(text.includes(`Pagina ${page} di ${pages}`), `page ${page} is numbered`);
      assert.ok(text.includes("D'Angelo Anna Maria"), `page ${page} names the patient`);
      assert.ok(text.split(/\s+/).length > 60, `page ${page} has content`);
    }
    const all = await poppler.text(long);
    assert.equal(all.split('Paragrafo 90:').length, 2, 'the last paragraph is printed once');
    assert.ok(
      texts.at(-1)!.includes('Documento validato elettronicamente da'),
      'signed on the last page',
    );
    await poppler.snapshot(long, 'documents-long-text', pages);
  });

  it('declares PDF/A-3b with its metadata, output intent and language', async () => {
    const pdf = await renderPdf(outline(), { branding: tenant, creationDate: clock });
    const raw = pdf.toString('latin1');
    assert.ok(raw.startsWith('%PDF-1.7'));
    assert.match(raw, /<pdfaid:part>3<\/pdfaid:part>/);
    assert.match(raw, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
    assert.match(raw, /<xmp:CreateDate>2025-03-07T13:05:00Z<\/xmp:CreateDate>/);
    assert.match(raw, /<xmp:ModifyDate>2025-03-07T13:05:00Z<\/xmp:ModifyDate>/);
    assert.match(raw, /\/S \/GTS_PDFA1/);
    assert.match(raw, /\/Lang \(it-IT\)/);
    const info = await poppler.info(pdf);
    assert.equal(info.Title, 'Referto di Televisita');
    assert.equal(info.Author, 'Dott. Mario Rossi');
    // Every font is embedded (subset): PDF/A allows no other.
    const { stdout } = await run('pdffonts', [await poppler.save(pdf)]);
    const fonts = stdout.split('\n').slice(2).filter(Boolean);
    assert.ok(fonts.length > 0);
    for (const f of fonts) assert.match(f, /Roboto.*\byes\s+yes\b/, f);
  });

  it('prints its own labels in English when asked', async () => {
    const text = await poppler.text(
      await renderPdf(outline({ version: 2 }), {
        branding: tenant,
        creationDate: clock,
        locale: 'en',
      }),
    );
    for (const expected of [
      'PATIENT',
      'Fiscal code',
      'Replaces version 1',
      'Document electronically validated by',
      'Page 1 of 2',
    ]) {
      assert.ok(text.includes(expected), expected);
    }
  });
});

describe('SVG line chart', () => {
  const base = {
    from: '2025-03-01T00:00:00+01:00',
    to: '2025-03-31T00:00:00+02:00',
    points: [
      { at: '2025-03-02T08:00:00+01:00', value: 95 },
      { at: '2025-03-10T08:00:00+01:00', value: 89, level: 'red' as const },
      { at: '2025-03-20T08:00:00+01:00', value: 93 },
    ],
    bands: [
      { level: 'red' as const, high: 90 },
      { level: 'orange' as const, low: 90, high: 92 },
    ],
    alerts: [{ at: '2025-03-10T08:05:00+01:00', level: 'red' as const }],
    unit: '%',
  };

  it('draws the same SVG for the same data', () => {
    assert.equal(lineChartSvg(base), lineChartSvg({ ...base }));
  });

  it('paints the green background, the alert zones, the points, the alert and Italian day labels', () => {
    const svg = lineChartSvg(base);
    assert.match(svg, /fill="#e6f3e4"/, 'green where no alert fires');
    assert.match(svg, /fill="#f5cfcc"/, 'red zone');
    assert.match(svg, /fill="#fcdcbd"/, 'orange zone');
    assert.equal((svg.match(/<circle /g) ?? []).length, 3);
    assert.match(svg, /<circle [^>]*fill="#c0392b"/, 'the red reading in red');
    assert.equal((svg.match(/<path /g) ?? []).length, 1, 'one alert marker');
    assert.match(svg, />01\/03</);
    assert.match(svg, />%</);
    assert.ok(!/NaN|Infinity/.test(svg));
  });

  it('shows an empty period with a message instead of a line', () => {
    const svg = lineChartSvg({ ...base, points: [], alerts: [], emptyText: 'Nessuna misurazione' });
    assert.ok(!svg.includes('<polyline'));
    assert.match(svg, />Nessuna misurazione</);
  });

  it('refuses a period that ends before it starts', () => {
    assert.throws(() => lineChartSvg({ ...base, from: base.to, to: base.from }), RangeError);
  });
});
