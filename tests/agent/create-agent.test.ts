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

  describe('control from the dashboard', () => {
    function openAgent(intervalSeconds: number) {
      const dataDir = tempDataDir();
      const config = loadConfig(dataDir, { intervalSeconds });
      if (!config.ok) throw new Error(config.error);
      const store = openStore({ path: join(dataDir, 'agent.db') });
      const collector = createCollector({ dataDir, agentVersion: 'test' });
      const { lines, logger } = capturedLogs();
      const agent = createAgent({ config: config.value, collector, store, logger });
      const seqs: number[] = [];
      agent.onCycle((cycle) => seqs.push(cycle.seq));
      const close = async () => {
        await agent.stop();
        store.close();
      };
      return { agent, store, lines, seqs, close };
    }
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const until = async (predicate: () => boolean, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > end) throw new Error('timed out');
        await sleep(20);
      }
    };

    it('tells onCycle listeners about each stored cycle until they detach', async () => {
      const { agent, close } = openAgent(10);
      const seen: number[] = [];
      const detach = agent.onCycle((cycle) => seen.push(cycle.seq));
      agent.onCycle(() => {
        throw new Error('a broken listener');
      });
      expect(agent.cycleListenerCount()).toBe(3);

      const first = await agent.cycle();
      detach();
      await agent.cycle();

      expect(seen).toEqual([first.seq]);
      expect(agent.cycleListenerCount()).toBe(2);
      await close();
    });

    it('pause stops sampling after the cycle in progress; resume starts it again', async () => {
      const { agent, seqs, lines, close } = openAgent(1);
      await agent.start();
      await until(() => seqs.length >= 1);

      await agent.pause();
      const atPause = seqs.length;
      await sleep(1_500);

      expect(agent.isPaused()).toBe(true);
      expect(seqs.length).toBe(atPause);
      await agent.resume();
      expect(agent.isPaused()).toBe(false);
      await until(() => seqs.length > atPause);
      expect(lines.some((line) => line.msg === 'agent: sampling paused')).toBe(true);
      await close();
    });

    it('setIntervalSeconds restarts the regular sampler at the new cadence', async () => {
      const { agent, seqs, lines, close } = openAgent(3600);
      await agent.start();
      await until(() => seqs.length >= 1);
      await sleep(300);
      expect(seqs.length).toBe(1);

      await agent.setIntervalSeconds(1);

      expect(agent.intervalSeconds()).toBe(1);
      await until(() => seqs.length >= 3);
      expect(lines.some((line) => line.msg === 'agent: sampling every 1 s')).toBe(true);
      await expect(agent.setIntervalSeconds(0)).rejects.toThrow(RangeError);
      await close();
    });

    it('a paused agent keeps its new cadence for when it resumes', async () => {
      const { agent, seqs, close } = openAgent(3600);
      await agent.start();
      await until(() => seqs.length >= 1);
      await agent.pause();
      await agent.setIntervalSeconds(1);
      await sleep(1_300);
      expect(seqs.length).toBe(1);
      await agent.resume();
      await until(() => seqs.length >= 3);
      await close();
    });
  });
});
