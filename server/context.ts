import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerConfig } from './config/server-config.js';
import type { Database } from './store/schema.js';

/**
 * What every feature of the server gets handed: settings, the database, the clock and the
 * logger. Passed explicitly (and as `app.ctx`) so tests can swap the clock and the database.
 */
export interface ServerContext {
  config: ServerConfig;
  db: Kysely<Database>;
  /** Epoch ms; a test can make time pass without waiting. */
  now: () => number;
  log: FastifyBaseLogger;
}
