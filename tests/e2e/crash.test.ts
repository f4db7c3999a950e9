import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/agent/store/open-store.js';
import { isStoredCycle, ROOT, startAgent, tempDataDir } from '../helpers/agent-process.js';

/** Every seq a process said it committed must still be there, and the file must be sound. */
function expectSurvived(dbPath: string, committed: number[]): void {
  const store = openStore({ path: dbPath });
  try {
    expect(store.integrityCheck()).toBe('ok');
    const stored = new Set(store.outboxBatch(0, 1_000_000).map((entry) => entry.seq));
    const lost = committed.filter((seq) => !stored.has(seq));
    expect(lost).toEqual([]);
  } finally {
    store.close();
  }
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('SIGKILL', () => {
  it('mid-transaction loses no committed sample and leaves a sound database', async () => {
    const dbPath = join(tempDataDir(), 'agent.db');
    for (let round = 0; round < 3; round += 1) {
      const child = spawn(process.execPath, [
        join(ROOT, 'dist/tests/e2e/crash-writer-child.js'),
        dbPath,
      ]);
      const committed: number[] = [];
      let buffered = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) committed.push(Number(line.replace('committed ', '')));
      });
      const exited = new Promise((done) => child.on('close', done));
      // Let it write hundreds of transactions back to back, then kill it wherever it is.
      while (committed.length < 200) await pause(20);
      await pause(Math.random() * 200);
      child.kill('SIGKILL');
      await exited;
      expect(committed.length).toBeGreaterThan(200);
      expectSurvived(dbPath, committed);
    }
  });

  it('of the real agent, again and again, keeps every committed sample and the seq monotonic', async () => {
    const dataDir = tempDataDir();
    let lastSeq = 0;
    for (let round = 0; round < 3; round += 1) {
      const agent = startAgent(['--data-dir', dataDir, '--interval', '1', '--log-level', 'debug']);
      await agent.waitForLog(isStoredCycle, 2);
      await pause(Math.random() * 1000);
      agent.child.kill('SIGKILL');
      await agent.exited;
      const seqs = agent.logs.filter(isStoredCycle).map((line) => Number(line.seq));
      expect(Math.min(...seqs)).toBeGreaterThan(lastSeq);
      lastSeq = Math.max(...seqs);
      expectSurvived(join(dataDir, 'agent.db'), seqs);
    }
  });
});
