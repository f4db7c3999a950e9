import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import type { ErrorCode } from './error-codes.js';
import { sendError } from './error-reply.js';

/** Fastify's own request errors, turned into registered codes with plain messages. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'E_MALFORMED_JSON',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'E_MALFORMED_JSON',
    message: 'The body is empty but Content-Type says JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'E_BODY_TOO_LARGE',
    message: 'The body is larger than this route accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'E_UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'E_BAD_REQUEST',
    message: 'The body does not match its Content-Length.',
  },
};

/** Any other client error by its status, so a plugin's 4xx never becomes a 500. */
const BY_STATUS: Record<number, ErrorCode> = {
  400: 'E_BAD_REQUEST',
  401: 'E_UNAUTHENTICATED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  405: 'E_METHOD_NOT_ALLOWED',
  413: 'E_BODY_TOO_LARGE',
  415: 'E_UNSUPPORTED_MEDIA_TYPE',
  429: 'E_RATE_LIMITED',
};

/** What the client gets for `error`; undefined means a bug (500, logged with its stack). */
export function toApiError(error: FastifyError | Error): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return new ApiError('E_BAD_REQUEST', error.message);
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return new ApiError(known.code, known.message);
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(BY_STATUS[status] ?? 'E_BAD_REQUEST', error.message);
  }
  return undefined;
}

/**
 * One error shape for everything: `{ error: { code, message } }`. Client mistakes are logged
 * quietly; anything else is a bug, logged with its stack, and the client learns nothing of
 * the internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError) {
      request.log.info({ code: apiError.code, reason: apiError.message }, 'request refused');
      return sendError(reply, apiError);
    }
    request.log.error({ err: error }, 'request failed: unexpected error');
    return sendError(reply, new ApiError('E_INTERNAL', 'Unexpected server error.'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return sendError(reply, new ApiError('E_NOT_FOUND', `No route ${request.method} ${path}.`));
  });
}
