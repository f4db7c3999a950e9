import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { OrgUser, Role } from '../../src/shared/fleet-api.js';
import { IdParamsSchema, NoContentSchema } from '../auth/auth-schemas.js';
import { guardedRoute } from '../auth/guarded-route.js';
import { principalOf } from '../auth/guards.js';
import { assertStrongPassword, hashPassword } from '../auth/passwords.js';
import { assertCanManageRole } from '../auth/roles.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { ApiError, notFound } from '../http/api-error.js';
import {
  CreateUserRequestSchema,
  OrgUserSchema,
  UpdateUserRequestSchema,
  UserListSchema,
} from './user-schemas.js';
import {
  addMembership,
  countOwners,
  findOrgUser,
  findUserByEmail,
  insertUser,
  listOrgUsers,
  removeMembership,
  setMemberRole,
} from './users-store.js';

function assertCanManage(actor: Role, target: Role): void {
  assertCanManageRole(actor, target, `manage the ${target} role`);
}

const lastOwner = () => new ApiError('E_LAST_OWNER', 'an org must keep at least one owner');

/** The org's people (admin+). Every query is scoped by the principal's org. */
export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // FLEET_API.user() encodes its argument, so the route pattern is spelled out.
  const user = `${FLEET_API.users}/:id`;

  api.get(
    FLEET_API.users,
    guardedRoute('users', 'admin', { response: { 200: UserListSchema } }),
    async (request) => ({ users: await listOrgUsers(ctx.db, principalOf(request).orgId) }),
  );

  api.post(
    FLEET_API.users,
    guardedRoute('users', 'admin', {
      body: CreateUserRequestSchema,
      response: { 201: OrgUserSchema },
    }),
    async (request, reply) => {
      const actor = principalOf(request);
      const { email, name, role, password } = request.body;
      assertCanManage(actor.role, role);
      assertStrongPassword(password);
      // Hashed whether or not the email is known, so the time taken says nothing either.
      const passwordHash = await hashPassword(password);
      const now = ctx.now();
      const created: OrgUser | null = await ctx.db.transaction().execute(async (tx) => {
        const existing = await findUserByEmail(tx, email);
        if (existing && (await findOrgUser(tx, actor.orgId, existing.id))) {
          throw new ApiError('E_EMAIL_TAKEN', 'a user with this email is already in this org');
        }
        // Someone already known to the server (from another org) keeps their password and
        // name: they are added here, nothing more, and nothing about the other org shows.
        const userId =
          existing?.id ??
          (await insertUser(tx, { email, name: name?.trim() ?? '', passwordHash }, now));
        await addMembership(tx, { orgId: actor.orgId, userId, role }, now);
        return findOrgUser(tx, actor.orgId, userId);
      });
      if (!created) throw notFound('user');
      return reply.code(201).send(created);
    },
  );

  api.patch(
    user,
    guardedRoute('users', 'admin', {
      params: IdParamsSchema,
      body: UpdateUserRequestSchema,
      response: { 200: OrgUserSchema },
    }),
    async (request) => {
      const actor = principalOf(request);
      const { id } = request.params;
      const { role } = request.body;
      return ctx.db.transaction().execute(async (tx) => {
        const target = await findOrgUser(tx, actor.orgId, id);
        if (!target) throw notFound('user');
        assertCanManage(actor.role, target.role);
        assertCanManage(actor.role, role);
        if (
          target.role === 'owner' &&
          role !== 'owner' &&
          (await countOwners(tx, actor.orgId)) <= 1
        ) {
          throw lastOwner();
        }
        await setMemberRole(tx, { orgId: actor.orgId, userId: id, role });
        return { ...target, role };
      });
    },
  );

  api.delete(
    user,
    guardedRoute('users', 'admin', {
      params: IdParamsSchema,
      response: { 204: NoContentSchema },
    }),
    async (request, reply) => {
      const actor = principalOf(request);
      const { id } = request.params;
      await ctx.db.transaction().execute(async (tx) => {
        const target = await findOrgUser(tx, actor.orgId, id);
        if (!target) throw notFound('user');
        assertCanManage(actor.role, target.role);
        if (target.role === 'owner' && (await countOwners(tx, actor.orgId)) <= 1) throw lastOwner();
        // Their sessions in this org end now, not at their next idle timeout.
        await revokeUserSessions(tx, { userId: id, orgId: actor.orgId }, ctx.now());
        await removeMembership(tx, { orgId: actor.orgId, userId: id });
      });
      return reply.code(204).send(null);
    },
  );
}
