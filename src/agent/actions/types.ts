import type { Language } from '../../shared/i18n.js';
import type { ActionType } from '../../shared/protocol/action-constants.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import type { ActionTables, LatestState } from '../store/types.js';
import type { ActionClock } from './clock.js';
import type { OsAdapter } from './os/os-adapter.js';

export type ActionLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export type UploadResult = { ok: true } | { ok: false; error: string };

/**
 * Everything createActionEngine needs. The composition root (the running agent) passes the real
 * ones; tests pass a recording Notifier, a dry-run or recording OS adapter and a manual clock.
 */
export interface ActionEngineDeps {
  /** `store.actions`: received actions, inbox, updates outbox (SQLite). */
  tables: ActionTables;
  /** Native notifications (createNodeNotifier() in src/agent/notify). */
  notifier: Notifier;
  logger: ActionLogger;
  /** The language of the notifications' own words, read at each notification. */
  language: () => Language;
  /** Types refused with E_ACTION_DISABLED (config `actions.disabledTypes`). */
  disabledTypes: readonly string[];
  /** Log OS commands instead of running them (config `actions.dryRun`). */
  dryRun: boolean;
  /** Sends a collect-logs bundle (gzip) to the server; a failure is a value. */
  uploadArtifact(actionId: string, gzip: Buffer): Promise<UploadResult>;
  /** When this PC last booted, epoch ms (systeminformation `Date.now() - time().uptime * 1000`). */
  bootTime(): Promise<number>;
  /** The agent's log files, oldest first, for collect-logs (agentLogFiles(dataDir)). */
  logFiles: () => readonly string[];
  /** The latest sample and health, for collect-logs' summary (store.latest). */
  latest?: () => LatestState;
  /** Folders clear-temp never touches (the agent's data dir, when it lives in the temp folder). */
  keepPaths?: readonly string[];
  /** Default: createOsAdapter({ dryRun, logger }) for this platform. Must agree with dryRun. */
  os?: OsAdapter;
  /** Default: the system clock and unref'd timers. */
  clock?: ActionClock;
}

/** An action that passed every check: its params match its type's schema. */
export interface AcceptedAction<P = unknown> {
  id: string;
  type: ActionType;
  params: P;
  sentBy: string;
  receivedAt: number;
  expiresAt: number;
}
