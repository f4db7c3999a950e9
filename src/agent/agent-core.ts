import { join } from 'node:path';
import type { Result } from '../shared/validation.js';
import { createCollector } from './collect/create-collector.js';
import { DATABASE_FILE_NAME, ensureDataDir } from './config/data-dir.js';
import type { AgentConfig } from './config/load-config.js';
import type { Agent } from './create-agent.js';
import { createAgent } from './create-agent.js';
import { acquireInstanceLock } from './instance-lock.js';
import type { Link } from './link/create-link.js';
import { createLink } from './link/create-link.js';
import type { Logger } from './logger.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/types.js';
import { AGENT_VERSION } from './version.js';

/** What a front end (the loopback dashboard, the desktop app's in-process API) is built on. */
export interface AgentParts {
  dataDir: string;
  config: AgentConfig;
  store: Store;
  agent: Agent;
  /** The link to a DashFleet server (idle until this PC is enrolled). */
  link: Link;
  logger: Logger;
  startedAt: number;
}

export interface FrontEnd {
  close(): Promise<unknown>;
}

export interface AgentCoreOptions<F extends FrontEnd> {
  dataDir: string;
  config: AgentConfig;
  logger: Logger;
  /** Who runs the core, for the start-up log line: "agent" (headless) or "desktop". */
  label: string;
  /** The dashboard in front of the agent; it reads the store, so it is closed first. */
  startFrontEnd: (parts: AgentParts) => Promise<F>;
}

export interface AgentCore<F extends FrontEnd> extends AgentParts {
  frontEnd: F;
  /** Closes the front end, stops sampling, closes the store and releases the data-dir lock. */
  stop(): Promise<void>;
}

/**
 * The one start-up sequence of the agent, shared by `dashfleet-agent run` and the desktop app:
 * data dir, lock, store, collector, agent, link, front end. One data dir, one lock: a desktop app
 * and a headless agent never sample the same PC side by side. A failure undoes what started.
 */
export async function startAgentCore<F extends FrontEnd>(
  options: AgentCoreOptions<F>,
): Promise<Result<AgentCore<F>>> {
  const { dataDir, config, logger } = options;
  const startedAt = Date.now();
  ensureDataDir(dataDir);
  const lock = acquireInstanceLock(dataDir);
  if (!lock.ok) return lock;
  const cleanUp: Array<() => unknown> = [() => lock.value.release()];
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
    logger.info(`agent: DashFleet ${options.label} ${AGENT_VERSION}, data in ${dataDir}`);
    await agent.start();
    cleanUp.push(() => agent.stop());
    const link = createLink({
      dataDir,
      store,
      logger,
      // The inventory read at start; a dashboard enrolment needs no second round of probes.
      readInventory: async () => store.latest().inventory ?? collector.inventory(),
    });
    link.start();
    const detachLink = agent.onCycle(() => link.afterCycle());
    cleanUp.push(async () => {
      detachLink();
      await link.stop();
    });
    const parts: AgentParts = { dataDir, config, store, agent, link, logger, startedAt };
    const frontEnd = await options.startFrontEnd(parts);
    cleanUp.push(() => frontEnd.close());
    return { ok: true, value: { ...parts, frontEnd, stop: unwind } };
  } catch (error) {
    await unwind();
    return { ok: false, error: `the agent cannot start (${(error as Error).message})` };
  }
}
