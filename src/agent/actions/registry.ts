import type { ActionType } from '../../shared/protocol/action-constants.js';
import type { NotificationRequest } from '../notify/notifier.js';
import type { ActionTables, LatestState } from '../store/types.js';
import type { ActionClock } from './clock.js';
import type { RestartController } from './handlers/restart.js';
import type { Translate } from './notices.js';
import type { OsAdapter } from './os/os-adapter.js';
import type { Reporter } from './reporter.js';
import type { AcceptedAction, ActionLogger, UploadResult } from './types.js';

/** What a handler works with. */
export interface HandlerContext {
  tables: ActionTables;
  report: Reporter;
  /** Shows a notification; rejects when it was not shown in time. */
  notify(notification: NotificationRequest): Promise<void>;
  translate(): Promise<Translate>;
  os: OsAdapter;
  logger: ActionLogger;
  clock: ActionClock;
  /** Aborted when the engine stops: running commands are killed. */
  signal: AbortSignal;
  restarts: RestartController;
  uploadArtifact(actionId: string, gzip: Buffer): Promise<UploadResult>;
  logFiles(): readonly string[];
  latest(): LatestState;
  keepPaths: readonly string[];
}

/** Runs one accepted action to its end, reporting through `context.report`. */
export interface ActionHandler {
  run(action: AcceptedAction, context: HandlerContext): Promise<void>;
}

/**
 * The allow-list on the agent: one handler per type, each in its own file, loaded when the
 * first action of its type arrives. A type missing here cannot compile (Record<ActionType, …>).
 */
const HANDLERS: Record<ActionType, () => Promise<ActionHandler>> = {
  message: async () => (await import('./handlers/message.js')).messageHandler,
  restart: async () => (await import('./handlers/restart.js')).restartHandler,
  'flush-dns': async () => (await import('./handlers/flush-dns.js')).flushDnsHandler,
  'clear-temp': async () => (await import('./handlers/clear-temp.js')).clearTempHandler,
  'collect-logs': async () => (await import('./handlers/collect-logs.js')).collectLogsHandler,
  'restart-print-spooler': async () =>
    (await import('./handlers/restart-print-spooler.js')).restartPrintSpoolerHandler,
};

export function loadHandler(type: ActionType): Promise<ActionHandler> {
  return HANDLERS[type]();
}
