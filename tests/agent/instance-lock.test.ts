import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../src/agent/instance-lock.js';
import { tempDataDir } from '../helpers/agent-process.js';

describe('acquireInstanceLock', () => {
  it('lets one agent in, refuses a second while the first lives, and frees on release', () => {
    const dir = tempDataDir();
    const first = acquireInstanceLock(dir);
    expect(first.ok).toBe(true);
    writeFileSync(join(dir, 'agent.lock'), String(process.ppid));
    const second = acquireInstanceLock(dir);
    expect(second).toEqual({
      ok: false,
      error: `another agent (pid ${process.ppid}) is already running on ${dir}`,
    });
    if (first.ok) first.value.release();
    expect(existsSync(join(dir, 'agent.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = tempDataDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'agent.lock'), dead.stdout.toString());
    expect(acquireInstanceLock(dir).ok).toBe(true);
  });
});
