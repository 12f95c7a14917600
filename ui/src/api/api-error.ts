/** One field problem reported by the API, e.g. { path: 'patientId', message: 'Required' }. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the API sends them (application/problem+json). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

export type ApiErrorKind = 'http' | 'network';

/** Every failed API call rejects with this: an HTTP error (with problem details when sent) or a network failure. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly problem: ProblemDetails | null,
    message: string,
  ) {
    super(message);
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem?.errors ?? [];
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError('network', 0, null, 'Network error');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathText(path: unknown): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map((segment) => String(segment)).join('.');
  return '';
}

/** Reads a problem+json body defensively: anything malformed yields null, never a throw. */
export function parseProblem(body: unknown, fallbackStatus: number): ProblemDetails | null {
  if (!isRecord(body)) return null;
  const { type, title, status, detail, errors } = body;
  const problem: ProblemDetails = {
    type: typeof type === 'string' ? type : 'about:blank',
    title: typeof title === 'string' ? title : '',
    status: typeof status === 'number' ? status : fallbackStatus,
  };
  if (typeof detail === 'string') problem.detail = detail;
  if (Array.isArray(errors)) {
    problem.errors = errors.filter(isRecord).map((entry) => ({
      path: pathText(entry.path),
      message: typeof entry.message === 'string' ? entry.message : '',
    }));
  }
  return problem;
}
