import { ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import type { ChannelEnd } from './action-channel.js';

/** The action link's small rules, apart from its state machine (action-link.ts). */

/**
 * An `updates` frame or post stays within half of what the server takes: 200 updates with full
 * outputs (8 KiB each) would be far more. The largest single update fits.
 */
export const MAX_UPDATES_BYTES = ACTION_LIMITS.maxChannelFrameBytes / 2;
/** The oldest updates whose JSON stays under MAX_UPDATES_BYTES; always at least one. */
export function withinBytes<T>(updates: readonly T[]): T[] {
  let bytes = 0;
  let count = 0;
  for (const update of updates) {
    bytes += Buffer.byteLength(JSON.stringify(update)) + 1;
    if (count > 0 && bytes > MAX_UPDATES_BYTES) break;
    count += 1;
  }
  return updates.slice(0, count);
}

/**
 * An HTTP answer to the upgrade that says "not here" rather than "not now": a proxy that does
 * not pass WebSockets answers 400, 403, 404, 405 or 426. 5xx, 408 and 429 are worth retrying.
 */
export function isRefusedByProxy(status: number): boolean {
  return status < 500 && status !== 408 && status !== 429;
}

export function describeEnd(end: ChannelEnd): string {
  if (end.kind === 'refused') return `the server answered HTTP ${end.status} to the upgrade`;
  return end.wasOpen ? `live channel lost (${end.message})` : `no live channel (${end.message})`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
