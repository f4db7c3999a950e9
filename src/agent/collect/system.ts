import { uptime } from 'node:os';
import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { SystemStats } from '../../shared/sample.js';
import { finite } from './numbers.js';
import { createPeriodicValue } from './periodic.js';

/**
 * Uptime and boot time from si.time's `current` and `uptime`. Boot time is rounded to the
 * second so it stays the same value from sample to sample (a restart is proven by it changing).
 */
export function mapTime(
  time: Pick<Systeminformation.TimeData, 'current' | 'uptime'>,
): Pick<SystemStats, 'uptimeSeconds' | 'bootTime'> | undefined {
  const current = finite(time.current);
  const up = finite(time.uptime);
  if (current === undefined || up === undefined || up < 0) return undefined;
  return {
    uptimeSeconds: Math.floor(up),
    bootTime: Math.round((current - up * 1000) / 1000) * 1000,
  };
}

/** One entry per session (a user logged in twice counts twice), as `who` lists them. */
export function mapUsers(users: readonly Systeminformation.UserData[]): number {
  return users.length;
}

/** `who` (or PowerShell on Windows) is a child process: the count is refreshed once a minute. */
export const USERS_TTL_MS = 60_000;

export function createSystemReader(
  clock: () => number = Date.now,
): () => Promise<SystemStats | undefined> {
  const users = createPeriodicValue({
    ttlMs: USERS_TTL_MS,
    read: async () => mapUsers(await si.users()),
  });

  return async () => {
    // si.time runs `date` twice for the time zone, which we do not need: the same `current`
    // and `uptime` come straight from the clock and node:os.
    const time = mapTime({ current: clock(), uptime: uptime() });
    if (time === undefined) return undefined;
    const loggedInUsers = await users.get().catch(() => undefined);
    return loggedInUsers === undefined ? time : { ...time, loggedInUsers };
  };
}
