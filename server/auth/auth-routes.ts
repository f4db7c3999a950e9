import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { Me } from '../../src/shared/fleet-api.js';
import type { ServerContext } from '../context.js';
import { ApiError, notFound } from '../http/api-error.js';
import {
  findUserByEmail,
  findUserById,
  membershipsOf,
  normalizeEmail,
  setPasswordHash,
} from '../users/users-store.js';
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  MeSchema,
  NoContentSchema,
  SwitchOrgRequestSchema,
} from './auth-schemas.js';
import { sessionCsrfToken } from './authenticate.js';
import { guardedRoute } from './guarded-route.js';
import { principalOf } from './guards.js';
import { loadMe } from './me.js';
import { assertStrongPassword, hashPassword, spendDecoyHash, verifyPassword } from './passwords.js';
import { perAddress, perTarget } from './rate-limits.js';
import { clearSessionCookie, sessionLimits, setSessionCookie } from './session-cookie.js';
import { createSession, revokeSession, revokeUserSessions, switchSessionOrg } from './sessions.js';

function loginFailed(): ApiError {
  return new ApiError('E_LOGIN_FAILED', 'wrong email or password');
}

/** The signed-in user's session; an API key has no user, so these routes are not for it. */
function sessionOf(request: FastifyRequest) {
  const principal = principalOf(request);
  if (principal.kind !== 'session') {
    throw new ApiError('E_FORBIDDEN', 'this needs a signed-in user, not an API key');
  }
  return principal;
}

async function meOf(ctx: ServerContext, request: FastifyRequest): Promise<Me> {
  const session = sessionOf(request);
  const me = await loadMe(ctx.db, {
    userId: session.userId,
    orgId: session.orgId,
    csrfToken: sessionCsrfToken(request) ?? '',
  });
  if (!me) throw new ApiError('E_UNAUTHENTICATED', 'sign in again');
  return me;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const limitPerEmail = perTarget(app, 'login', (request) =>
    normalizeEmail((request.body as { email: string }).email),
  );

  api.post(
    FLEET_API.login,
    {
      schema: { tags: ['auth'], body: LoginRequestSchema, response: { 200: MeSchema } },
      config: { rateLimit: perAddress() },
      preHandler: limitPerEmail,
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const user = await findUserByEmail(ctx.db, email);
      if (!user) {
        await spendDecoyHash(password);
        throw loginFailed();
      }
      if (!(await verifyPassword(password, user.passwordHash))) throw loginFailed();
      const [org] = await membershipsOf(ctx.db, user.id);
      if (!org) throw loginFailed();
      // A cookie from an earlier sign-in is ended rather than left to linger.
      if (request.principal?.kind === 'session') {
        await revokeSession(ctx.db, request.principal.sessionIdHash, ctx.now());
      }
      const session = await createSession(
        ctx.db,
        { userId: user.id, orgId: org.id },
        ctx.now(),
        sessionLimits(ctx.config),
      );
      setSessionCookie(reply, ctx.config, session.token);
      const me = await loadMe(ctx.db, {
        userId: user.id,
        orgId: org.id,
        csrfToken: session.csrfToken,
      });
      if (!me) throw loginFailed();
      return me;
    },
  );

  api.post(
    FLEET_API.logout,
    guardedRoute('auth', 'viewer', { response: { 204: NoContentSchema } }),
    async (request, reply: FastifyReply) => {
      const principal = principalOf(request);
      if (principal.kind === 'session') {
        await revokeSession(ctx.db, principal.sessionIdHash, ctx.now());
      }
      clearSessionCookie(reply, ctx.config);
      return reply.code(204).send(null);
    },
  );

  api.get(
    FLEET_API.me,
    guardedRoute('auth', 'viewer', { response: { 200: MeSchema } }),
    async (request) => meOf(ctx, request),
  );

  api.post(
    FLEET_API.switchOrg,
    guardedRoute('auth', 'viewer', { body: SwitchOrgRequestSchema, response: { 200: MeSchema } }),
    async (request) => {
      const session = sessionOf(request);
      const orgs = await membershipsOf(ctx.db, session.userId);
      // Not a member: the same answer as an org that does not exist.
      if (!orgs.some((org) => org.id === request.body.orgId)) throw notFound('org');
      await switchSessionOrg(ctx.db, session.sessionIdHash, request.body.orgId);
      const me = await loadMe(ctx.db, {
        userId: session.userId,
        orgId: request.body.orgId,
        csrfToken: sessionCsrfToken(request) ?? '',
      });
      if (!me) throw notFound('org');
      return me;
    },
  );

  const passwordRoute = guardedRoute('auth', 'viewer', {
    body: ChangePasswordRequestSchema,
    response: { 204: NoContentSchema },
  });
  api.post(
    FLEET_API.password,
    {
      schema: passwordRoute.schema,
      config: { rateLimit: perAddress() },
      preHandler: [
        passwordRoute.preHandler,
        perTarget(app, 'password', (request) =>
          request.principal?.kind === 'session' ? request.principal.userId : request.ip,
        ),
      ],
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const user = await findUserById(ctx.db, session.userId);
      if (!user) throw new ApiError('E_UNAUTHENTICATED', 'sign in again');
      if (!(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        throw loginFailed();
      }
      assertStrongPassword(request.body.newPassword);
      await setPasswordHash(ctx.db, user.id, await hashPassword(request.body.newPassword));
      // Whoever else held a session (a stolen cookie, a forgotten PC) is signed out.
      await revokeUserSessions(
        ctx.db,
        { userId: user.id, exceptIdHash: session.sessionIdHash },
        ctx.now(),
      );
      return reply.code(204).send(null);
    },
  );
}
