import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ServerContext } from '../context.js';
import { pingDatabase } from '../store/open-database.js';

const HealthResponse = Type.Object({ status: Type.Literal('ok') });

/** For load balancers and service managers: 200 once the database answers. */
export async function registerHealthRoute(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['server'],
        summary: 'Liveness: the process runs and its database answers',
        response: { 200: HealthResponse },
      },
    },
    async () => {
      await pingDatabase(ctx.db);
      return { status: 'ok' as const };
    },
  );
}
