import envPaths from 'env-paths';
import type { TSchema } from 'typebox';
import type { Result } from '../../src/shared/validation.js';
import { describeProblem } from '../../src/shared/validation.js';
import type { ServerConfig } from './server-config.js';
import { ServerConfigSchema } from './server-config.js';
import type { Setting } from './settings.js';
import { SETTINGS } from './settings.js';

/** Values as the command line gives them: text, or true for a bare boolean flag. */
export type ConfigFlags = Partial<Record<keyof ServerConfig, string | number | boolean>>;
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORT = 8080;

/** Defaults for everything but publicUrl, which follows the port. */
export function defaultSettings(): Omit<ServerConfig, 'publicUrl'> {
  return {
    // Secure by default: reachable from this PC only until someone says --host 0.0.0.0.
    host: '127.0.0.1',
    port: DEFAULT_PORT,
    dataDir: envPaths('dashfleet-server', { suffix: '' }).data,
    onlineSeconds: 60,
    offlineSeconds: 300,
    sessionIdleMinutes: 60,
    sessionMaxDays: 7,
    logLevel: 'info',
    setupTokenMinutes: 60,
    trustProxy: false,
  };
}

/**
 * Flags win over variables, variables over defaults. Pure: the environment is an argument.
 * Any problem comes back as one sentence that names the flag or variable to fix.
 */
export function loadServerConfig(flags: ConfigFlags, env: ConfigEnv): Result<ServerConfig> {
  const values: Record<string, unknown> = { ...defaultSettings() };
  const names: Record<string, string> = {};
  for (const setting of SETTINGS) {
    const given = pick(setting, flags, env);
    if (!given.ok) return given;
    if (given.value === undefined) continue;
    const { name, raw } = given.value;
    const parsed = parse(setting, raw);
    if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
    const problem = describeProblem(propertySchema(setting.key), parsed.value);
    if (problem) return { ok: false, error: `${name}: ${problem.replace(/^value /, '')}` };
    values[setting.key] = parsed.value;
    names[setting.key] = name;
  }
  values['publicUrl'] ??= `http://localhost:${String(values['port'])}`;
  const problem = describeProblem(ServerConfigSchema, values);
  if (problem) return { ok: false, error: problem };
  const config = values as ServerConfig;
  const cross = crossFieldProblem(config, (key) => names[key] ?? key);
  if (cross) return { ok: false, error: cross };
  return { ok: true, value: config };
}

type Given = { name: string; raw: string | number | boolean } | undefined;

/** The flag if given, else the variable, else one of its older names. */
function pick(setting: Setting, flags: ConfigFlags, env: ConfigEnv): Result<Given> {
  const flag = flags[setting.key];
  if (flag !== undefined) return { ok: true, value: { name: `--${setting.flag}`, raw: flag } };
  const set = [setting.env, ...(setting.aliases ?? [])]
    .map((name) => ({ name, raw: env[name] }))
    .filter((entry): entry is { name: string; raw: string } => entry.raw !== undefined);
  const [first, ...others] = set;
  // The prototype's variable still works, but two names saying different things is a mistake
  // nobody should have to debug.
  const conflict = others.find((other) => other.raw.trim() !== first?.raw.trim());
  if (first && conflict) {
    return {
      ok: false,
      error: `${first.name} (${first.raw}) and ${conflict.name} (${conflict.raw}) disagree: set only one`,
    };
  }
  return { ok: true, value: first };
}

function parse(setting: Setting, raw: string | number | boolean): Result<unknown> {
  if (typeof raw !== 'string') return { ok: true, value: raw };
  const text = raw.trim();
  switch (setting.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(text)) return { ok: false, error: `"${raw}" is not a whole number` };
      return { ok: true, value: Number(text) };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(lower)) return { ok: true, value: true };
      if (['0', 'false', 'no', 'off', ''].includes(lower)) return { ok: true, value: false };
      return { ok: false, error: `"${raw}" is neither true nor false` };
    }
    case 'url': {
      if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
        return { ok: false, error: `"${raw}" is not an http:// or https:// address` };
      }
      // One spelling everywhere: no trailing slash, so `${publicUrl}/path` never doubles it.
      return { ok: true, value: text.replace(/\/+$/, '') };
    }
    case 'string':
      return { ok: true, value: text };
  }
}

function propertySchema(key: keyof ServerConfig): TSchema {
  return ServerConfigSchema.properties[key] as TSchema;
}

/** What one setting alone cannot say wrong. */
function crossFieldProblem(
  config: ServerConfig,
  nameOf: (key: keyof ServerConfig) => string,
): string | undefined {
  if (config.onlineSeconds >= config.offlineSeconds) {
    return `${nameOf('onlineSeconds')} (${config.onlineSeconds}) must be less than ${nameOf('offlineSeconds')} (${config.offlineSeconds})`;
  }
  if (config.sessionIdleMinutes > config.sessionMaxDays * 24 * 60) {
    return `${nameOf('sessionIdleMinutes')} (${config.sessionIdleMinutes}) must not exceed ${nameOf('sessionMaxDays')} (${config.sessionMaxDays} days)`;
  }
  return undefined;
}
