import type { AgentCore as CoreOf, AgentParts } from '../agent/agent-core.js';
import { startAgentCore as startCore } from '../agent/agent-core.js';
import { resolveDataDir } from '../agent/config/data-dir.js';
import { loadConfig } from '../agent/config/load-config.js';
import { createFileSettings } from '../agent/local-api/file-settings.js';
import type { SettingsPort } from '../agent/local-api/types.js';
import { agentLogFile, createLogger } from '../agent/logger.js';
import type { Result } from '../shared/validation.js';
import type { InjectableApp } from './protocol-bridge.js';

/** The parts of the agent the local API is built from (what `buildLocalApi` takes). */
export interface LocalApiParts extends AgentParts {
  settings: SettingsPort;
}

type LocalApp = InjectableApp & { close(): Promise<unknown> };

/** Builds the local dashboard's app on top of the agent; its routes are served in-process. */
export type LocalApiFactory = (parts: LocalApiParts) => Promise<LocalApp>;

/** The desktop app's front end: the local API, served through the custom scheme, no port. */
interface InProcessApi {
  app: LocalApp;
  settings: SettingsPort;
  close(): Promise<unknown>;
}

export interface AgentCore extends CoreOf<InProcessApi> {
  settings: SettingsPort;
  localApi: InjectableApp;
}

export interface AgentCoreOptions {
  buildLocalApi: LocalApiFactory;
  autostart: NonNullable<Parameters<typeof createFileSettings>[0]['autostart']>;
}

/** The agent's one start-up sequence (src/agent/agent-core.ts), with the desktop's front end. */
export async function startAgentCore(options: AgentCoreOptions): Promise<Result<AgentCore>> {
  const dataDir = resolveDataDir(undefined);
  const loaded = loadConfig(dataDir);
  if (!loaded.ok) return loaded;
  const started = await startCore<InProcessApi>({
    dataDir,
    config: loaded.value,
    // Also in <dataDir>/logs/agent.log (bounded), which the collect-logs action sends to IT.
    logger: createLogger(loaded.value.logLevel, undefined, { logFile: agentLogFile(dataDir) }),
    label: 'desktop',
    startFrontEnd: async (parts) => {
      const settings = createFileSettings({
        dataDir,
        agent: parts.agent,
        autostart: options.autostart,
      });
      const app = await options.buildLocalApi({ ...parts, settings });
      return { app, settings, close: () => app.close() };
    },
  });
  if (!started.ok) return started;
  const core = started.value;
  return {
    ok: true,
    value: { ...core, settings: core.frontEnd.settings, localApi: core.frontEnd.app },
  };
}
