// The one error contract shared by every route and by the browser's fetcher.
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  etcd_unavailable: 503,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }

  toResponse(headers?: HeadersInit): Response {
    return Response.json(this.toBody(), { status: this.status, headers });
  }

  /** Rebuilds the error from a response body, for the browser side of the contract. */
  static fromBody(status: number, body: unknown): ApiError {
    const err = (body as Partial<ErrorBody> | null)?.error;
    if (err && typeof err.code === 'string' && err.code in errorStatus) {
      return new ApiError(err.code, String(err.message ?? ''), err.details);
    }
    return new ApiError(status >= 500 ? 'internal' : 'bad_request', `HTTP ${status}`);
  }
}
