import { METRICS } from '../shared/metrics.js';
import type { Inventory } from '../shared/inventory.js';
import type { HealthReport } from '../shared/health.js';
import type { Sample } from '../shared/sample.js';
import type { Collector } from './collect/types.js';
import { createSampler } from './collect/sampler.js';
import type { AgentConfig } from './config/load-config.js';
import { evaluateHealth } from './health/evaluate-health.js';
import type { Logger } from './logger.js';
import type { Store } from './store/types.js';

export interface AgentDeps {
  config: AgentConfig;
  collector: Collector;
  store: Store;
  logger: Logger;
  now?: () => number;
}

export interface CycleResult {
  seq: number;
  sample: Sample;
  health: HealthReport;
}

export interface Agent {
  /** Reads the inventory, then samples on the configured cadences until stop(). */
  start(): Promise<void>;
  /** Finishes the cycle in progress and stops sampling. The caller closes the store. */
  stop(): Promise<void>;
  /** One regular cycle: sample, judge, store. Exposed for tests and one-shot use. */
  cycle(): Promise<CycleResult>;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The first process list waits for the first samples to be taken and stored. */
const PROCESSES_FIRST_DELAY_MS = 5_000;

/** Composition root of the agent core: wires collector, health and store on their cadences. */
export function createAgent(deps: AgentDeps): Agent {
  const { config, collector, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const maintenance = { lastRollUp: 0, lastRetention: 0 };
  const onError = (task: string) => (error: unknown) =>
    logger.error({ err: error }, `${task}: failed, will try again next time`);

  async function cycle(): Promise<CycleResult> {
    const sample = await collector.sample();
    const health = evaluateHealth(
      { sample, cpuWindow: cpuWindow(sample), now: sample.ts },
      config.health,
    );
    const seq = store.writeCycle(sample, health);
    logger.debug({ seq, score: health.score }, 'cycle: stored sample');
    maintain();
    return { seq, sample, health };
  }

  /** CPU over the health window, the stored history plus the sample just taken. */
  function cpuWindow(sample: Sample): number[] {
    const from = sample.ts - config.health.cpuWindowMinutes * MINUTE_MS;
    const stored = store.recentValues(METRICS.cpuUsage, from, sample.ts).map((p) => p.value);
    return sample.cpu ? [...stored, sample.cpu.usagePercent] : stored;
  }

  function maintain(): void {
    const at = now();
    if (at - maintenance.lastRollUp >= MINUTE_MS) {
      store.rollUp();
      maintenance.lastRollUp = at;
    }
    if (at - maintenance.lastRetention >= HOUR_MS) {
      store.applyRetention();
      maintenance.lastRetention = at;
    }
  }

  let lastInventory: string | undefined;
  async function refreshInventory(): Promise<void> {
    const inventory = await collector.inventory();
    const fingerprint = JSON.stringify({ ...inventory, readAt: 0 } satisfies Inventory);
    if (fingerprint === lastInventory) return;
    store.saveInventory(inventory);
    logger.info(
      { hostname: inventory.hostname, hardwareId: inventory.hardwareId },
      lastInventory ? 'inventory: changed' : 'inventory: read',
    );
    lastInventory = fingerprint;
  }

  const inventoryEveryMs = config.inventoryRefreshHours * HOUR_MS;
  // Start-up work is spread out rather than run all at once: the process keeps the memory
  // high-water mark of its busiest moment, so a lower peak is a smaller agent for good.
  const samplers = [
    createSampler({
      intervalMs: config.intervalSeconds * 1000,
      run: async () => void (await cycle()),
      onError: onError('sample'),
    }),
    createSampler({
      intervalMs: config.processIntervalSeconds * 1000,
      run: async () => store.saveProcesses(await collector.processes()),
      onError: onError('processes'),
      firstDelayMs: PROCESSES_FIRST_DELAY_MS,
    }),
    createSampler({
      intervalMs: inventoryEveryMs,
      run: refreshInventory,
      onError: onError('inventory'),
      firstDelayMs: inventoryEveryMs,
    }),
  ];

  return {
    async start() {
      await refreshInventory().catch(onError('inventory'));
      logger.info(
        { intervalSeconds: config.intervalSeconds },
        `agent: sampling every ${config.intervalSeconds} s`,
      );
      for (const sampler of samplers) sampler.start();
    },
    async stop() {
      await Promise.all(samplers.map((sampler) => sampler.stop()));
      logger.info('agent: stopped');
    },
    cycle,
  };
}
