import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { ApiError } from './api-error.js';

/** The one shape of every error the server answers. */
export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      /** Stable: clients switch on it (see the table in /api/docs). */
      code: Type.String(),
      /** For people: says what is wrong and, where it can, which field. */
      message: Type.String(),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error: a stable code and a readable message.' },
);
export type ErrorResponse = Static<typeof ErrorResponseSchema>;

export function errorBody(error: ApiError): ErrorResponse {
  return { error: { code: error.code, message: error.message } };
}

/** Answers with `error`'s registered status, its headers and the error body. */
export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.statusCode).headers(error.headers).send(errorBody(error));
}

export { ApiError };
