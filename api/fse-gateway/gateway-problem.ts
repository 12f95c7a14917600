/**
 * The gateway's errors, as the national one words them (RestExecutionResultEnum and
 * ErrorInstanceEnum of ministero-salute/it-fse-gtw-dispatcher, section 12 of the integration
 * guide): `type`, Italian `title`, a `detail` naming the field or the failed rule, `instance`.
 * They are the contract's ErrorResponseDTO (ValidationErrorResponseDTO on validation, with the
 * workflowInstanceId), not the platform's problem family: clients written for the national
 * gateway must read them unchanged.
 */
export class GatewayProblem extends Error {
  override name = 'GatewayProblem';
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly instance: string,
    readonly workflowInstanceId: string | null = null,
  ) {
    super(`${status} ${type}: ${detail}`);
  }

  withWorkflow(workflowInstanceId: string): GatewayProblem {
    return new GatewayProblem(
      this.status,
      this.type,
      this.title,
      this.detail,
      this.instance,
      workflowInstanceId,
    );
  }
}

const p = (status: number, type: string, title: string, instance: string) => (detail: string) =>
  new GatewayProblem(status, type, title, detail, instance);

export const problems = {
  missingField: p(
    400,
    '/msg/mandatory-element',
    'Campo obbligatorio non presente.',
    '/request-missing-field',
  ),
  invalidField: p(
    400,
    '/msg/invalid-format',
    'Formato campo non valido.',
    '/request-invalid-field',
  ),
  invalidDate: p(
    400,
    '/msg/invalid-format',
    'Formato campo non valido.',
    '/request-invalid-date-format',
  ),
  invalidIdDoc: p(400, '/msg/id-doc', 'Campo id documento non valido', '/invalid-id'),
  emptyFile: p(400, '/msg/empty-file', 'File vuoto.', '/empty-multipart-file'),
  notPdf: p(415, '/msg/document-type', 'Il documento non è pdf.', '/multipart-file'),
  hashMismatch: p(400, '/msg/document-hash', 'Verifica hash fallita.', '/jwt-hash-match'),
  cdaExtraction: p(
    400,
    '/msg/cda-element',
    'Errore in fase di estrazione del CDA.',
    '/cda-extraction',
  ),
  syntax: p(400, '/msg/syntax', 'Errore di sintassi.', '/validation/error'),
  semantic: p(422, '/msg/semantic', 'Errore semantico.', '/validation/error'),
  cdaNotValidated: p(
    400,
    '/msg/cda-match',
    "Errore in fase di recupero dell'esito della verifica.",
    '/cda-validation',
  ),
  // The Authorization token identifies the caller: refused with 401, as the frontier does.
  missingBearer: p(401, '/msg/missing-token', 'Token non fornito.', '/missing-jwt'),
  invalidBearer: p(
    401,
    '/msg/mandatory-element-token',
    'Token JWT non valido.',
    '/jwt-mandatory-field-missing',
  ),
  // The FSE-JWT-Signature token: "Token jwt mancante o non valido" is the contract's 403.
  missingSignature: p(403, '/msg/missing-token', 'Token non fornito.', '/missing-jwt'),
  invalidSignature: p(
    403,
    '/msg/mandatory-element-token',
    'Token JWT non valido.',
    '/jwt-mandatory-field-missing',
  ),
  tokenField: p(
    403,
    '/msg/jwt-validation',
    'Campo token JWT non valido.',
    '/jwt-mandatory-field-malformed',
  ),
  personIdMismatch: p(403, '/msg/jwt-validation', 'Campo token JWT non valido.', '/jwt-person-id'),
  documentTypeMismatch: p(
    403,
    '/msg/jwt-validation',
    'Campo token JWT non valido.',
    '/jwt-document-type',
  ),
  notFound: p(404, '/msg/record-not-found', 'Record non trovato.', '/record-not-found'),
  conflict: p(409, '/msg/ini-error', 'Ini error.', '/msg/service-error/ini'),
  tooLarge: p(413, '/msg/payload-too-large', 'Payload troppo grande.', '/multipart-file'),
  unsupportedMedia: p(
    415,
    '/msg/unsupported-media-type',
    'Tipo di contenuto non supportato.',
    '/request',
  ),
  notImplemented: p(
    501,
    '/msg/not-implemented',
    'Servizio non disponibile nel gateway locale.',
    '/request',
  ),
  generic: p(500, '/msg/generic-error', 'Errore generico.', ''),
} as const;
