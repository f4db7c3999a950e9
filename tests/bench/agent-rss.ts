import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Resident memory of a process in bytes, from /proc (Linux). */
function rssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssFigures {
  /** Median RSS over the steady window. */
  medianBytes: number;
  /** Highest RSS seen over the steady window. */
  maxBytes: number;
  readings: number;
  /** CPU (user + system, with reaped children) the process used per second of the window. */
  cpuMsPerSecond: number;
}

/** utime + stime + cutime + cstime of a process, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks * 10;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Reads a child's RSS once a second; the first `warmupSeconds` are left out of the figures. */
async function followRss(child: ChildProcess, warmupSeconds: number, seconds: number) {
  const readings: number[] = [];
  let cpuAtWarmup = 0;
  for (let second = 0; second < seconds; second += 1) {
    await pause(1000);
    const rss = child.pid === undefined ? undefined : rssBytes(child.pid);
    if (rss === undefined || child.pid === undefined) throw new Error('the process exited early');
    if (second === warmupSeconds - 1) cpuAtWarmup = cpuMs(child.pid);
    if (second >= warmupSeconds) readings.push(rss);
  }
  const cpuInWindow = child.pid === undefined ? 0 : cpuMs(child.pid) - cpuAtWarmup;
  child.kill('SIGTERM');
  readings.sort((a, b) => a - b);
  return {
    medianBytes: readings[Math.floor(readings.length / 2)] ?? 0,
    maxBytes: readings[readings.length - 1] ?? 0,
    readings: readings.length,
    cpuMsPerSecond: cpuInWindow / readings.length,
  } satisfies RssFigures;
}

/** A bare Node process doing nothing: the floor every Node program starts from. */
export function measureBareNodeRss(seconds: number): Promise<RssFigures> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return followRss(child, 2, seconds);
}

/**
 * The real headless agent (`dashfleet-agent run`) on a temporary data dir, sampling every second
 * and listing processes every 10 s, so the steady window holds every kind of cycle.
 */
export async function measureAgentRss(warmupSeconds: number, seconds: number): Promise<RssFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dashfleet-bench-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ intervalSeconds: 1, processIntervalSeconds: 10, logLevel: 'warn' }),
  );
  // The bundled binary, started through its shebang exactly as `dashfleet-agent run` is.
  const bin = resolve(import.meta.dirname, '../../agent.mjs');
  const child = spawn(bin, ['run', '--data-dir', dataDir], { stdio: 'ignore' });
  try {
    return await followRss(child, warmupSeconds, seconds);
  } finally {
    await new Promise((done) => (child.exitCode !== null ? done(null) : child.on('exit', done)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
