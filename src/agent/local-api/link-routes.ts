import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { LinkEnrollRequest } from '../../shared/local-api.js';
import { LOCAL_API_ERRORS, LocalApiError } from './errors.js';
import type { LocalApiErrorCode } from './errors.js';
import { strictBody } from './settings-routes.js';
import type { LocalApiDeps } from './types.js';

export const LinkEnrollSchema = Type.Object(
  {
    serverUrl: Type.String({ minLength: 1, maxLength: 2000 }),
    enrollmentToken: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/**
 * A code the server or the link answered, as one of ours (unknown ones: the server refused).
 * Own keys only: the code is the server's text, and `"toString" in {}` is true.
 */
function localCode(code: string): LocalApiErrorCode {
  return Object.hasOwn(LOCAL_API_ERRORS, code) ? (code as LocalApiErrorCode) : 'E_SERVER_ERROR';
}

/** `api/link/enroll`: the settings page's "Connect to a server" form. */
export function registerLinkRoutes(app: FastifyInstance, deps: LocalApiDeps): void {
  const options = { schema: { body: LinkEnrollSchema }, validatorCompiler: strictBody };
  app.post('/api/link/enroll', options, async (request) => {
    const { link } = deps;
    if (!link) {
      throw new LocalApiError('E_LINK_UNAVAILABLE', 'this agent cannot connect to a server');
    }
    const body = request.body as LinkEnrollRequest;
    const result = await link.enroll(body.serverUrl, body.enrollmentToken);
    if (!result.ok) throw new LocalApiError(localCode(result.error.code), result.error.message);
    return link.state();
  });
}
