import type { LinkError, LinkState, Settings } from '../../shared/local-api.js';
import type { ActionEngine } from '../actions/engine.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

/** What the dashboard may do to the running agent (createAgent's Agent satisfies it). */
export interface AgentControl {
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): boolean;
  intervalSeconds(): number;
  /** Restarts the regular sampler at the new cadence, after the cycle in progress. */
  setIntervalSeconds(seconds: number): Promise<void>;
}

/** Stored cycles, for live updates (createAgent's Agent satisfies it). */
export interface CycleSource {
  /** Returns the function that detaches the listener. */
  onCycle(listener: () => void): () => void;
}

export type SettingsUpdate =
  | { ok: true; value: Settings }
  | { ok: false; error: { code: 'E_BAD_REQUEST' | 'E_SETTINGS_UNAVAILABLE'; message: string } };

/** Where settings live: config.json headless (file-settings.ts), the desktop app's own store. */
export interface SettingsPort {
  read(): Settings;
  /** Validates, persists and applies a partial change; a refused change is a value. */
  update(patch: Partial<Settings>): Promise<SettingsUpdate>;
}

/** The agent's link to a server (src/agent/link's Link satisfies it). */
export interface LinkPort {
  state(): LinkState;
  /** Enrols this PC; a refusal, an unreachable server or a bad address is a value. */
  enroll(
    serverUrl: string,
    enrollmentToken: string,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: LinkError }>;
}

/** What the dashboard shows and does of IT's actions (the ActionEngine satisfies it). */
export type ActionsView = Pick<
  ActionEngine,
  'inbox' | 'unreadCount' | 'markRead' | 'history' | 'pendingRestart' | 'snooze' | 'onChange'
>;

/**
 * The actions as the dashboard finds them: the engine once this PC is enrolled (it is created
 * when link.json appears, and at start when it exists), nothing before, and the routes then
 * answer an empty state. `onChange` also fires when the engine appears.
 */
export interface ActionsPort {
  engine(): ActionsView | undefined;
  /** Returns the function that detaches the listener. */
  onChange(listener: () => void): () => void;
}

/**
 * `secret`: the headless agent on 127.0.0.1, guarded by a per-launch secret exchanged for a
 * cookie and by a Host check. `none`: the desktop app, which serves the same routes in-process
 * through its own scheme and opens no port.
 */
export type LocalApiAuth = { mode: 'secret'; secret: string } | { mode: 'none' };

export interface LocalApiDeps {
  store: Store;
  agent: AgentControl;
  cycles: CycleSource;
  settings: SettingsPort;
  /** Absent where the agent has no link (the status then has no `link`). */
  link?: LinkPort;
  /** Absent where the agent takes no actions (the actions routes then answer an empty state). */
  actions?: ActionsPort;
  version: string;
  /** When the agent started, epoch ms. */
  startedAt: number;
  auth: LocalApiAuth;
  /** The built page (dist/renderer/local); without an index.html, `/` says how to build it. */
  staticDir?: string;
  /** Failures the client cannot see (500s) are logged here. */
  logger?: Logger;
  /** Comment lines that keep idle event streams open through proxies. Default 15 s. */
  heartbeatMs?: number;
}
