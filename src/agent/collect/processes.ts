import { setTimeout as delay } from 'node:timers/promises';
import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import type { ProcessInfo, ProcessSnapshot } from '../../shared/sample.js';
import { completeNames, createLinuxProcessReader } from './linux-processes.js';
import { finite, round } from './numbers.js';

function toProcessInfo(entry: Systeminformation.ProcessesProcessData): ProcessInfo | undefined {
  const cpu = finite(entry.cpu);
  const rssKiB = finite(entry.memRss);
  if (cpu === undefined || rssKiB === undefined || !entry.name) return undefined;
  // memRss is in KiB on every platform (ps prints KiB; on Windows si divides the working set
  // by 1024), so bytes are × 1024.
  return {
    pid: entry.pid,
    name: entry.name,
    cpuPercent: round(Math.max(0, cpu), 1),
    memoryBytes: Math.max(0, rssKiB) * 1024,
  };
}

/**
 * The `count` busiest processes by CPU and by memory. A process using none is not busy: an
 * idle machine gets a short list rather than one padded with idle kernel threads.
 */
export function selectTop(
  processes: readonly ProcessInfo[],
  count: number,
  ts: number,
): ProcessSnapshot {
  const top = (key: (info: ProcessInfo) => number): ProcessInfo[] =>
    processes
      .filter((info) => key(info) > 0)
      .sort((a, b) => key(b) - key(a) || a.pid - b.pid)
      .slice(0, count);
  return {
    ts,
    byCpu: top((info) => info.cpuPercent),
    byMemory: top((info) => info.memoryBytes),
  };
}

/**
 * The top lists from si.processes. Windows lists "System Idle Process" as pid 0 with the idle
 * time as its CPU: that is the opposite of a busy process.
 */
export function topProcesses(
  list: readonly Systeminformation.ProcessesProcessData[],
  count: number,
  ts: number,
): ProcessSnapshot {
  const processes = list
    .filter((entry) => entry.pid > 0)
    .map(toProcessInfo)
    .filter((info): info is ProcessInfo => info !== undefined);
  return selectTop(processes, count, ts);
}

/**
 * CPU figures are averages since the previous list; the first list has none to compare with
 * (systeminformation then reports each process's average since it started). One short priming
 * read makes the first snapshot mean "now" too.
 */
const PRIMING_WINDOW_MS = 1_000;

/**
 * The full process list is the most expensive read the agent makes, so it only runs on its own
 * slow cadence. CPU figures are shares of the whole machine (all cores = 100 %).
 */
export function createProcessReader(
  count: number,
  clock: () => number = Date.now,
  platform: NodeJS.Platform = process.platform,
): () => Promise<ProcessSnapshot> {
  const readLinux = createLinuxProcessReader();
  const read = async (): Promise<ProcessSnapshot> => {
    const ts = clock();
    if (platform !== 'linux') return topProcesses((await si.processes()).list, count, ts);
    const top = selectTop(await readLinux(), count, ts);
    return {
      ts,
      byCpu: await completeNames(top.byCpu),
      byMemory: await completeNames(top.byMemory),
    };
  };

  let isPrimed = false;
  return async () => {
    if (!isPrimed) {
      await read();
      await delay(PRIMING_WINDOW_MS);
      isPrimed = true;
    }
    return read();
  };
}
