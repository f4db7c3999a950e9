import type { ServerConfig } from './server-config.js';

export type SettingKind = 'string' | 'integer' | 'boolean' | 'url';

/** One configurable setting: its key, its variable, its flag and how to read text into it. */
export interface Setting {
  key: keyof ServerConfig;
  env: string;
  /** Older names still honoured (the prototype's variables). */
  aliases?: readonly string[];
  flag: string;
  kind: SettingKind;
  description: string;
}

/**
 * The table of settings, in the order `--help` and the README list them. The loader, the
 * `start` flags and the README's table all come from here, so they cannot drift apart.
 */
export const SETTINGS: readonly Setting[] = [
  {
    key: 'host',
    env: 'DASHFLEET_HOST',
    flag: 'host',
    kind: 'string',
    description: 'address to listen on (0.0.0.0 lets other PCs reach it)',
  },
  { key: 'port', env: 'DASHFLEET_PORT', flag: 'port', kind: 'integer', description: 'TCP port' },
  {
    key: 'dataDir',
    env: 'DASHFLEET_DATA_DIR',
    flag: 'data-dir',
    kind: 'string',
    description: 'where server.db lives',
  },
  {
    key: 'publicUrl',
    env: 'DASHFLEET_PUBLIC_URL',
    flag: 'public-url',
    kind: 'url',
    description: 'address people and agents use to reach the server',
  },
  {
    key: 'onlineSeconds',
    env: 'DASHFLEET_ONLINE_SECONDS',
    flag: 'online-seconds',
    kind: 'integer',
    description: 'a machine heard from within this many seconds is online',
  },
  {
    key: 'offlineSeconds',
    env: 'DASHFLEET_OFFLINE_SECONDS',
    aliases: ['FLEET_TTL_SECONDS'],
    flag: 'offline-seconds',
    kind: 'integer',
    description: 'a machine silent for longer is offline (stale in between)',
  },
  {
    key: 'sessionIdleMinutes',
    env: 'DASHFLEET_SESSION_IDLE_MINUTES',
    flag: 'session-idle-minutes',
    kind: 'integer',
    description: 'a session unused this long ends',
  },
  {
    key: 'sessionMaxDays',
    env: 'DASHFLEET_SESSION_MAX_DAYS',
    flag: 'session-max-days',
    kind: 'integer',
    description: 'a session ends this long after login',
  },
  {
    key: 'logLevel',
    env: 'DASHFLEET_LOG_LEVEL',
    flag: 'log-level',
    kind: 'string',
    description: 'fatal, error, warn, info, debug, trace or silent',
  },
  {
    key: 'setupTokenMinutes',
    env: 'DASHFLEET_SETUP_TOKEN_MINUTES',
    flag: 'setup-token-minutes',
    kind: 'integer',
    description: 'lifetime of the one-time setup link',
  },
  {
    key: 'trustProxy',
    env: 'DASHFLEET_TRUST_PROXY',
    flag: 'trust-proxy',
    kind: 'boolean',
    description: 'trust X-Forwarded-* headers (behind a reverse proxy)',
  },
];
