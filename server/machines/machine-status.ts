import type { MachineStatus } from '../../src/shared/fleet-api.js';
import { SECOND_MS } from '../../src/shared/time.js';

export interface StatusThresholds {
  /** Heard from within this many seconds: online. */
  onlineSeconds: number;
  /** Heard from within this many seconds (but not within onlineSeconds): stale. */
  offlineSeconds: number;
}

/** The status thresholds among the server's settings (`ctx.config`). */
export function statusThresholds(settings: StatusThresholds): StatusThresholds {
  return { onlineSeconds: settings.onlineSeconds, offlineSeconds: settings.offlineSeconds };
}

/**
 * The one definition of a machine's status, used by the list, the detail, the live stream and
 * the status sweep alike, so the page never shows two answers for the same machine.
 * A machine never heard from is offline; a report from the future (clock skew) counts as now.
 */
export function machineStatus(
  lastSeenAt: number | null,
  now: number,
  thresholds: StatusThresholds,
): MachineStatus {
  if (lastSeenAt === null) return 'offline';
  const age = now - lastSeenAt;
  if (age <= thresholds.onlineSeconds * SECOND_MS) return 'online';
  if (age <= thresholds.offlineSeconds * SECOND_MS) return 'stale';
  return 'offline';
}

/**
 * The last-seen times at which a machine's status changes, seen from `now`: a machine last
 * seen at or before `staleBefore` is no longer online, at or before `offlineBefore` offline.
 * The status sweep looks for machines that crossed one of these since its previous run.
 */
export function statusBoundaries(
  now: number,
  thresholds: StatusThresholds,
): { staleBefore: number; offlineBefore: number } {
  return {
    staleBefore: now - thresholds.onlineSeconds * SECOND_MS - 1,
    offlineBefore: now - thresholds.offlineSeconds * SECOND_MS - 1,
  };
}
