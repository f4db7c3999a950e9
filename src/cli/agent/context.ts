import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import { pickLanguage } from '../../shared/i18n.js';
import type { Language } from '../../shared/i18n.js';
import { DATABASE_FILE_NAME, resolveDataDir } from '../../agent/config/data-dir.js';
import type { AgentConfig } from '../../agent/config/load-config.js';
import { loadConfig } from '../../agent/config/load-config.js';
import type { AgentConfigFile } from '../../agent/config/schema.js';
import { openStore } from '../../agent/store/open-store.js';
import type { Store } from '../../agent/store/types.js';
import { CliError } from '../../shared/cli-error.js';

export interface GlobalOptions {
  dataDir?: string;
}

export interface CliContext {
  dataDir: string;
  databasePath: string;
  config: AgentConfig;
}

export interface Translation {
  language: Language;
  /** BCP 47 tag for Intl formatting. */
  locale: string;
  t: TFunction;
}

export function loadContext(options: GlobalOptions, overrides: AgentConfigFile = {}): CliContext {
  if (options.dataDir === '') throw new CliError('--data-dir must not be empty.');
  const dataDir = resolveDataDir(options.dataDir);
  const config = loadConfig(dataDir, overrides);
  if (!config.ok) throw new CliError(config.error);
  return { dataDir, databasePath: join(dataDir, DATABASE_FILE_NAME), config: config.value };
}

/**
 * The language to print in: the configured one, else the OS's. Only commands that print text
 * call this: asking Intl for the OS locale loads ICU data (~9 MB resident), which the
 * long-running agent has no use for.
 */
export async function loadTranslation(context: CliContext): Promise<Translation> {
  // Loaded here, not at start-up: every language's text stays out of the running agent.
  const { createTranslator } = await import('../../shared/translator.js');
  const systemLocale = Intl.DateTimeFormat().resolvedOptions().locale;
  const language = context.config.language ?? pickLanguage(systemLocale);
  return {
    language,
    // Keep the system's regional formats when they match the language (fr-CA, not fr-FR).
    locale: pickLanguage(systemLocale) === language ? systemLocale : language,
    t: createTranslator(language),
  };
}

/** Opens the history read-only, for commands that run beside a live agent. */
export function openForReading(context: CliContext): Store {
  if (!existsSync(context.databasePath)) {
    throw new CliError(
      `No history in ${context.dataDir} yet: start the agent with "dashfleet-agent run".`,
      1,
    );
  }
  return openStore({ path: context.databasePath, readonly: true });
}

/** Runs `read` against the history opened read-only, and always closes it. */
export async function withHistory<T>(
  options: GlobalOptions,
  read: (store: Store, context: CliContext) => T | Promise<T>,
): Promise<T> {
  const context = loadContext(options);
  const store = openForReading(context);
  try {
    return await read(store, context);
  } finally {
    store.close();
  }
}
