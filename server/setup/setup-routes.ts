import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { EmailSchema, MeSchema, PasswordSchema } from '../auth/auth-schemas.js';
import { loadMe } from '../auth/me.js';
import { assertStrongPassword, hashPassword } from '../auth/passwords.js';
import { sessionLimits, setSessionCookie } from '../auth/session-cookie.js';
import { createSession } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { hasAnyUser } from '../users/users-store.js';
import { insertOrgWithOwner } from '../orgs/create-org-with-owner.js';
import { consumeSetupToken, isSetupTokenUsable } from './setup-tokens.js';
import { perAddress } from '../auth/rate-limits.js';

const SetupStateSchema = Type.Object({ isSetupNeeded: Type.Boolean() });

const SetupRequestSchema = Type.Object(
  {
    setupToken: Type.String({ minLength: 1, maxLength: 200 }),
    orgName: Type.String({ minLength: 1, maxLength: 100 }),
    email: EmailSchema,
    password: PasswordSchema,
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

const setupDone = () => new ApiError('E_SETUP_DONE', 'this server already has its first owner');
const tokenInvalid = () =>
  new ApiError(
    'E_SETUP_TOKEN_INVALID',
    'this setup link is unknown, used or expired; restart the server for a new one',
  );

/** First run, no auth: the printed setup link creates the first org and its owner. */
export function registerSetupRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    FLEET_API.setupState,
    { schema: { tags: ['setup'], response: { 200: SetupStateSchema } } },
    async () => ({
      isSetupNeeded: !(await hasAnyUser(ctx.db)),
    }),
  );

  api.post(
    FLEET_API.setup,
    {
      schema: { tags: ['setup'], body: SetupRequestSchema, response: { 200: MeSchema } },
      config: { rateLimit: perAddress() },
    },
    async (request, reply) => {
      const body = request.body;
      if (await hasAnyUser(ctx.db)) throw setupDone();
      assertStrongPassword(body.password);
      // A bad link is refused before the (deliberately expensive) hash is spent on it.
      if (!(await isSetupTokenUsable(ctx.db, body.setupToken, ctx.now()))) throw tokenInvalid();
      const passwordHash = await hashPassword(body.password);
      const now = ctx.now();
      const created = await ctx.db.transaction().execute(async (tx) => {
        // Checked again inside the transaction: two racing set-ups make one owner.
        if (await hasAnyUser(tx)) throw setupDone();
        if (!(await consumeSetupToken(tx, body.setupToken, now))) throw tokenInvalid();
        const { orgName, email, name } = body;
        return insertOrgWithOwner(tx, { orgName, email, name, passwordHash }, now);
      });
      ctx.log.info({ orgId: created.orgId }, 'setup: first org and owner created');
      const session = await createSession(ctx.db, created, now, sessionLimits(ctx.config));
      setSessionCookie(reply, ctx.config, session.token);
      const me = await loadMe(ctx.db, { ...created, csrfToken: session.csrfToken });
      if (!me) throw tokenInvalid();
      return me;
    },
  );
}
