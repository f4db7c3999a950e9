import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { IdParamsSchema, NoContentSchema } from '../auth/auth-schemas.js';
import { guardedRoute } from '../auth/guarded-route.js';
import { principalOf } from '../auth/guards.js';
import { assertCanManageRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { notFound } from '../http/api-error.js';
import {
  ApiKeyListSchema,
  CreateApiKeyRequestSchema,
  CreatedApiKeySchema,
} from './api-key-schemas.js';
import { createApiKey, findApiKey, listApiKeys, revokeApiKey } from './api-keys.js';

/** Keys for automation (admin+): minted at or below your own role, revoked at will. */
export function registerApiKeyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    FLEET_API.apiKeys,
    guardedRoute('api-keys', 'admin', { response: { 200: ApiKeyListSchema } }),
    async (request) => ({ keys: await listApiKeys(ctx.db, principalOf(request).orgId) }),
  );

  api.post(
    FLEET_API.apiKeys,
    guardedRoute('api-keys', 'admin', {
      body: CreateApiKeyRequestSchema,
      response: { 201: CreatedApiKeySchema },
    }),
    async (request, reply) => {
      const actor = principalOf(request);
      const { role } = request.body;
      assertCanManageRole(actor.role, role, `mint a ${role} key`);
      const created = await createApiKey(
        ctx.db,
        {
          orgId: actor.orgId,
          name: request.body.name.trim(),
          role,
          createdBy: actor.kind === 'session' ? actor.userId : null,
        },
        ctx.now(),
      );
      ctx.log.info({ apiKeyId: created.id, role: created.role }, 'api key created');
      return reply.code(201).send(created);
    },
  );

  api.delete(
    `${FLEET_API.apiKeys}/:id`,
    guardedRoute('api-keys', 'admin', {
      params: IdParamsSchema,
      response: { 204: NoContentSchema },
    }),
    async (request, reply) => {
      const actor = principalOf(request);
      const key = await findApiKey(ctx.db, actor.orgId, request.params.id);
      if (!key) throw notFound('API key');
      assertCanManageRole(actor.role, key.role, `revoke a ${key.role} key`);
      await revokeApiKey(ctx.db, actor.orgId, key.id, ctx.now());
      ctx.log.info({ apiKeyId: key.id }, 'api key revoked');
      return reply.code(204).send(null);
    },
  );
}
