import { ApiError, parseProblem } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /** Set for calls where 401 is an expected answer (login, "who am I") rather than an expired session. */
  expectUnauthorized?: boolean;
  /** Error statuses whose body is still the answer (e.g. /api/health answers 503 with its report). */
  acceptStatuses?: readonly number[];
  /** Lets the request outlive the page (a draft saved while the page is being hidden). */
  keepalive?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

let unauthorizedHandler: (() => void) | null = null;
let acceptLanguage = 'it';

/** The UI language, sent as Accept-Language so the API's own texts (problem titles) match it. */
export function setRequestLanguage(language: string): void {
  acceptLanguage = language;
}

/** The session layer registers here to learn that the cookie has expired mid-session. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** fetch against the same origin with the session cookie, JSON in and out, problem+json errors as ApiError. */
export async function request<T>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const {
    method = 'GET',
    body,
    signal,
    expectUnauthorized = false,
    acceptStatuses = [],
    keepalive = false,
  } = options;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': acceptLanguage,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
      keepalive,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw ApiError.network(cause);
  }

  const payload = await readJson(response);
  if (!response.ok && !acceptStatuses.includes(response.status)) {
    if (response.status === 401 && !expectUnauthorized) unauthorizedHandler?.();
    const problem = parseProblem(payload, response.status);
    throw new ApiError('http', response.status, problem, problem?.title || response.statusText);
  }
  return { status: response.status, data: payload as T };
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
