import { ERROR_CODES } from './error-codes.js';
import type { ErrorCode } from './error-codes.js';

/**
 * An expected failure with a registered code. Throw it from a route (or return
 * `reply.code(...).send(...)` via `sendError`); the error handler turns it into
 * `{ error: { code, message } }` with the registered status. Extra headers (Retry-After)
 * ride along.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
    this.headers = headers;
  }
}

/** Another org's object, or none at all: the same 404 either way, so nothing leaks. */
export function notFound(what: string): ApiError {
  return new ApiError('E_NOT_FOUND', `${what} not found`);
}
