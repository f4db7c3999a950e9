import envPaths from 'env-paths';
import { describe, expect, it } from 'vitest';
import type { ConfigEnv, ConfigFlags } from '../../../server/config/load-server-config.js';
import { loadServerConfig } from '../../../server/config/load-server-config.js';
import type { ServerConfig } from '../../../server/config/server-config.js';

const DEFAULTS: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: envPaths('dashfleet-server', { suffix: '' }).data,
  publicUrl: 'http://localhost:8080',
  onlineSeconds: 60,
  offlineSeconds: 300,
  sessionIdleMinutes: 60,
  sessionMaxDays: 7,
  logLevel: 'info',
  setupTokenMinutes: 60,
  trustProxy: false,
};

interface Valid {
  name: string;
  flags?: ConfigFlags;
  env?: ConfigEnv;
  expected: Partial<ServerConfig>;
}

const valid: Valid[] = [
  { name: 'defaults: loopback only, port 8080', expected: {} },
  {
    name: 'every variable',
    env: {
      DASHFLEET_HOST: '0.0.0.0',
      DASHFLEET_PORT: '9000',
      DASHFLEET_DATA_DIR: '/srv/dashfleet',
      DASHFLEET_PUBLIC_URL: 'https://fleet.example.com/',
      DASHFLEET_ONLINE_SECONDS: '30',
      DASHFLEET_OFFLINE_SECONDS: '120',
      DASHFLEET_SESSION_IDLE_MINUTES: '15',
      DASHFLEET_SESSION_MAX_DAYS: '2',
      DASHFLEET_LOG_LEVEL: 'debug',
      DASHFLEET_SETUP_TOKEN_MINUTES: '10',
      DASHFLEET_TRUST_PROXY: 'true',
    },
    expected: {
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/srv/dashfleet',
      publicUrl: 'https://fleet.example.com',
      onlineSeconds: 30,
      offlineSeconds: 120,
      sessionIdleMinutes: 15,
      sessionMaxDays: 2,
      logLevel: 'debug',
      setupTokenMinutes: 10,
      trustProxy: true,
    },
  },
  {
    name: 'the public URL follows the port',
    env: { DASHFLEET_PORT: '9090' },
    expected: { port: 9090, publicUrl: 'http://localhost:9090' },
  },
  {
    name: 'flags win over variables',
    flags: { port: '7000', host: '0.0.0.0', trustProxy: true },
    env: { DASHFLEET_PORT: '9000', DASHFLEET_HOST: '10.0.0.1', DASHFLEET_TRUST_PROXY: 'no' },
    expected: { port: 7000, host: '0.0.0.0', trustProxy: true, publicUrl: 'http://localhost:7000' },
  },
  {
    name: "the prototype's FLEET_TTL_SECONDS is the offline threshold",
    env: { FLEET_TTL_SECONDS: '600' },
    expected: { offlineSeconds: 600 },
  },
  {
    name: 'FLEET_TTL_SECONDS agreeing with DASHFLEET_OFFLINE_SECONDS',
    env: { FLEET_TTL_SECONDS: '600', DASHFLEET_OFFLINE_SECONDS: '600' },
    expected: { offlineSeconds: 600 },
  },
  {
    name: 'a flag for the offline threshold overrides both variables',
    flags: { offlineSeconds: '900' },
    env: { FLEET_TTL_SECONDS: '600', DASHFLEET_OFFLINE_SECONDS: '700' },
    expected: { offlineSeconds: 900 },
  },
  {
    name: 'port 0 takes any free port',
    env: { DASHFLEET_PORT: '0' },
    expected: { port: 0, publicUrl: 'http://localhost:0' },
  },
  { name: 'trust proxy "0"', env: { DASHFLEET_TRUST_PROXY: '0' }, expected: { trustProxy: false } },
  {
    name: 'spaces around values',
    env: { DASHFLEET_PORT: ' 8081 ' },
    expected: { port: 8081, publicUrl: 'http://localhost:8081' },
  },
];

const invalid: Array<{ name: string; flags?: ConfigFlags; env?: ConfigEnv; error: RegExp }> = [
  {
    name: 'port not a number',
    env: { DASHFLEET_PORT: 'abc' },
    error: /^DASHFLEET_PORT: "abc" is not a whole number$/,
  },
  {
    name: 'port out of range',
    env: { DASHFLEET_PORT: '70000' },
    error: /^DASHFLEET_PORT: must be .*65535/,
  },
  { name: 'port from a flag names the flag', flags: { port: '-1' }, error: /^--port: must be/ },
  {
    name: 'fractional seconds',
    env: { DASHFLEET_ONLINE_SECONDS: '1.5' },
    error: /^DASHFLEET_ONLINE_SECONDS: "1.5" is not a whole number$/,
  },
  {
    name: 'unknown log level',
    env: { DASHFLEET_LOG_LEVEL: 'loud' },
    error: /^DASHFLEET_LOG_LEVEL: must be one of "fatal", .*"silent"$/,
  },
  {
    name: 'public URL not http(s)',
    env: { DASHFLEET_PUBLIC_URL: 'ftp://fleet' },
    error: /^DASHFLEET_PUBLIC_URL: "ftp:\/\/fleet" is not an http:\/\/ or https:\/\/ address$/,
  },
  {
    name: 'public URL not a URL',
    flags: { publicUrl: 'fleet.example.com' },
    error: /^--public-url: .* is not an http/,
  },
  {
    name: 'trust proxy not a boolean',
    env: { DASHFLEET_TRUST_PROXY: 'maybe' },
    error: /^DASHFLEET_TRUST_PROXY: "maybe" is neither true nor false$/,
  },
  { name: 'empty host', env: { DASHFLEET_HOST: ' ' }, error: /^DASHFLEET_HOST: / },
  {
    name: 'online not below offline',
    env: { DASHFLEET_ONLINE_SECONDS: '300', DASHFLEET_OFFLINE_SECONDS: '300' },
    error: /^DASHFLEET_ONLINE_SECONDS \(300\) must be less than DASHFLEET_OFFLINE_SECONDS \(300\)$/,
  },
  {
    name: 'online above the default offline names the default',
    flags: { onlineSeconds: '600' },
    error: /^--online-seconds \(600\) must be less than offlineSeconds \(300\)$/,
  },
  {
    name: 'old and new offline variables disagree',
    env: { DASHFLEET_OFFLINE_SECONDS: '300', FLEET_TTL_SECONDS: '600' },
    error:
      /^DASHFLEET_OFFLINE_SECONDS \(300\) and FLEET_TTL_SECONDS \(600\) disagree: set only one$/,
  },
  {
    name: 'idle timeout longer than the whole session',
    env: { DASHFLEET_SESSION_IDLE_MINUTES: '3000', DASHFLEET_SESSION_MAX_DAYS: '1' },
    error: /^DASHFLEET_SESSION_IDLE_MINUTES \(3000\) must not exceed DASHFLEET_SESSION_MAX_DAYS/,
  },
];

describe('loadServerConfig', () => {
  it.each(valid)('$name', ({ flags = {}, env = {}, expected }) => {
    const result = loadServerConfig(flags, env);
    expect(result).toEqual({ ok: true, value: { ...DEFAULTS, ...expected } });
  });

  it.each(invalid)('refuses: $name', ({ flags = {}, env = {}, error }) => {
    const result = loadServerConfig(flags, env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(error);
    expect(result.error).not.toContain('\n');
  });

  it('ignores variables it does not know', () => {
    const result = loadServerConfig({}, { DASHFLEET_SKIP_BUILD: '1', PATH: '/usr/bin' });
    expect(result).toEqual({ ok: true, value: DEFAULTS });
  });
});
