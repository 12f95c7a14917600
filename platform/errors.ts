/**
 * The error family of the platform. Services throw these; the API maps them once to
 * application/problem+json (api/problem.ts); activities map them to non-retryable failures.
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class PercorsiError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[] = []) {
    super(message);
    this.errors = errors;
  }
}

/** The request is malformed or fails validation (400). */
export class InputError extends PercorsiError {
  override name = 'InputError';
  readonly status = 400;
  readonly code = 'invalid-input';
}

/** No valid identity: missing, bad or expired credentials (401). */
export class NotAuthenticatedError extends PercorsiError {
  override name = 'NotAuthenticatedError';
  readonly status = 401;
  readonly code = 'not-authenticated';
}

/** The identity is known but its role may not do this (403). */
export class NotAllowedError extends PercorsiError {
  override name = 'NotAllowedError';
  readonly status = 403;
  readonly code = 'not-allowed';
}

/** Absent, or outside the caller's tenant: the two are indistinguishable on purpose (404). */
export class NotFoundError extends PercorsiError {
  override name = 'NotFoundError';
  readonly status = 404;
  readonly code = 'not-found';
}

/** The request conflicts with the current state (409). */
export class ConflictError extends PercorsiError {
  override name = 'ConflictError';
  readonly status = 409;
  readonly code = 'conflict';
}

/** Well-formed but refused by a domain rule, e.g. a CDA that fails the FSE checks (422). */
export class UnprocessableError extends PercorsiError {
  override name = 'UnprocessableError';
  readonly status = 422;
  readonly code: string = 'document-not-conformant';
}

/** A component the request needs is down (503). */
export class UnavailableError extends PercorsiError {
  override name = 'UnavailableError';
  readonly status = 503;
  readonly code = 'unavailable';
}
