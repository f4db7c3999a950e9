import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/agent/store/open-store.js';
import { isStoredCycle, startAgent, tempDataDir } from '../helpers/agent-process.js';

function expectClosedCleanly(dataDir: string): void {
  expect(existsSync(join(dataDir, 'agent.lock'))).toBe(false);
  const store = openStore({ path: join(dataDir, 'agent.db') });
  try {
    expect(store.integrityCheck()).toBe('ok');
  } finally {
    store.close();
  }
}

describe('stopping the agent', () => {
  it('survives a second signal while it is closing, and still exits 0', async () => {
    const dataDir = tempDataDir();
    const agent = startAgent(['--data-dir', dataDir, '--interval', '1', '--log-level', 'debug']);
    await agent.waitForLog(isStoredCycle, 1);
    // Two different signals back to back (the kernel may merge repeats of one signal, not
    // these). Had the second one reached Node's default handler, the exit would be by signal.
    agent.child.kill('SIGINT');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expectClosedCleanly(dataDir);
  });

  it('stops cleanly when signalled during start-up', async () => {
    const dataDir = tempDataDir();
    const agent = startAgent(['--data-dir', dataDir, '--interval', '1']);
    await agent.waitForLog((line) => /^agent: DashFleet agent/.test(String(line.msg)));
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expectClosedCleanly(dataDir);
  });
});
