import type { Command } from 'commander';
import type { ConfigEnv, ConfigFlags } from '../config/load-server-config.js';
import { loadServerConfig } from '../config/load-server-config.js';
import type { ServerConfig } from '../config/server-config.js';
import { SETTINGS } from '../config/settings.js';
import { CliError } from '../../src/shared/cli-error.js';

/** Adds a flag for each setting (or only `only`); values stay text until the loader reads them. */
export function addConfigFlags(
  command: Command,
  only?: ReadonlyArray<keyof ServerConfig>,
): Command {
  for (const setting of SETTINGS) {
    if (only && !only.includes(setting.key)) continue;
    const placeholder =
      setting.kind === 'boolean' ? '' : ` <${setting.kind === 'integer' ? 'n' : 'value'}>`;
    command.option(`--${setting.flag}${placeholder}`, `${setting.description} (${setting.env})`);
  }
  return command;
}

/** The command's flags + the environment → a valid config, or a CliError (exit 2). */
export function configFrom(
  options: Record<string, unknown>,
  env: ConfigEnv = process.env,
): ServerConfig {
  const flags: ConfigFlags = {};
  for (const setting of SETTINGS) {
    const value = options[setting.key];
    if (typeof value === 'string' || typeof value === 'boolean') flags[setting.key] = value;
  }
  const config = loadServerConfig(flags, env);
  if (!config.ok) throw new CliError(config.error, 2);
  return config.value;
}
