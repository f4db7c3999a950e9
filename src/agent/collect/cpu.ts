import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { CpuStats } from '../../shared/sample.js';
import { clampPercent, finite, positive, round } from './numbers.js';

type CpuUsage = Pick<CpuStats, 'usagePercent' | 'perCorePercent'>;

/** Jiffies a CPU spent busy, and in total, since boot. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface ProcStat {
  all: CpuTimes;
  cores: CpuTimes[];
}

/** Parses Linux /proc/stat: the aggregate `cpu` line and one `cpuN` line per core. */
export function parseProcStat(text: string): ProcStat | undefined {
  let all: CpuTimes | undefined;
  const cores: CpuTimes[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [label = '', ...fields] = line.trim().split(/\s+/);
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      fields.map(Number);
    if (user === undefined || nice === undefined || system === undefined || idle === undefined) {
      continue;
    }
    // guest and guest_nice are already included in user and nice: adding them would count
    // virtual machines' time twice. Steal is counted as busy: the core was not ours to use.
    const busy = user + nice + system + irq + softirq + steal;
    const times = { busy, total: busy + idle + iowait };
    if (!Number.isFinite(times.total)) continue;
    if (label === 'cpu') all = times;
    else cores.push(times);
  }
  return all === undefined ? undefined : { all, cores };
}

function usageBetween(before: CpuTimes, after: CpuTimes): number | undefined {
  const total = after.total - before.total;
  const busy = after.busy - before.busy;
  return total > 0 && busy >= 0 ? clampPercent((busy / total) * 100) : undefined;
}

/** Utilisation between two /proc/stat readings; undefined when no time has passed. */
export function usageFromProcStat(before: ProcStat, after: ProcStat): CpuUsage | undefined {
  const usagePercent = usageBetween(before.all, after.all);
  if (usagePercent === undefined) return undefined;
  const perCorePercent: number[] = [];
  after.cores.forEach((core, i) => {
    const previous = before.cores[i];
    const usage = previous && usageBetween(previous, core);
    if (usage !== undefined) perCorePercent.push(usage);
  });
  return { usagePercent, perCorePercent };
}

export function mapCurrentLoad(load: Systeminformation.CurrentLoadData): CpuUsage | undefined {
  const usage = finite(load.currentLoad);
  if (usage === undefined) return undefined;
  const perCorePercent = (load.cpus ?? [])
    .map((core) => finite(core.load))
    .filter((value): value is number => value !== undefined)
    .map(clampPercent);
  return { usagePercent: clampPercent(usage), perCorePercent };
}

/** Windows has no load average: Node reports [0, 0, 0] there, which must not pass for one. */
export function mapLoadAverage(
  platform: NodeJS.Platform,
  averages: readonly number[],
): [number, number, number] | undefined {
  if (platform === 'win32') return undefined;
  const [one, five, fifteen] = averages.map((value) => finite(value));
  if (one === undefined || five === undefined || fifteen === undefined) return undefined;
  return [round(one, 2), round(five, 2), round(fifteen, 2)];
}

/** Virtual machines often report 0 GHz: that means unknown, not stopped. */
export function mapCpuSpeed(speed: Systeminformation.CpuCurrentSpeedData): number | undefined {
  const avg = positive(speed.avg);
  return avg === undefined ? undefined : round(avg, 2);
}

/** How long the very first reading waits for a second one, so it is not a since-boot average. */
const FIRST_WINDOW_MS = 500;

export function createCpuReader(
  platform: NodeJS.Platform = process.platform,
): () => Promise<CpuStats | undefined> {
  let previous: ProcStat | undefined;
  const readProcStat = async (): Promise<ProcStat | undefined> =>
    parseProcStat(await readFile('/proc/stat', 'utf8'));

  // On Linux si.currentLoad runs `cat /proc/stat | grep cpu` synchronously on every call;
  // reading the file ourselves gives the same figures without a shell or a blocked loop.
  const readUsage = async (): Promise<CpuUsage | undefined> => {
    if (platform !== 'linux') return mapCurrentLoad(await si.currentLoad());
    if (previous === undefined) {
      previous = await readProcStat();
      await delay(FIRST_WINDOW_MS);
    }
    const current = await readProcStat();
    const usage = previous && current && usageFromProcStat(previous, current);
    previous = current ?? previous;
    return usage;
  };

  return async () => {
    const usage = await readUsage();
    if (usage === undefined) return undefined;
    const stats: CpuStats = { ...usage };
    const loadAverage = mapLoadAverage(platform, loadavg());
    if (loadAverage) stats.loadAverage = loadAverage;
    const speedGHz = mapCpuSpeed(await si.cpuCurrentSpeed());
    if (speedGHz !== undefined) stats.speedGHz = speedGHz;
    return stats;
  };
}
