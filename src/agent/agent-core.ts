import { uptime } from 'node:os';
import { join } from 'node:path';
import { pickLanguage } from '../shared/i18n.js';
import type { Language } from '../shared/i18n.js';
import type { Result } from '../shared/validation.js';
import type { ActionEngine } from './actions/engine.js';
import { mapTime } from './collect/system.js';
import { createCollector } from './collect/create-collector.js';
import { DATABASE_FILE_NAME, ensureDataDir } from './config/data-dir.js';
import type { AgentConfig } from './config/load-config.js';
import { CONFIG_FILE_NAME, readConfigFile } from './config/load-config.js';
import type { Agent } from './create-agent.js';
import { createAgent } from './create-agent.js';
import { acquireInstanceLock } from './instance-lock.js';
import type { ActionLink } from './link/action-link.js';
import type { Link } from './link/create-link.js';
import { createLink } from './link/create-link.js';
import type { LinkFile } from './link/link-file.js';
import type { ActionsSlot } from './local-api/actions-slot.js';
import { createActionsSlot } from './local-api/actions-slot.js';
import type { ActionsPort } from './local-api/types.js';
import type { Logger } from './logger.js';
import { agentLogFiles } from './logger.js';
import type { Notifier } from './notify/notifier.js';
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
  /** IT's actions for the dashboard and the tray: no engine until this PC is enrolled. */
  actions: ActionsPort;
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
  /** How actions reach the person at the PC. Default node-notifier (loaded once enrolled). */
  notifier?: Notifier;
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
    const actions = createActionsSlot((error) =>
      logger.warn({ err: error }, 'dashboard: could not send an actions update'),
    );
    const actionsOnLink = startActionsWhenLinked({ ...options, store, link, slot: actions });
    cleanUp.push(() => actionsOnLink.stop());
    const parts: AgentParts = { dataDir, config, store, agent, link, actions, logger, startedAt };
    const frontEnd = await options.startFrontEnd(parts);
    cleanUp.push(() => frontEnd.close());
    return { ok: true, value: { ...parts, frontEnd, stop: unwind } };
  } catch (error) {
    await unwind();
    return { ok: false, error: `the agent cannot start (${(error as Error).message})` };
  }
}

interface RunningActions {
  engine: ActionEngine;
  channel: ActionLink;
}

/**
 * IT's actions (design §5), started the first time link.json is there (at start, or when this
 * PC is enrolled while running) and stopped with the agent, before the store closes. The engine,
 * its notifier, the live channel and `ws` are imported only then, so an agent that is not
 * enrolled never has them in memory; once started, the engine stays for the life of the
 * process (a restart already announced still happens) and the channel follows link.json.
 */
function startActionsWhenLinked(options: {
  dataDir: string;
  config: AgentConfig;
  logger: Logger;
  store: Store;
  link: Link;
  slot: ActionsSlot;
  notifier?: Notifier;
}): { stop(): Promise<void> } {
  const { logger } = options;
  let latest: LinkFile | null = null;
  let running: Promise<RunningActions | undefined> | undefined;
  const detach = options.link.onLinkFile((file) => {
    latest = file;
    if (running) {
      void running.then((actions) => actions?.channel.setLink(latest));
      return;
    }
    if (!file) return;
    running = startActions(options, () => latest).catch((error: unknown) => {
      logger.error({ err: error }, 'actions: cannot start; actions from IT will not run');
      return undefined;
    });
  });
  return {
    async stop() {
      detach();
      const actions = await running;
      if (!actions) return;
      await actions.channel.stop();
      options.slot.set(undefined);
      await actions.engine.stop();
    },
  };
}

async function startActions(
  options: Parameters<typeof startActionsWhenLinked>[0],
  currentLink: () => LinkFile | null,
): Promise<RunningActions> {
  const { dataDir, config, logger, store } = options;
  const [{ createActionEngine }, { createNodeNotifier }, { createActionLink }] = await Promise.all([
    import('./actions/create-action-engine.js'),
    import('./notify/node-notifier.js'),
    import('./link/action-link.js'),
  ]);
  const engine = createActionEngine({
    tables: store.actions,
    notifier: options.notifier ?? createNodeNotifier(),
    logger,
    language: () => agentLanguage(dataDir),
    disabledTypes: config.actions.disabledTypes,
    dryRun: config.actions.dryRun,
    uploadArtifact: async (actionId, gzip) => {
      const result = await channel.uploadArtifact(actionId, gzip);
      return result.ok ? result : { ok: false, error: result.error.message };
    },
    bootTime: async () => bootTime(),
    logFiles: () => agentLogFiles(dataDir),
    latest: () => store.latest(),
    keepPaths: [dataDir],
  });
  const channel = createActionLink({ link: null, engine, logger });
  // Connected once the engine has resumed what the last run left (a restart countdown).
  try {
    await engine.start();
  } catch (error) {
    await channel.stop();
    throw error;
  }
  channel.setLink(currentLink());
  options.slot.set(engine);
  if (config.actions.dryRun) logger.warn('actions: dry run, OS commands are logged, not run');
  return { engine, channel };
}

/** The dashboard's language setting as config.json holds it now, else the system's. */
function agentLanguage(dataDir: string): Language {
  const file = readConfigFile(join(dataDir, CONFIG_FILE_NAME));
  const chosen = file.ok ? file.value.language : undefined;
  return pickLanguage(chosen ?? Intl.DateTimeFormat().resolvedOptions().locale);
}

/** This boot's time, rounded as the samples carry it (a reboot is proven by it changing). */
function bootTime(): number {
  const now = Date.now();
  return mapTime({ current: now, uptime: uptime() })?.bootTime ?? now - uptime() * 1000;
}
