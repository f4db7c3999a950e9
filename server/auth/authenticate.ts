import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveApiKey } from '../api-keys/api-keys.js';
import type { ServerContext } from '../context.js';
import type { Principal } from './principal.js';
import { SESSION_COOKIE, sessionLimits } from './session-cookie.js';
import { resolveSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, resolved on /api/v1/* (agents excepted); null when nobody valid is. */
    principal: Principal | null;
  }
}

/** The CSRF token of each session request, kept beside the request rather than in Principal. */
const csrfTokens = new WeakMap<FastifyRequest, string>();

export function sessionCsrfToken(request: FastifyRequest): string | undefined {
  return csrfTokens.get(request);
}

/** Agents authenticate with their own tokens (server/agent); everything else under /api/v1. */
function isFleetApi(url: string): boolean {
  return url.startsWith('/api/v1/') && !url.startsWith('/api/v1/agent/');
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

/**
 * Resolves `request.principal` from `Authorization: Bearer dfk_...` or the session cookie.
 * Never answers by itself: missing or wrong credentials leave null, and the route's guard
 * (server/auth/guards.ts) decides. A request that sends a bearer is judged by it alone,
 * never by a cookie that happens to ride along.
 */
export function registerAuthenticate(app: FastifyInstance, ctx: ServerContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = null;
    if (!isFleetApi(request.url)) return;
    const bearer = bearerOf(request);
    if (bearer !== undefined) {
      const key = bearer === '' ? null : await resolveApiKey(ctx.db, bearer, ctx.now());
      if (key)
        request.principal = { kind: 'api-key', orgId: key.orgId, role: key.role, apiKeyId: key.id };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '' || token.length > 200) return;
    const session = await resolveSession(ctx.db, token, ctx.now(), sessionLimits(ctx.config));
    if (!session) return;
    request.principal = {
      kind: 'session',
      orgId: session.orgId,
      role: session.role,
      userId: session.userId,
      sessionIdHash: session.idHash,
    };
    csrfTokens.set(request, session.csrfToken);
  });
}
