import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '../../src/shared/fleet-api.js';
import { ApiError } from '../http/api-error.js';
import { sessionCsrfToken } from './authenticate.js';
import type { Principal } from './principal.js';
import { hasRole } from './roles.js';
import { isSameSecret } from './secrets.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSRF_HEADER = 'x-csrf-token';

/**
 * A cookie rides along with any request the browser makes, so a session request that changes
 * something must also prove it was made by our page: the session's token, which only our
 * page could read from /auth/me. API keys are sent on purpose, never ambiently: exempt.
 */
function hasValidCsrf(request: FastifyRequest): boolean {
  const expected = sessionCsrfToken(request);
  const given = request.headers[CSRF_HEADER];
  return typeof given === 'string' && expected !== undefined && isSameSecret(given, expected);
}

/**
 * The route's preHandler: 401 E_UNAUTHENTICATED without a principal, 403 E_CSRF for a session
 * request that changes state without the right X-CSRF-Token, 403 E_FORBIDDEN below `min`.
 */
export function requireRole(min: Role): preHandlerAsyncHookHandler {
  return async function guard(request) {
    const principal = request.principal;
    if (!principal) throw new ApiError('E_UNAUTHENTICATED', 'sign in, or send an API key');
    if (
      principal.kind === 'session' &&
      !SAFE_METHODS.has(request.method) &&
      !hasValidCsrf(request)
    ) {
      throw new ApiError('E_CSRF', 'send the X-CSRF-Token header given by /api/v1/auth/me');
    }
    if (!hasRole(principal.role, min)) {
      throw new ApiError('E_FORBIDDEN', `this needs the ${min} role or above`);
    }
  };
}

/** The principal a guard has already admitted; a route without a guard gets 401, never a crash. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('E_UNAUTHENTICATED', 'sign in, or send an API key');
  return request.principal;
}
