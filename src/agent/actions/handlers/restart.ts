import type { PendingRestart } from '../../../shared/local-api.js';
import { ACTION_ERROR_CODES, ACTION_LIMITS } from '../../../shared/protocol/action-constants.js';
import type { RestartParams } from '../../../shared/protocol/action-schemas.js';
import type { NotificationRequest } from '../../notify/notifier.js';
import type { ActionRecord } from '../../store/types.js';
import type { ActionClock } from '../clock.js';
import { ENGINE_LIMITS } from '../limits.js';
import type { Translate } from '../notices.js';
import { restartCancelledNotice, restartNotice } from '../notices.js';
import { displayCommand } from '../os/commands.js';
import type { OsAdapter } from '../os/os-adapter.js';
import { succeeded } from '../os/runner.js';
import type { Reporter } from '../reporter.js';
import type { ActionHandler } from '../registry.js';
import type { AcceptedAction, ActionLogger } from '../types.js';
import { osName } from './task.js';

export type SnoozeResult =
  | { ok: true; value: PendingRestart }
  | { ok: false; error: { code: 'E_NO_RESTART' | 'E_SNOOZE_NOT_ALLOWED'; message: string } };

/**
 * The one restart this PC may have waiting. A newer restart replaces a waiting one, which is
 * reported failed with E_ACTION_SUPERSEDED (it never ran); one that arrives while the PC is
 * already restarting is refused with the same code.
 *
 * Lifecycle: running/`scheduled` (a notification at once, reminders 5 and 1 minutes before when
 * still ahead) -> running/`snoozed` (each postponement within the policy) -> running/`rebooting`
 * (boot time recorded, the OS reboot command run) -> succeeded/`rebooted` with detail.bootTime
 * once the agent starts again on a newer boot, or failed E_ACTION_REBOOT_FAILED when the command
 * failed or the PC was still up on the same boot 10 minutes later. In dry-run the command is
 * only logged and the restart succeeds at once with detail.dryRun. cancel() before the reboot
 * stops it: cancelled/`stopped`, and the person is told.
 *
 * Everything is in SQLite, so a countdown survives the agent stopping: resume() re-arms it. A
 * reboot whose time passed while the agent was down happens promptly after start, but never
 * sooner than ENGINE_LIMITS.rebootGraceMs after it, so an agent that crashes at start-up cannot
 * turn a restart into a reboot loop.
 */
export interface RestartController {
  schedule(action: AcceptedAction<RestartParams>): Promise<void>;
  snooze(actionId: string): SnoozeResult;
  /** false when no such restart waits (unknown, finished, or already rebooting). */
  cancel(actionId: string): boolean;
  pending(): PendingRestart | null;
  /** At start: re-arms a waiting countdown, proves (or fails) a reboot that was under way. */
  resume(rows: readonly ActionRecord[]): Promise<void>;
  /** Clears the timers; a countdown stays in SQLite for the next start. */
  stop(): Promise<void>;
}

export interface RestartDeps {
  report: Reporter;
  clock: ActionClock;
  os: OsAdapter;
  logger: ActionLogger;
  bootTime(): Promise<number>;
  notify(notification: NotificationRequest): Promise<void>;
  translate(): Promise<Translate>;
  /** When the engine started: no reboot before this + rebootGraceMs. */
  startedAt(): number;
}

type Stage = 'scheduled' | 'snoozed' | 'rebooting';

interface Waiting {
  id: string;
  params: RestartParams;
  sentBy: string;
  /** When the reboot is due; once rebooting, when the command was issued. */
  rebootAt: number;
  snoozesUsed: number;
  stage: Stage;
  bootTimeBefore: number | null;
  /** The reboot command's output, for a failure found later. */
  output?: string;
}

export const restartHandler: ActionHandler = {
  run: (action, context) => context.restarts.schedule(action as AcceptedAction<RestartParams>),
};

export function createRestartController(deps: RestartDeps): RestartController {
  const { report, clock, os, logger } = deps;
  let current: Waiting | null = null;
  let timer: unknown;
  let isStopped = false;
  const inFlight = new Set<Promise<void>>();

  /** Work started by a timer or a snooze; stop() waits for it. */
  function track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => logger.error({ err: error }, 'actions: restart step failed'))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  function clearTimer(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  const dueAt = (waiting: Waiting) =>
    Math.max(waiting.rebootAt, deps.startedAt() + ENGINE_LIMITS.rebootGraceMs);

  /** One timer for whatever comes next: a reminder still ahead, or the reboot. */
  function arm(): void {
    clearTimer();
    if (isStopped || !current) return;
    const waiting = current;
    const now = clock.now();
    if (waiting.stage === 'rebooting') {
      const checkAt = waiting.rebootAt + ENGINE_LIMITS.rebootCheckMs;
      timer = clock.setTimeout(
        () => fire(waiting, checkAt, () => checkBoot(waiting)),
        checkAt - now,
      );
      return;
    }
    const due = dueAt(waiting);
    const reminder = ACTION_LIMITS.restartRemindersSeconds
      .map((seconds) => waiting.rebootAt - seconds * 1000)
      .filter((at) => at > now && at < due)
      .sort((a, b) => a - b)[0];
    const next = reminder ?? due;
    timer = clock.setTimeout(
      () => fire(waiting, next, () => (next === due ? reboot(waiting) : remind(waiting))),
      next - now,
    );
  }

  /** Runs `step` if `waiting` is still current and its time came (a long wait may fire early). */
  function fire(waiting: Waiting, at: number, step: () => Promise<void>): void {
    timer = undefined;
    if (isStopped || current !== waiting) return;
    if (clock.now() < at) {
      arm();
      return;
    }
    track(step().finally(() => arm()));
  }

  function snoozesLeft(waiting: Waiting): number {
    return Math.max(0, waiting.params.snooze.maxCount - waiting.snoozesUsed);
  }

  async function announce(waiting: Waiting, kind: 'scheduled' | 'reminder' | 'snoozed') {
    try {
      const t = await deps.translate();
      await deps.notify(
        restartNotice(t, {
          kind,
          msLeft: dueAt(waiting) - clock.now(),
          reason: waiting.params.reason,
          sentBy: waiting.sentBy,
          snoozesLeft: snoozesLeft(waiting),
        }),
      );
    } catch (error) {
      // A PC nobody can be told (a server, no notification daemon) still restarts on time.
      logger.warn({ err: error }, `actions: restart ${waiting.id}: notification not shown`);
    }
  }

  const remind = (waiting: Waiting) => announce(waiting, 'reminder');

  async function reboot(waiting: Waiting): Promise<void> {
    waiting.stage = 'rebooting';
    let before: number | null = null;
    try {
      before = await deps.bootTime();
    } catch (error) {
      logger.warn({ err: error }, 'actions: boot time unknown before the reboot');
    }
    const issuedAt = clock.now();
    waiting.rebootAt = issuedAt;
    waiting.bootTimeBefore = before;
    report.running(waiting.id, 'rebooting', { rebootAt: issuedAt, bootTimeBefore: before });
    const command = os.commands.reboot;
    if (!command) {
      finish(waiting);
      report.failed(waiting.id, {
        code: ACTION_ERROR_CODES.unsupportedOs,
        message: `DashFleet cannot restart ${osName(os.platform)}`,
      });
      return;
    }
    logger.warn(`actions: restart ${waiting.id}: restarting this PC now`);
    const outcome = await os.runner.run(command);
    const result = { exitCode: outcome.exitCode, output: outcome.output };
    if (os.runner.isDryRun) {
      finish(waiting);
      report.succeeded(waiting.id, 'rebooted', { ...result, detail: { dryRun: true } });
      return;
    }
    if (!succeeded(outcome)) {
      finish(waiting);
      const why = outcome.isTimedOut
        ? 'did not finish in time'
        : outcome.startError
          ? `could not be started (${outcome.startError})`
          : `exited with status ${outcome.exitCode}`;
      report.failed(
        waiting.id,
        {
          code: ACTION_ERROR_CODES.rebootFailed,
          message: `the reboot command "${displayCommand(command)}" ${why}`,
        },
        result,
      );
      return;
    }
    // The OS is going down: the next start proves it. If it does not, the check timer says so.
    waiting.output = outcome.output;
  }

  function isNewBoot(waiting: Pick<Waiting, 'bootTimeBefore' | 'rebootAt'>, boot: number) {
    const tolerance = ENGINE_LIMITS.bootTimeToleranceMs;
    return waiting.bootTimeBefore !== null
      ? boot > waiting.bootTimeBefore + tolerance
      : boot > waiting.rebootAt - tolerance;
  }

  /** Still running 10 minutes after the command: did the PC restart after all? */
  async function checkBoot(waiting: Waiting): Promise<void> {
    let boot: number | null = null;
    try {
      boot = await deps.bootTime();
    } catch (error) {
      logger.warn({ err: error }, 'actions: boot time unknown after the reboot command');
    }
    finish(waiting);
    if (boot !== null && isNewBoot(waiting, boot)) {
      report.succeeded(waiting.id, 'rebooted', { detail: { bootTime: boot } });
      return;
    }
    const minutes = Math.round(ENGINE_LIMITS.rebootCheckMs / 60_000);
    report.failed(
      waiting.id,
      {
        code: ACTION_ERROR_CODES.rebootFailed,
        message: `the PC was still running on the same boot ${minutes} minutes after the reboot command`,
      },
      waiting.output !== undefined ? { output: waiting.output } : {},
    );
  }

  function finish(waiting: Waiting): void {
    if (current === waiting) current = null;
  }

  function supersede(older: Waiting, newerId: string): void {
    clearTimer();
    current = null;
    report.failed(older.id, {
      code: ACTION_ERROR_CODES.superseded,
      message: `replaced by a newer restart (${newerId}) before it ran`,
    });
    logger.info(`actions: restart ${older.id} replaced by ${newerId}`);
  }

  function toPending(waiting: Waiting): PendingRestart {
    return {
      id: waiting.id,
      reason: waiting.params.reason,
      sentBy: waiting.sentBy,
      rebootAt: dueAt(waiting),
      snoozesUsed: waiting.snoozesUsed,
      snoozesAllowed: waiting.params.snooze.maxCount,
      snoozeSeconds: waiting.params.snooze.lengthSeconds,
    };
  }

  function fromRow(row: ActionRecord): Waiting | string {
    let params: RestartParams;
    try {
      params = JSON.parse(row.paramsJson) as RestartParams;
    } catch {
      return 'its parameters in the agent database are damaged';
    }
    if (row.stage !== 'scheduled' && row.stage !== 'snoozed' && row.stage !== 'rebooting') {
      return `it was left in an unknown stage (${String(row.stage)})`;
    }
    if (row.rebootAt === null) return 'its reboot time was not recorded';
    return {
      id: row.id,
      params,
      sentBy: row.sentBy,
      rebootAt: row.rebootAt,
      snoozesUsed: row.snoozesUsed,
      stage: row.stage,
      bootTimeBefore: row.bootTimeBefore,
    };
  }

  async function resumeRebooting(waiting: Waiting): Promise<void> {
    let boot: number | null = null;
    try {
      boot = await deps.bootTime();
    } catch (error) {
      logger.warn({ err: error }, 'actions: boot time unknown at start');
    }
    if (boot !== null && isNewBoot(waiting, boot)) {
      report.succeeded(waiting.id, 'rebooted', { detail: { bootTime: boot } });
      logger.info(`actions: restart ${waiting.id} done, booted at ${new Date(boot).toISOString()}`);
      return;
    }
    current = waiting;
    if (clock.now() >= waiting.rebootAt + ENGINE_LIMITS.rebootCheckMs) await checkBoot(waiting);
    else arm();
  }

  return {
    async schedule(action) {
      if (current?.stage === 'rebooting') {
        report.failed(action.id, {
          code: ACTION_ERROR_CODES.superseded,
          message: `this PC is already restarting for an earlier restart (${current.id})`,
        });
        return;
      }
      if (current) supersede(current, action.id);
      const rebootAt = clock.now() + action.params.delaySeconds * 1000;
      const waiting: Waiting = {
        id: action.id,
        params: action.params,
        sentBy: action.sentBy,
        rebootAt,
        snoozesUsed: 0,
        stage: 'scheduled',
        bootTimeBefore: null,
      };
      current = waiting;
      report.running(action.id, 'scheduled', { rebootAt, snoozesUsed: 0 }, { rebootAt });
      arm();
      logger.info(
        `actions: restart ${action.id} scheduled for ${new Date(rebootAt).toISOString()}`,
      );
      await announce(waiting, 'scheduled');
    },

    snooze(actionId) {
      const waiting = current;
      if (!waiting || waiting.id !== actionId) {
        return {
          ok: false,
          error: { code: 'E_NO_RESTART', message: 'no restart with this id is waiting' },
        };
      }
      const refuse = (message: string): SnoozeResult => ({
        ok: false,
        error: { code: 'E_SNOOZE_NOT_ALLOWED', message },
      });
      if (waiting.stage === 'rebooting') return refuse('the restart has already begun');
      const { maxCount, lengthSeconds } = waiting.params.snooze;
      if (maxCount === 0) return refuse('IT did not allow postponing this restart');
      if (waiting.snoozesUsed >= maxCount) {
        return refuse(`the restart was already postponed ${maxCount} time(s), the most allowed`);
      }
      // A snooze never brings the restart forward.
      waiting.rebootAt = Math.max(waiting.rebootAt, clock.now() + lengthSeconds * 1000);
      waiting.snoozesUsed += 1;
      waiting.stage = 'snoozed';
      report.running(
        actionId,
        'snoozed',
        { rebootAt: waiting.rebootAt, snoozesUsed: waiting.snoozesUsed },
        { rebootAt: waiting.rebootAt, snoozesUsed: waiting.snoozesUsed },
      );
      arm();
      logger.info(
        `actions: restart ${actionId} postponed to ${new Date(waiting.rebootAt).toISOString()}`,
      );
      track(announce(waiting, 'snoozed'));
      return { ok: true, value: toPending(waiting) };
    },

    cancel(actionId) {
      const waiting = current;
      if (!waiting || waiting.id !== actionId) return false;
      if (waiting.stage === 'rebooting') {
        logger.warn(`actions: restart ${actionId} cancelled too late: the PC is restarting`);
        return false;
      }
      clearTimer();
      current = null;
      report.cancelled(actionId, 'stopped');
      logger.info(`actions: restart ${actionId} cancelled`);
      track(
        deps
          .translate()
          .then((t) => deps.notify(restartCancelledNotice(t)))
          .catch((error: unknown) =>
            logger.warn({ err: error }, `actions: restart ${actionId}: notification not shown`),
          ),
      );
      return true;
    },

    pending: () => (current && current.stage !== 'rebooting' ? toPending(current) : null),

    async resume(rows) {
      for (const row of rows) {
        const waiting = fromRow(row);
        if (typeof waiting === 'string') {
          report.failed(row.id, {
            code: ACTION_ERROR_CODES.interrupted,
            message: `the restart could not be resumed: ${waiting}`,
          });
          continue;
        }
        if (waiting.stage === 'rebooting') {
          await resumeRebooting(waiting);
          continue;
        }
        if (current) supersede(current, waiting.id);
        current = waiting;
        arm();
        logger.info(
          `actions: restart ${waiting.id} resumed, due ${new Date(dueAt(waiting)).toISOString()}`,
        );
        track(announce(waiting, 'reminder'));
      }
    },

    async stop() {
      isStopped = true;
      clearTimer();
      await Promise.allSettled([...inFlight]);
    },
  };
}
