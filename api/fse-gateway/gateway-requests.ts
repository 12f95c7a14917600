import type { Request, RequestHandler, Response } from 'express';
import { MulterError } from 'multer';
import type { ZodError, ZodType } from 'zod';
import {
  extractEmbeddedFiles,
  findEmbeddedFile,
  PdfAttachmentError,
} from '../../templates/pdf/pdf-attachments.js';
import type { CdaFacts } from './cda-facts.js';
import { idOfCx, type SignatureClaims } from './gateway-auth.js';
import { problems } from './gateway-problem.js';

/**
 * What the gateway checks of a request before acting on it, worded as the national one words
 * it: the multipart parts, the requestBody against the contract's schema and the dispatcher's
 * own rules (mandatory identifiers, dates, descriptions, identificativoDoc), the CDA attachment
 * and the token's claims against the CDA.
 */

const CDA_ATTACHMENT = 'cda.xml';

/** multer on this request, its errors as the gateway's problems (413 for a file too large). */
export function parseMultipart(
  req: Request,
  res: Response,
  multipart: RequestHandler,
  maxFileBytes: number,
): Promise<void> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(
      problems.unsupportedMedia(
        `Atteso multipart/form-data, ricevuto ${req.headers['content-type'] ?? 'nessun corpo'}`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    void multipart(req, res, (err?: unknown) => {
      if (!err) {
        resolve();
        return;
      }
      if (err instanceof MulterError) {
        reject(
          err.code === 'LIMIT_FILE_SIZE'
            ? problems.tooLarge(`Il file supera ${maxFileBytes} byte`)
            : err.code === 'LIMIT_UNEXPECTED_FILE'
              ? problems.invalidField(`La parte ${err.field ?? '?'} non è prevista`)
              : problems.invalidField(`Richiesta multipart non valida: ${err.message}`),
        );
        return;
      }
      reject(problems.invalidField(`Richiesta multipart non valida: ${(err as Error).message}`));
    });
  });
}

/** The `requestBody` part: a field (as curl -F sends it) or a JSON file part. */
export function requestBodyOf(
  req: Request,
  dto: ZodType<Record<string, unknown>>,
): Record<string, unknown> {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  const fields = (req.body ?? {}) as Record<string, unknown>;
  const raw =
    typeof fields.requestBody === 'string'
      ? fields.requestBody
      : files?.requestBody?.[0]?.buffer.toString('utf8');
  if (raw === undefined)
    throw problems.missingField('Il campo requestBody deve essere valorizzato.');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw problems.invalidField(
      `Il campo requestBody non è un JSON valido: ${(err as Error).message}`,
    );
  }
  return checkBody(dto, json, 'requestBody');
}

/** The contract's schema: a missing required field, else a malformed one, named by path. */
export function checkBody(
  dto: ZodType<Record<string, unknown>>,
  value: unknown,
  root: string,
): Record<string, unknown> {
  const parsed = dto.safeParse(value);
  if (parsed.success) return parsed.data;
  const field = (p: PropertyKey[]) =>
    [root, ...p.map(String)].filter(Boolean).join('.') || '(root)';
  const missing = parsed.error.issues.find(
    (i) => i.code !== 'unrecognized_keys' && valueAt(value, i.path) === undefined,
  );
  if (missing) {
    throw problems.missingField(`Il campo ${field(missing.path)} deve essere valorizzato.`);
  }
  throw problems.invalidField(describeIssues(parsed.error, field));
}

function describeIssues(err: ZodError, field: (p: PropertyKey[]) => string): string {
  return err.issues
    .map((i) =>
      i.code === 'unrecognized_keys'
        ? `Campi non previsti in ${field(i.path)}: ${i.keys.join(', ')}`
        : `Il campo ${field(i.path)} deve essere valorizzato correttamente (${i.message})`,
    )
    .join('; ');
}

function valueAt(value: unknown, p: PropertyKey[]): unknown {
  let v = value;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** What the dispatcher checks beyond the schema (AbstractCTL.checkPublicationMandatoryElements). */
export function checkPublicationBody(body: Record<string, unknown>): void {
  for (const [key, label] of [
    ['identificativoDoc', 'identificativo documento'],
    ['identificativoRep', 'identificativo rep'],
    ['identificativoSottomissione', 'identificativo sottomissione'],
  ] as const) {
    if (typeof body[key] !== 'string' || !body[key].trim()) {
      throw problems.missingField(`Il campo ${label} deve essere valorizzato.`);
    }
  }
  checkIdDoc(String(body.identificativoDoc), 'identificativo documento');
  const descriptions = body.descriptions;
  if (Array.isArray(descriptions) && descriptions.some((d) => String(d).split('^').length !== 3)) {
    throw problems.invalidField(
      'Valorizzare correttamente il campo descriptions rispettando la forma: [CODICE]^[Descrizione]^[OID]',
    );
  }
  checkDates(body);
}

export function checkDates(body: Record<string, unknown>): void {
  for (const [key, label] of [
    ['dataInizioPrestazione', 'data inizio'],
    ['dataFinePrestazione', 'data fine'],
  ] as const) {
    const v = body[key];
    if (v !== undefined && !(typeof v === 'string' && isDtm(v))) {
      throw problems.invalidDate(`Il campo ${label} deve essere valorizzato correttamente`);
    }
  }
}

/** yyyyMMddHHmmss naming a real instant. */
function isDtm(v: string): boolean {
  const m = v.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/** The dispatcher's isValidMasterId: no blanks; with a ^, two non-empty parts. */
export function checkIdDoc(idDoc: string, label: string): void {
  const parts = idDoc.split('^');
  const valid =
    idDoc.trim() !== '' &&
    !/\s/.test(idDoc) &&
    idDoc.length <= 256 &&
    (parts.length === 1 || (parts.length === 2 && parts.every((p) => p.length > 0)));
  if (!valid) throw problems.invalidIdDoc(`Il campo ${label} non è valido: ${idDoc}`);
}

/** The attachment cda.xml (any case), as text. */
export async function extractCda(pdf: Buffer): Promise<string> {
  let files;
  try {
    files = await extractEmbeddedFiles(pdf);
  } catch (err) {
    if (err instanceof PdfAttachmentError) throw problems.cdaExtraction(err.message);
    throw err;
  }
  const cda = findEmbeddedFile(files, CDA_ATTACHMENT);
  if (!cda) {
    throw problems.cdaExtraction(
      `Errore in fase di estrazione del CDA: nessun allegato ${CDA_ATTACHMENT} nel PDF`,
    );
  }
  return cda.data.toString('utf8').replace(/^\uFEFF/, '');
}

/** resource_hl7_type against ClinicalDocument/code, person_id against the recordTarget. */
export function checkTokenAgainstCda(claims: SignatureClaims, facts: CdaFacts): void {
  const type = claims.resource_hl7_type;
  if (type) {
    const declared = type.replace(/^\('?|'?\)$/g, '');
    if (declared !== `${facts.code}^^${facts.codeSystem}`) {
      throw problems.documentTypeMismatch(
        'JWT payload: Tipologia documento diversa dalla tipologia di CDA (code - codesystem)',
      );
    }
  }
  const person = idOfCx(claims.person_id);
  if (!person || !facts.patientIds.some((p) => p.extension === person.id)) {
    throw problems.personIdMismatch(
      'JWT payload: Person id presente nel JWT differente dal codice fiscale del paziente previsto sul CDA',
    );
  }
}
