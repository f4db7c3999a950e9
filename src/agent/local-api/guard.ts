import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorBody } from './errors.js';
import { unauthorizedPage } from './pages.js';
import type { LocalApiAuth } from './types.js';

export const SESSION_COOKIE = 'dashfleet_session';
export const AUTH_PATH = '/auth';

/** Equal whatever the lengths, in time that does not depend on where they differ. */
export function isSameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The port this connection came in on (whichever server accepted it); app.inject() has no
 * socket port, and its default Host is `localhost:80`.
 */
function localPort(request: FastifyRequest): number {
  return request.socket.localPort ?? 80;
}

/**
 * Loopback only, and only for whoever holds the secret the agent printed:
 * - Host must name the loopback address and our port, checked before anything else, so a
 *   web page on another site whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing;
 * - `/auth?secret=` exchanges the secret for an HttpOnly SameSite=Strict cookie holding a
 *   separate per-launch session token (the secret never travels again);
 * - every other request needs that cookie.
 * With auth mode `none` (the desktop app's in-process scheme) there is no socket to guard.
 */
export function registerGuard(app: FastifyInstance, auth: LocalApiAuth): void {
  if (auth.mode === 'none') return;
  const session = randomBytes(32).toString('base64url');

  app.addHook('onRequest', async (request, reply) => {
    const port = localPort(request);
    const host = request.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return reply
        .code(403)
        .send(
          errorBody(
            'E_LOCAL_HOST_FORBIDDEN',
            `this dashboard answers only at 127.0.0.1:${port} or localhost:${port}`,
          ),
        );
    }
    if (request.routeOptions.url === AUTH_PATH) return;
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie !== undefined && isSameSecret(cookie, session)) return;
    return unauthorized(request, reply);
  });

  app.get(
    AUTH_PATH,
    {
      schema: {
        querystring: Type.Object({ secret: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      const { secret } = request.query as { secret: string };
      if (!isSameSecret(secret, auth.secret)) return unauthorized(request, reply);
      return reply
        .setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', path: '/' })
        .header('cache-control', 'no-store')
        .redirect('./', 302);
    },
  );
}

function unauthorized(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.code(401);
  if (request.url.startsWith('/api/')) {
    return reply.send(
      errorBody(
        'E_LOCAL_UNAUTHORIZED',
        'open the dashboard through the link the agent printed, or run "dashfleet-agent open"',
      ),
    );
  }
  return reply
    .type('text/html; charset=utf-8')
    .send(unauthorizedPage(request.headers['accept-language']));
}
