import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** CPU time in milliseconds, user + system. */
export interface CpuTime {
  /** This process, every thread (the libuv pool reading files included). */
  ownMs: number;
  /** Child processes that have exited and been waited for; undefined where not measurable. */
  childrenMs: number | undefined;
}

/** Linux reports child times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICK_MS = 10;

function childrenMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces:
  // index 0 is field 3 (state), so cutime (field 16) and cstime (17) are 13 and 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

export function readCpuTime(): CpuTime {
  const { user, system } = process.cpuUsage();
  return { ownMs: (user + system) / 1000, childrenMs: childrenMs() };
}

export function cpuTimeSince(start: CpuTime): CpuTime {
  const now = readCpuTime();
  return {
    ownMs: now.ownMs - start.ownMs,
    childrenMs:
      now.childrenMs === undefined || start.childrenMs === undefined
        ? undefined
        : now.childrenMs - start.childrenMs,
  };
}

export function totalMs(time: CpuTime): number {
  return time.ownMs + (time.childrenMs ?? 0);
}

export interface MeasureOptions {
  cycles: number;
  /** Idle time between cycles, not counted: systeminformation serves repeats within 500 ms from cache. */
  pauseMs: number;
}

/** Average CPU time of one call of `run`, over `cycles` calls. */
export async function measureCycles(
  run: () => Promise<unknown>,
  options: MeasureOptions,
): Promise<CpuTime> {
  const times = await measureEach([['run', run]], options);
  return times.get('run') ?? { ownMs: 0, childrenMs: undefined };
}

function add(sum: CpuTime, used: CpuTime, share: number): CpuTime {
  return {
    ownMs: sum.ownMs + used.ownMs * share,
    childrenMs:
      sum.childrenMs === undefined || used.childrenMs === undefined
        ? undefined
        : sum.childrenMs + used.childrenMs * share,
  };
}

/**
 * Average CPU time of each call, measured alone but in rounds (every call once per round), so
 * that each sees the same machine and the same pause since its previous call.
 */
export async function measureEach(
  calls: ReadonlyArray<readonly [string, () => Promise<unknown>]>,
  { cycles, pauseMs }: MeasureOptions,
): Promise<Map<string, CpuTime>> {
  const sums = new Map<string, CpuTime>(
    calls.map(([label]) => [label, { ownMs: 0, childrenMs: 0 }]),
  );
  for (let round = 0; round < cycles; round += 1) {
    if (round > 0) await delay(pauseMs);
    for (const [label, call] of calls) {
      const start = readCpuTime();
      await call();
      sums.set(
        label,
        add(sums.get(label) ?? { ownMs: 0, childrenMs: 0 }, cpuTimeSince(start), 1 / cycles),
      );
    }
  }
  return sums;
}
