import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { MINUTE_MS } from '../../src/shared/time.js';
import { ApiError } from '../http/api-error.js';

/** Sign-in attempts allowed per minute, from one address and against one account alike. */
const ATTEMPTS_PER_MINUTE = 10;
const WINDOW_MS = MINUTE_MS;

export function rateLimited(retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError('E_RATE_LIMITED', `too many attempts; try again in ${seconds} s`, {
    'retry-after': String(seconds),
  });
}

/**
 * Route config for @fastify/rate-limit (registered in build-server.ts, which also answers
 * 429 E_RATE_LIMITED with Retry-After): per client address, request.ip honouring trustProxy.
 */
export function perAddress(): RateLimitOptions {
  return { max: ATTEMPTS_PER_MINUTE, timeWindow: WINDOW_MS };
}

/**
 * A second counter keyed by what the attempt targets (an email, a user), so spreading
 * guesses over many addresses buys nothing. A preHandler, because the key lives in the body.
 */
export function perTarget(
  app: FastifyInstance,
  name: string,
  keyOf: (request: FastifyRequest) => string,
): preHandlerAsyncHookHandler {
  const limit = app.createRateLimit({
    max: ATTEMPTS_PER_MINUTE,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `${name}:${keyOf(request)}`,
  });
  return async (request) => {
    const result = await limit(request);
    if (!result.isAllowed && result.isExceeded) throw rateLimited(result.ttlInSeconds);
  };
}
