import type * as FastifyCookie from '@fastify/cookie';
import type * as Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { registerActionsRoutes } from './actions-routes.js';
import { LocalApiError, errorBody } from './errors.js';
import { registerEventsRoute } from './events-routes.js';
import { registerGuard } from './guard.js';
import { registerHistoryRoutes } from './history-routes.js';
import { registerInventoryRoutes } from './inventory-routes.js';
import { registerLinkRoutes } from './link-routes.js';
import { loadAtRunTime } from './load-at-run-time.js';
import { registerPageRoutes } from './page-routes.js';
import { securityHeaders } from './pages.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerStatusRoutes } from './status-routes.js';
import type { LocalApiDeps } from './types.js';
import { validationMessage } from './validation-message.js';

/**
 * The local dashboard's app: routes of LOCAL_API under /api, the page at /. It never listens
 * by itself: the headless agent calls listen() on 127.0.0.1, the desktop app forwards its
 * custom scheme's requests to inject(), and tests do either.
 */
export async function buildLocalApi(deps: LocalApiDeps): Promise<FastifyInstance> {
  const { fastify } = await loadAtRunTime<typeof Fastify>('fastify');
  const { default: fastifyCookie } = await loadAtRunTime<typeof FastifyCookie>('@fastify/cookie');
  const app = fastify({
    // Request logs would carry /auth?secret=...; what matters is logged by the agent itself.
    logger: false,
    bodyLimit: 64 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof LocalApiError) {
      return reply.code(error.statusCode).send(errorBody(error.code, error.message));
    }
    if (error.validation) {
      return reply.code(400).send(errorBody('E_BAD_REQUEST', validationMessage(error)));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, a wrong content type, a body too large: Fastify says what.
      return reply.code(400).send(errorBody('E_BAD_REQUEST', error.message));
    }
    deps.logger?.error({ err: error }, 'dashboard: request failed');
    return reply.code(500).send(errorBody('E_INTERNAL', 'the agent could not answer this request'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('E_NOT_FOUND', `nothing at ${request.method} ${request.url}`)),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(securityHeaders());
    return payload;
  });

  await app.register(fastifyCookie);
  registerGuard(app, deps.auth);
  registerStatusRoutes(app, deps);
  registerEventsRoute(app, deps);
  registerHistoryRoutes(app, deps);
  registerInventoryRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerLinkRoutes(app, deps);
  registerActionsRoutes(app, deps);
  await registerPageRoutes(app, deps.staticDir);
  return app;
}
