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
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Reads a child's RSS once a second; the first `warmupSeconds` are left out of the figures. */
async function followRss(child: ChildProcess, warmupSeconds: number, seconds: number) {
  const readings: number[] = [];
  for (let second = 0; second < seconds; second += 1) {
    await pause(1000);
    const rss = child.pid === undefined ? undefined : rssBytes(child.pid);
    if (rss === undefined) throw new Error('the measured process exited early');
    if (second >= warmupSeconds) readings.push(rss);
  }
  child.kill('SIGTERM');
  readings.sort((a, b) => a - b);
  return {
    medianBytes: readings[Math.floor(readings.length / 2)] ?? 0,
    maxBytes: readings[readings.length - 1] ?? 0,
    readings: readings.length,
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
  const bin = resolve(import.meta.dirname, '../../src/cli/agent.js');
  const child = spawn(process.execPath, [bin, 'run', '--data-dir', dataDir], { stdio: 'ignore' });
  try {
    return await followRss(child, warmupSeconds, seconds);
  } finally {
    await new Promise((done) => (child.exitCode !== null ? done(null) : child.on('exit', done)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
