import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { ServerConfig } from './config/server-config.js';
import { SERVER_VERSION } from './config/version.js';
import type { ServerContext } from './context.js';
import { registerFleetData } from './fleet-data.js';
import { registerAccessRoutes } from './auth/access-routes.js';
import { registerDocs } from './docs/register-docs.js';
import { ApiError } from './http/api-error.js';
import { registerErrorHandling, toApiError } from './http/error-handler.js';
import { sendError } from './http/error-reply.js';
import { registerHealthRoute } from './http/health-route.js';
import { loggerOptions } from './http/logger-options.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerFleetPage } from './web/fleet-page.js';
import { schemaErrorFormatter, validatorCompiler } from './http/validation.js';
import type { ServerDatabase } from './store/open-database.js';
import { DATABASE_FILE_NAME, openDatabase } from './store/open-database.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Settings, database, clock and logger: what every feature is handed. */
    ctx: ServerContext;
  }
}

export interface BuildServerOptions {
  /** An open database the caller keeps ownership of; by default `<dataDir>/server.db` is opened here and closed with the app. */
  database?: ServerDatabase;
  /** The clock, epoch ms. */
  now?: () => number;
  /** Where logs go (tests read them); standard output by default. */
  logStream?: DestinationStream;
}

/**
 * The composition root: one Fastify app with every plugin and route, not yet listening
 * (main.ts listens; tests use inject() or port 0). `app.close()` stops accepting, lets
 * in-flight requests finish, then closes the database if it opened it.
 */
export async function buildServer(
  config: ServerConfig,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const database =
    options.database ?? (await openDatabase(join(config.dataDir, DATABASE_FILE_NAME)));
  try {
    return await assemble(config, database, options);
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}

/**
 * Requests that were running when close() began still finish, but their keep-alive
 * connections must not hold the close open for the keep-alive timeout: answer them with
 * Connection: close, and drop whatever connection has gone idle since.
 */
function closeConnectionsWhenDone(app: FastifyInstance): void {
  let isClosing = false;
  app.addHook('preClose', async () => {
    isClosing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (isClosing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async () => {
    if (isClosing) setImmediate(() => app.server.closeIdleConnections());
  });
}

async function assemble(
  config: ServerConfig,
  database: ServerDatabase,
  options: BuildServerOptions,
): Promise<FastifyInstance> {
  const logger = loggerOptions(config.logLevel);
  const app = Fastify({
    logger: options.logStream ? { ...logger, stream: options.logStream } : logger,
    trustProxy: config.trustProxy,
    schemaErrorFormatter,
    // No stray request ids from a client's header; ours are sequential per process.
    requestIdHeader: false,
    // A malformed URL or an over-long path parameter is refused by the router before any
    // route runs: answer it in the one error shape too.
    frameworkErrors: (error, _request, reply) =>
      sendError(reply, toApiError(error) ?? new ApiError('E_BAD_REQUEST', error.message)),
    // Thousands of agents report every minute: one line per request would drown the log.
    // Failures are logged by the error handler; every request at debug level (below).
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  // JSON only; a route that takes another type adds its own parser.
  app.removeContentTypeParser('text/plain');

  const ctx: ServerContext = {
    config,
    db: database.db,
    now: options.now ?? Date.now,
    log: app.log,
  };
  app.decorate('ctx', ctx);
  if (!options.database) app.addHook('onClose', async () => database.close());

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        path: request.url.split('?')[0],
        statusCode: reply.statusCode,
        ms: reply.elapsedTime,
      },
      // The path only: a query string may carry a one-time token.
      'request completed',
    );
  });
  closeConnectionsWhenDone(app);
  registerErrorHandling(app);
  await registerSecurityHeaders(app, { isHttps: config.publicUrl.startsWith('https://') });
  await app.register(cookie);
  // Off by default; a route opts in with `config: { rateLimit: { max, timeWindow } }`.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError('E_RATE_LIMITED', `Too many requests; retry in ${context.after}.`, {
        'Retry-After': String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  });
  await registerDocs(app, { version: SERVER_VERSION, publicUrl: config.publicUrl });

  await registerHealthRoute(app, ctx);

  // Feature routes
  await registerAccessRoutes(app, ctx);
  await registerFleetData(app, ctx);
  await registerFleetPage(app, ctx);

  return app;
}
