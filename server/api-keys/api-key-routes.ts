import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { IdParamsSchema, NoContentSchema, ROUTE_SECURITY } from '../auth/auth-schemas.js';
import { principalOf, requireRole } from '../auth/guards.js';
import { canManageRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { ApiError, notFound } from '../http/api-error.js';
import {
  ApiKeyListSchema,
  CreateApiKeyRequestSchema,
  CreatedApiKeySchema,
} from './api-key-schemas.js';
import { createApiKey, findApiKey, listApiKeys, revokeApiKey } from './api-keys.js';

/** Keys for automation (admin+): minted at or below your own role, revoked at will. */
export function registerApiKeyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const admin = requireRole('admin');

  api.get(
    FLEET_API.apiKeys,
    {
      schema: { tags: ['api-keys'], security: ROUTE_SECURITY, response: { 200: ApiKeyListSchema } },
      preHandler: admin,
    },
    async (request) => ({ keys: await listApiKeys(ctx.db, principalOf(request).orgId) }),
  );

  api.post(
    FLEET_API.apiKeys,
    {
      schema: {
        tags: ['api-keys'],
        security: ROUTE_SECURITY,
        body: CreateApiKeyRequestSchema,
        response: { 201: CreatedApiKeySchema },
      },
      preHandler: admin,
    },
    async (request, reply) => {
      const actor = principalOf(request);
      if (!canManageRole(actor.role, request.body.role)) {
        throw new ApiError(
          'E_FORBIDDEN',
          `your role (${actor.role}) cannot mint a ${request.body.role} key`,
        );
      }
      const created = await createApiKey(
        ctx.db,
        {
          orgId: actor.orgId,
          name: request.body.name.trim(),
          role: request.body.role,
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
    {
      schema: {
        tags: ['api-keys'],
        security: ROUTE_SECURITY,
        params: IdParamsSchema,
        response: { 204: NoContentSchema },
      },
      preHandler: admin,
    },
    async (request, reply) => {
      const actor = principalOf(request);
      const key = await findApiKey(ctx.db, actor.orgId, request.params.id);
      if (!key) throw notFound('API key');
      if (!canManageRole(actor.role, key.role)) {
        throw new ApiError(
          'E_FORBIDDEN',
          `your role (${actor.role}) cannot revoke a ${key.role} key`,
        );
      }
      await revokeApiKey(ctx.db, actor.orgId, key.id, ctx.now());
      ctx.log.info({ apiKeyId: key.id }, 'api key revoked');
      return reply.code(204).send(null);
    },
  );
}
