import { Writable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCollector } from '../../src/agent/collect/create-collector.js';
import { loadConfig } from '../../src/agent/config/load-config.js';
import { createAgent } from '../../src/agent/create-agent.js';
import { createLogger } from '../../src/agent/logger.js';
import { openStore } from '../../src/agent/store/open-store.js';
import { tempDataDir } from '../helpers/agent-process.js';

/** A pino destination that keeps the parsed lines. */
function capturedLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

describe('createAgent', () => {
  it('samples this machine, judges it and stores both in one cycle', async () => {
    const dataDir = tempDataDir();
    const config = loadConfig(dataDir);
    if (!config.ok) throw new Error(config.error);
    const store = openStore({ path: join(dataDir, 'agent.db') });
    const collector = createCollector({ dataDir, agentVersion: 'test' });
    const agent = createAgent({
      config: config.value,
      collector,
      store,
      logger: capturedLogs().logger,
    });

    const first = await agent.cycle();
    const second = await agent.cycle();

    expect(second.seq).toBe(first.seq + 1);
    expect(store.latest().sample).toEqual(second.sample);
    expect(store.latest().health).toEqual(second.health);
    expect(second.health.score).toBeGreaterThanOrEqual(0);
    store.close();
  });

  it('says in the log how many samples the full outbox dropped', async () => {
    const dataDir = tempDataDir();
    const config = loadConfig(dataDir, { outbox: { maxCount: 100 } });
    if (!config.ok) throw new Error(config.error);
    const store = openStore({ path: join(dataDir, 'agent.db'), outbox: { maxCount: 100 } });
    const collector = createCollector({ dataDir, agentVersion: 'test' });
    const { lines, logger } = capturedLogs();
    // Each cycle a minute later, so every cycle also runs the per-minute maintenance.
    let clock = Date.now();
    const agent = createAgent({
      config: config.value,
      collector,
      store,
      logger,
      now: () => (clock += 61_000),
    });

    for (let i = 0; i < 130; i += 1) await agent.cycle();

    const dropped = store.outboxStatus().dropped;
    expect(dropped).toBe(30);
    const reported = lines
      .filter((line) => String(line.msg).startsWith('outbox: dropped'))
      .reduce((sum, line) => sum + Number(line.dropped), 0);
    expect(reported).toBe(dropped);
    store.close();
  });
});
