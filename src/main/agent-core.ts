import { join } from 'node:path';
import { createCollector } from '../agent/collect/create-collector.js';
import { DATABASE_FILE_NAME, ensureDataDir, resolveDataDir } from '../agent/config/data-dir.js';
import type { AgentConfig } from '../agent/config/load-config.js';
import { loadConfig } from '../agent/config/load-config.js';
import type { Agent } from '../agent/create-agent.js';
import { createAgent } from '../agent/create-agent.js';
import { acquireInstanceLock } from '../agent/instance-lock.js';
import type { SettingsPort } from '../agent/local-api/types.js';
import { createFileSettings } from '../agent/local-api/file-settings.js';
import type { Logger } from '../agent/logger.js';
import { createLogger } from '../agent/logger.js';
import { openStore } from '../agent/store/open-store.js';
import type { Store } from '../agent/store/types.js';
import { AGENT_VERSION } from '../agent/version.js';
import type { Result } from '../shared/validation.js';
import type { InjectableApp } from './protocol-bridge.js';

/** The parts of the agent the local API is built from (what `buildLocalApi` takes). */
export interface LocalApiParts {
  store: Store;
  agent: Agent;
  settings: SettingsPort;
  startedAt: number;
  logger: Logger;
}

/** Builds the local dashboard's app on top of the agent; its routes are served in-process. */
export type LocalApiFactory = (
  parts: LocalApiParts,
) => Promise<InjectableApp & { close(): Promise<unknown> }>;

export interface AgentCore extends LocalApiParts {
  dataDir: string;
  config: AgentConfig;
  localApi: InjectableApp;
  /** Closes the local API, stops sampling, closes the store and releases the data-dir lock. */
  stop(): Promise<void>;
}

export interface AgentCoreOptions {
  buildLocalApi: LocalApiFactory;
  autostart: NonNullable<Parameters<typeof createFileSettings>[0]['autostart']>;
}

/**
 * The same core the headless `dashfleet-agent run` composes (config, store, collector, agent),
 * inside the desktop app. One data dir, one lock: a desktop app and a headless agent never
 * sample the same PC side by side.
 */
export async function startAgentCore(options: AgentCoreOptions): Promise<Result<AgentCore>> {
  const startedAt = Date.now();
  const dataDir = resolveDataDir(undefined);
  const loaded = loadConfig(dataDir);
  if (!loaded.ok) return loaded;
  const config = loaded.value;
  ensureDataDir(dataDir);
  const lock = acquireInstanceLock(dataDir);
  if (!lock.ok) return lock;
  const logger = createLogger(config.logLevel);
  const cleanUp: Array<() => void | Promise<void>> = [() => lock.value.release()];
  /** Undoes what started, newest first; one failing step does not keep the lock held. */
  const unwind = async () => {
    for (const step of cleanUp.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, 'agent: a shutdown step failed');
      }
    }
  };
  try {
    const store = openStore({
      path: join(dataDir, DATABASE_FILE_NAME),
      retention: config.retention,
      outbox: config.outbox,
    });
    cleanUp.push(() => store.close());
    const collector = createCollector({
      dataDir,
      agentVersion: AGENT_VERSION,
      onError: (domain, error) => logger.warn({ err: error }, `collect: ${domain} unavailable`),
    });
    const agent = createAgent({ config, collector, store, logger });
    const settings = createFileSettings({ dataDir, agent, autostart: options.autostart });
    logger.info(`agent: DashFleet desktop ${AGENT_VERSION}, data in ${dataDir}`);
    await agent.start();
    cleanUp.push(() => agent.stop());
    const localApi = await options.buildLocalApi({ store, agent, settings, startedAt, logger });
    // The local API reads the store and holds live streams: it closes first.
    cleanUp.push(async () => void (await localApi.close()));
    return {
      ok: true,
      value: { dataDir, config, store, agent, settings, startedAt, logger, localApi, stop: unwind },
    };
  } catch (error) {
    await unwind();
    return { ok: false, error: `the agent cannot start (${(error as Error).message})` };
  }
}
