import type { LocalAction } from '../../shared/local-api.js';
import { ACTION_ERROR_CODES, ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import type { NotificationRequest } from '../notify/notifier.js';
import type { ActionRecord } from '../store/types.js';
import { systemActionClock } from './clock.js';
import type { ActionEngine } from './engine.js';
import { createRestartController } from './handlers/restart.js';
import { idOf, judge, recordOf } from './intake.js';
import { ENGINE_LIMITS } from './limits.js';
import { createTranslations } from './notices.js';
import { createOsAdapter } from './os/os-adapter.js';
import type { HandlerContext } from './registry.js';
import { loadHandler } from './registry.js';
import { createReporter } from './reporter.js';
import type { ActionEngineDeps } from './types.js';
import { loadActionChecks } from './validate.js';

export type { ActionEngineDeps } from './types.js';

const MAX_LIST = 1000;

/**
 * The agent's action engine (the ActionEngine contract in ./engine.ts).
 *
 * receive() records every action with a usable id at once, synchronously, before anything is
 * checked or run, and queues its `delivered` update; an id seen before is only acknowledged
 * again. The checks (schemas loaded on the first action) and the handlers then run one action
 * at a time, in the order received, once start() has resumed what the last run left.
 */
export function createActionEngine(deps: ActionEngineDeps): ActionEngine {
  const { tables, logger } = deps;
  const clock = deps.clock ?? systemActionClock;
  const os = deps.os ?? createOsAdapter({ dryRun: deps.dryRun, logger });
  if (os.runner.isDryRun !== deps.dryRun) {
    throw new TypeError('actions: the OS adapter must run commands as dryRun says');
  }
  const updateListeners = new Set<() => void>();
  const changeListeners = new Set<() => void>();
  const emit = (listeners: Set<() => void>) => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        logger.error({ err: error }, 'actions: a listener failed');
      }
    }
  };
  const report = createReporter({
    tables,
    clock,
    logger,
    onWrite: () => {
      emit(updateListeners);
      emit(changeListeners);
    },
  });
  const translate = createTranslations(deps.language);
  const notify = (notification: NotificationRequest) =>
    withTimeout(deps.notifier.notify(notification), ENGINE_LIMITS.notifyTimeoutMs, clock);
  let startedAt = clock.now();
  const restarts = createRestartController({
    report,
    clock,
    os,
    logger,
    bootTime: deps.bootTime,
    notify,
    translate,
    startedAt: () => startedAt,
  });
  const stopping = new AbortController();
  const context: HandlerContext = {
    tables,
    report,
    notify,
    translate,
    os,
    logger,
    clock,
    signal: stopping.signal,
    restarts,
    uploadArtifact: deps.uploadArtifact,
    logFiles: deps.logFiles,
    latest: () => deps.latest?.() ?? {},
    keepPaths: deps.keepPaths ?? [],
  };

  /** Ids recorded by this process: start() must not take them for leftovers of the last run. */
  const receivedHere = new Set<string>();
  let markStarted!: () => void;
  /** Nothing runs before start() has resumed the last run's leftovers. */
  let queue: Promise<void> = new Promise<void>((resolve) => (markStarted = resolve));
  let isStopped = false;

  function enqueue(work: () => Promise<void>): void {
    queue = queue
      .then(work)
      .catch((error: unknown) => logger.error({ err: error }, 'actions: an action failed'));
  }

  /** Not cancelled while it waited (its turn, the checks, the handler's code); not stopping. */
  const isStillWaiting = (id: string) => !isStopped && tables.get(id)?.state === 'received';

  /**
   * Every await below lets cancel() or stop() run: the action is checked again after each one,
   * and the last check and handler.run (whose first step reports running) share one tick.
   */
  async function handle(id: string, raw: unknown): Promise<void> {
    const record = tables.get(id);
    if (isStopped || record?.state !== 'received') return;
    const checks = await loadActionChecks();
    if (!isStillWaiting(id)) return;
    const verdict = judge(raw, checks, {
      now: clock.now(),
      receivedAt: record.receivedAt,
      disabledTypes: deps.disabledTypes,
    });
    if (!verdict.ok) {
      report.refused(id, verdict.error);
      logger.warn(`actions: refused ${record.type || 'an action'} ${id}: ${verdict.error.message}`);
      return;
    }
    const handler = await loadHandler(verdict.action.type);
    if (!isStillWaiting(id)) return;
    logger.info(
      `actions: running ${verdict.action.type} ${id}` +
        (verdict.action.sentBy ? ` from ${verdict.action.sentBy}` : ''),
    );
    await handler.run(verdict.action, context);
  }

  /** The last run's actions that never finished: a restart resumes, the rest are reported. */
  async function resume(): Promise<void> {
    const leftovers = tables
      .inStates(['received', 'running'])
      .filter((row) => !receivedHere.has(row.id));
    const isRestart = (row: ActionRecord) => row.type === 'restart' && row.state === 'running';
    for (const row of leftovers.filter((row) => !isRestart(row))) {
      report.failed(row.id, {
        code: ACTION_ERROR_CODES.interrupted,
        message: 'the agent stopped before this action finished; it was not run again',
      });
    }
    await restarts.resume(leftovers.filter(isRestart));
  }

  return {
    async start() {
      startedAt = clock.now();
      const pruned = tables.prune(
        startedAt - ENGINE_LIMITS.keepFinishedMs,
        startedAt,
        ENGINE_LIMITS.inboxMax,
      );
      if (pruned.actions + pruned.messages > 0) {
        logger.info(
          `actions: forgot ${pruned.actions} old action(s) and ${pruned.messages} old message(s)`,
        );
      }
      try {
        await resume();
      } finally {
        markStarted();
      }
    },

    async stop() {
      isStopped = true;
      markStarted();
      stopping.abort();
      await restarts.stop();
      await queue;
    },

    receive(actions) {
      if (!Array.isArray(actions)) return;
      if (actions.length > ENGINE_LIMITS.maxPerReceive) {
        logger.warn(
          `actions: ${actions.length} actions at once; only the first ${ENGINE_LIMITS.maxPerReceive} are read`,
        );
      }
      for (const raw of actions.slice(0, ENGINE_LIMITS.maxPerReceive)) {
        const id = idOf(raw);
        if (!id) {
          logger.warn('actions: ignored an action without a usable id');
          continue;
        }
        const now = clock.now();
        let recorded: { isNew: boolean; dropped: number };
        try {
          recorded = tables.receive(recordOf(raw, id, now), {
            actionId: id,
            status: 'delivered',
            at: now,
          });
        } catch (error) {
          // Not recorded means not acknowledged: the server delivers it again later.
          logger.error({ err: error }, `actions: cannot record ${id}; it will come again`);
          continue;
        }
        const { isNew, dropped } = recorded;
        if (dropped > 0) logger.warn(`actions: dropped ${dropped} oldest unsent updates`);
        emit(updateListeners);
        if (!isNew) {
          logger.debug(`actions: ${id} delivered again; already handled, not run again`);
          continue;
        }
        receivedHere.add(id);
        emit(changeListeners);
        enqueue(() => handle(id, raw));
      }
    },

    cancel(actionIds) {
      for (const id of Array.isArray(actionIds) ? actionIds : []) {
        if (typeof id !== 'string') continue;
        if (restarts.cancel(id)) continue;
        // Queued behind another action and not started yet: it never runs.
        if (tables.get(id)?.state === 'received') {
          report.cancelled(id, 'stopped');
          logger.info(`actions: ${id} cancelled before it ran`);
        }
      }
    },

    pendingUpdates: (limit) =>
      tables.pendingUpdates(clampLimit(limit, ACTION_LIMITS.maxUpdatesPerPost)),
    confirmUpdates(seqs) {
      if (Array.isArray(seqs)) tables.confirmUpdates(seqs);
    },
    onUpdate: (listener) => {
      updateListeners.add(listener);
      return () => void updateListeners.delete(listener);
    },

    inbox: () => tables.inbox(ENGINE_LIMITS.inboxMax),
    unreadCount: () => tables.unreadCount(),
    markRead(actionId) {
      const outcome = tables.markRead(actionId, clock.now());
      if (outcome === 'unknown') return false;
      if (outcome === 'read') report.laterStage(actionId, 'read');
      return true;
    },
    history: (limit) => tables.history(clampLimit(limit, MAX_LIST)).map(toLocalAction),
    pendingRestart: () => restarts.pending(),
    snooze: (actionId) => restarts.snooze(actionId),
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
  };
}

function clampLimit(limit: number, max: number): number {
  return Number.isFinite(limit) ? Math.min(max, Math.max(1, Math.floor(limit))) : max;
}

function toLocalAction(record: ActionRecord): LocalAction {
  return {
    id: record.id,
    type: record.type,
    sentBy: record.sentBy,
    receivedAt: record.receivedAt,
    state: record.state,
    stage: record.stage,
    finishedAt: record.finishedAt,
    error: record.error,
  };
}

/** Rejects when `work` has not settled in `ms` (a notification daemon that hangs). */
function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  clock: { setTimeout(run: () => void, ms: number): unknown; clearTimeout(h: unknown): void },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(
      () => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)),
      ms,
    );
    work.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
