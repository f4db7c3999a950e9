import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../shared/validation.js';

const LOCK_FILE_NAME = 'agent.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the agent running on this data dir, if one is. */
export function runningAgentPid(dataDir: string): number | undefined {
  let owner: number;
  try {
    owner = Number(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8'));
  } catch {
    return undefined;
  }
  return Number.isInteger(owner) && owner > 0 && isAlive(owner) ? owner : undefined;
}

/**
 * One agent per data dir: two would sample twice and interleave their writes. The lock holds
 * the owner's pid; a lock left behind by a killed agent is taken over.
 */
export function acquireInstanceLock(dataDir: string): Result<{ release(): void }> {
  const path = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return { ok: true, value: { release: () => rmSync(path, { force: true }) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = runningAgentPid(dataDir);
    if (owner !== undefined && owner !== process.pid) {
      return { ok: false, error: `another agent (pid ${owner}) is already running on ${dataDir}` };
    }
    rmSync(path, { force: true });
  }
  return { ok: false, error: `could not take ${path}` };
}
