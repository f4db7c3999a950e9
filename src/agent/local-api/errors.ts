import type { ErrorBody } from '../../shared/local-api.js';

/**
 * Every error the local API answers, registered once: the code is stable (the page and scripts
 * match on it), the status follows from it, the message is for people.
 */
export const LOCAL_API_ERRORS = {
  E_BAD_REQUEST: 400,
  E_LOCAL_UNAUTHORIZED: 401,
  E_LOCAL_HOST_FORBIDDEN: 403,
  E_NO_INVENTORY: 404,
  E_NOT_FOUND: 404,
  // Actions: snoozing a restart the engine does not hold, or beyond its policy.
  E_NO_RESTART: 404,
  E_SNOOZE_NOT_ALLOWED: 409,
  E_SETTINGS_UNAVAILABLE: 500,
  E_INTERNAL: 500,
  // Enrolment from the settings page: the agent's own checks, then the server's answer.
  E_LINK_URL_INVALID: 400,
  E_LINK_TOKEN_MISSING: 400,
  E_ENROLL_TOKEN_INVALID: 422,
  E_ENROLL_TOKEN_EXPIRED: 422,
  E_ENROLL_TOKEN_REVOKED: 422,
  E_ENROLL_TOKEN_USED_UP: 422,
  E_PROTOCOL_VERSION: 422,
  E_RATE_LIMITED: 429,
  E_SERVER_UNREACHABLE: 502,
  E_TIMEOUT: 502,
  E_SERVER_BAD_RESPONSE: 502,
  E_SERVER_ERROR: 502,
  E_LINK_FILE_UNWRITABLE: 500,
  E_LINK_UNAVAILABLE: 503,
} as const;

export type LocalApiErrorCode = keyof typeof LOCAL_API_ERRORS;

/** An expected failure a route throws; the error handler answers it as ErrorBody. */
export class LocalApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: LocalApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalApiError';
    this.statusCode = LOCAL_API_ERRORS[code];
  }
}

export function errorBody(code: LocalApiErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}
