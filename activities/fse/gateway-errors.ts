import { ApplicationFailure } from '@temporalio/common';

/**
 * How a gateway call can fail. A rejection is the gateway saying no to this request (the
 * document, its metadata or the tokens are wrong): sending it again cannot help, a person has
 * to look. Unavailability (5xx, 408, 429, refused connections, timeouts, an answer that is not
 * the contract's) passes: the activity is retried.
 */

/** ApplicationFailure types, as workflows name them in nonRetryableErrorTypes. */
export const FSE_REJECTED = 'FseRejected';
export const FSE_UNAVAILABLE = 'FseGatewayUnavailable';
export const FSE_REQUEST_INVALID = 'FseRequestInvalid';

export interface FseProblemFields {
  /** The problem's `type` URI, e.g. `/msg/semantic`. */
  type: string | null;
  title: string | null;
  detail: string | null;
  instance: string | null;
  traceId: string | null;
  workflowInstanceId: string | null;
}

/** A 4xx answer (other than 408 and 429): not retryable. */
export class FseGatewayRejection extends Error {
  override name = 'FseGatewayRejection';
  readonly retryable = false;
  readonly status: number;
  readonly type: string | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly instance: string | null;
  readonly traceId: string | null;
  readonly workflowInstanceId: string | null;

  constructor(operation: string, status: number, problem: FseProblemFields) {
    super(
      `FSE gateway refused ${operation} (${status}${problem.type ? ` ${problem.type}` : ''}): ${
        problem.detail ?? problem.title ?? 'no detail'
      }`,
    );
    this.status = status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.traceId = problem.traceId;
    this.workflowInstanceId = problem.workflowInstanceId;
  }
}

/** The gateway could not be reached or could not answer now: retryable. */
export class FseGatewayUnavailable extends Error {
  override name = 'FseGatewayUnavailable';
  readonly retryable = true;
  constructor(
    message: string,
    /** HTTP status when the gateway answered; null for network errors and timeouts. */
    readonly status: number | null = null,
    /** Seconds the gateway asked to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The typed input did not satisfy the contract: a bug or bad data on our side, not retried. */
export class FseRequestInvalid extends Error {
  override name = 'FseRequestInvalid';
  readonly retryable = false;
  constructor(
    operation: string,
    readonly errors: { path: string; message: string }[],
  ) {
    super(
      `FSE ${operation}: invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  }
}

/**
 * For activities: a rejection becomes a non-retryable ApplicationFailure of type FseRejected
 * (its problem in `details[0]`), unavailability a retryable one that honours Retry-After;
 * an input refused by the client's own checks a non-retryable FseRequestInvalid; anything
 * else is returned as is (a bug: Temporal retries it and shows it).
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof FseGatewayRejection) {
    return ApplicationFailure.create({
      message: err.message,
      type: FSE_REJECTED,
      nonRetryable: true,
      details: [
        {
          status: err.status,
          type: err.type,
          title: err.title,
          detail: err.detail,
          traceId: err.traceId,
          workflowInstanceId: err.workflowInstanceId,
        },
      ],
    });
  }
  if (err instanceof FseRequestInvalid) {
    return ApplicationFailure.create({
      message: err.message,
      type: FSE_REQUEST_INVALID,
      nonRetryable: true,
      details: [{ errors: err.errors }],
    });
  }
  if (err instanceof FseGatewayUnavailable) {
    return ApplicationFailure.create({
      message: err.message,
      type: FSE_UNAVAILABLE,
      nonRetryable: false,
      ...(err.retryAfterSeconds !== null
        ? { nextRetryDelay: `${Math.min(err.retryAfterSeconds, 3600)}s` }
        : {}),
      cause: err,
    });
  }
  return err;
}
