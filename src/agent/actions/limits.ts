import { DAY_MS, MINUTE_MS } from '../../shared/time.js';

/**
 * The engine's own timings and bounds (the protocol's are ACTION_LIMITS in
 * src/shared/protocol/action-constants.ts).
 */
export const ENGINE_LIMITS = {
  /**
   * A restart never reboots sooner than this after the engine started, even when its time
   * passed while the agent was down: if something makes the agent crash at start-up, the PC
   * gets a minute of use between reboots instead of a reboot loop.
   */
  rebootGraceMs: MINUTE_MS,
  /** After the reboot command, how long a still-running agent waits before calling it failed. */
  rebootCheckMs: 10 * MINUTE_MS,
  /**
   * Boot times read from uptime wobble by a second or so between reads: a new boot counts only
   * when it is later than the one before the command by more than this.
   */
  bootTimeToleranceMs: 30_000,
  /** A notification that has not been handed to the OS by then counts as failed. */
  notifyTimeoutMs: 30_000,
  /** Finished actions are forgotten this long after they finished (and after they expired). */
  keepFinishedMs: 90 * DAY_MS,
  /** Messages kept in the inbox. */
  inboxMax: 500,
  /** Most actions read from one receive() call (the protocol's frame bound). */
  maxPerReceive: 500,
  /** Params larger than this (JSON) are refused unread; the largest valid ones are ~25 KB. */
  maxParamsJsonChars: 64 * 1024,
} as const;
