import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { NoContentSchema } from '../auth/auth-schemas.js';
import { guardedRoute } from '../auth/guarded-route.js';
import { principalOf } from '../auth/guards.js';
import type { ServerContext } from '../context.js';
import {
  CreateEnrollmentTokenRequestSchema,
  CreatedEnrollmentTokenSchema,
  EnrollmentTokenListSchema,
  EnrollmentTokenParamsSchema,
} from './enrollment-schemas.js';
import {
  createEnrollmentToken,
  listEnrollmentTokens,
  revokeEnrollmentToken,
} from './enrollment-tokens.js';

/** Enrolment tokens of the org (admin+): list, create (shown once), revoke. */
export function registerEnrollmentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    FLEET_API.enrollmentTokens,
    guardedRoute('enrollment', 'admin', {
      summary: 'Every enrolment token of the org, newest first',
      response: { 200: EnrollmentTokenListSchema },
    }),
    async (request) => ({
      tokens: await listEnrollmentTokens(ctx.db, principalOf(request).orgId, ctx.now()),
    }),
  );

  api.post(
    FLEET_API.enrollmentTokens,
    guardedRoute('enrollment', 'admin', {
      summary: 'Create an enrolment token (the token is shown once)',
      body: CreateEnrollmentTokenRequestSchema,
      response: { 201: CreatedEnrollmentTokenSchema },
    }),
    async (request, reply) => {
      const actor = principalOf(request);
      const { token, info } = await createEnrollmentToken(
        ctx.db,
        {
          orgId: actor.orgId,
          ...request.body,
          createdBy: actor.kind === 'session' ? actor.userId : null,
        },
        ctx.now(),
      );
      ctx.log.info({ enrollmentTokenId: info.id }, 'enrolment token created');
      return reply.code(201).send({ ...info, token, serverUrl: ctx.config.publicUrl });
    },
  );

  api.delete(
    `${FLEET_API.enrollmentTokens}/:id`,
    guardedRoute('enrollment', 'admin', {
      summary: 'Revoke an enrolment token',
      params: EnrollmentTokenParamsSchema,
      response: { 204: NoContentSchema },
    }),
    async (request, reply) => {
      await revokeEnrollmentToken(ctx.db, principalOf(request).orgId, request.params.id, ctx.now());
      ctx.log.info({ enrollmentTokenId: request.params.id }, 'enrolment token revoked');
      return reply.code(204).send(null);
    },
  );
}
