import type { FastifyInstance } from 'fastify';
import { registerApiKeyRoutes } from '../api-keys/api-key-routes.js';
import type { ServerContext } from '../context.js';
import { registerSetupRoutes } from '../setup/setup-routes.js';
import { registerUserRoutes } from '../users/user-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerAuthenticate } from './authenticate.js';

/**
 * Who may use the fleet API: the authenticate hook, on the root instance so that every
 * /api/v1 route of every feature sees `request.principal` (so this runs before the other
 * features register theirs), plus the setup, auth, user and API-key routes. Needs
 * @fastify/cookie and @fastify/rate-limit registered on the root (build-server.ts).
 */
export async function registerAccessRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
): Promise<void> {
  registerAuthenticate(app, ctx);
  registerSetupRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
}
