import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { PercorsiError, type FieldError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';

/** RFC 9457 problem details, the only error shape the API returns. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

const titles: Record<string, { it: string; en: string }> = {
  'invalid-input': { it: 'Richiesta non valida', en: 'Invalid request' },
  'not-authenticated': { it: 'Autenticazione richiesta', en: 'Authentication required' },
  'not-allowed': { it: 'Operazione non consentita', en: 'Operation not allowed' },
  'not-found': { it: 'Risorsa non trovata', en: 'Resource not found' },
  conflict: { it: 'Conflitto con lo stato attuale', en: 'Conflict with the current state' },
  unavailable: {
    it: 'Servizio temporaneamente non disponibile',
    en: 'Service temporarily unavailable',
  },
  'document-not-conformant': {
    it: 'Documento non conforme alle regole del FSE',
    en: 'Document does not conform to the FSE rules',
  },
  'internal-error': { it: 'Errore interno', en: 'Internal error' },
};

export function wantsEnglish(acceptLanguage: string | undefined): boolean {
  if (!acceptLanguage) return false;
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en');
}

export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
}

export function problemFor(
  code: string,
  status: number,
  english: boolean,
  detail?: string,
  errors?: FieldError[],
): Problem {
  const t = titles[code] ?? titles['internal-error']!;
  return {
    type: `urn:percorsi:problem:${code}`,
    title: english ? t.en : t.it,
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length ? { errors } : {}),
  };
}

/** Maps every error to application/problem+json, once, for the whole API. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const english = wantsEnglish(req.headers['accept-language']);
    let problem: Problem;
    if (err instanceof PercorsiError) {
      problem = problemFor(err.code, err.status, english, err.message, err.errors);
    } else if (err instanceof ZodError) {
      problem = problemFor('invalid-input', 400, english, 'validation failed', zodFieldErrors(err));
    } else if (isBodyParserError(err)) {
      problem = problemFor('invalid-input', 400, english, `request body: ${err.message}`);
    } else {
      logger.error({ err, path: req.path, requestId: req.requestId }, 'unhandled error');
      problem = problemFor('internal-error', 500, english, `request ${req.requestId ?? ''}`.trim());
    }
    problem.instance = req.originalUrl;
    res.status(problem.status).type('application/problem+json').json(problem);
  };
}

function isBodyParserError(err: unknown): err is { message: string; status: number } {
  return (
    typeof err === 'object' &&
    err !== null &&
    'type' in err &&
    typeof err.type === 'string' &&
    'status' in err &&
    (err as { status: number }).status === 400
  );
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const english = wantsEnglish(req.headers['accept-language']);
  const problem = problemFor('not-found', 404, english, `no route for ${req.method} ${req.path}`);
  res
    .status(404)
    .type('application/problem+json')
    .json({ ...problem, instance: req.originalUrl });
};
