import { Type } from 'typebox';
import type { Static } from 'typebox';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Everything the server needs to start, already validated and with defaults applied.
 * Built by `loadServerConfig` from command-line flags and DASHFLEET_* variables.
 */
export const ServerConfigSchema = Type.Object(
  {
    /** Address to listen on; 127.0.0.1 by default so nothing outside this PC can reach it. */
    host: Type.String({ minLength: 1, maxLength: 255 }),
    /** TCP port; 0 takes any free port (tests). */
    port: Type.Integer({ minimum: 0, maximum: 65_535 }),
    /** Where server.db lives. */
    dataDir: Type.String({ minLength: 1 }),
    /** The address people and agents use to reach the server (links, enrolment, cookies). */
    publicUrl: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', maxLength: 2048 }),
    /** A machine heard from within this many seconds is online... */
    onlineSeconds: Type.Integer({ minimum: 5, maximum: 86_400 }),
    /** ...stale until this many, offline after. */
    offlineSeconds: Type.Integer({ minimum: 10, maximum: 30 * 86_400 }),
    /** A session unused this long ends. */
    sessionIdleMinutes: Type.Integer({ minimum: 1, maximum: 30 * 24 * 60 }),
    /** A session ends this long after login, however active. */
    sessionMaxDays: Type.Integer({ minimum: 1, maximum: 365 }),
    logLevel: Type.Enum(LOG_LEVELS),
    /** Lifetime of the one-time setup link printed at first start. */
    setupTokenMinutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
    /** Behind a reverse proxy: take the client address and protocol from X-Forwarded-*. */
    trustProxy: Type.Boolean(),
  },
  { additionalProperties: false },
);

export type ServerConfig = Static<typeof ServerConfigSchema>;
