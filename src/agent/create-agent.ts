import { METRICS } from '../shared/metrics.js';
import type { Inventory } from '../shared/inventory.js';
import type { HealthReport } from '../shared/health.js';
import type { Sample } from '../shared/sample.js';
import type { Collector } from './collect/types.js';
import { createSampler } from './collect/sampler.js';
import type { AgentConfig } from './config/load-config.js';
import { evaluateHealth } from './health/evaluate-health.js';
import type { HealthThresholds } from './health/thresholds.js';
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
/** The CPU window spans at least this many sampling intervals. */
const WINDOW_INTERVALS = 4;
/** The first process list waits for the first samples to be taken and stored. */
const PROCESSES_FIRST_DELAY_MS = 5_000;

/** Composition root of the agent core: wires collector, health and store on their cadences. */
export function createAgent(deps: AgentDeps): Agent {
  const { config, collector, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const maintenance = { lastRollUp: 0, lastRetention: 0 };
  const onError = (task: string) => (error: unknown) =>
    logger.error({ err: error }, `${task}: failed, will try again next time`);

  // With long intervals the window must still hold a few samples to average.
  const health: HealthThresholds = {
    ...config.health,
    cpuWindowMinutes: Math.max(
      config.health.cpuWindowMinutes,
      Math.ceil((WINDOW_INTERVALS * config.intervalSeconds) / 60),
    ),
  };

  async function cycle(): Promise<CycleResult> {
    const sample = await collector.sample();
    const report = evaluateHealth({ sample, cpuWindow: cpuWindow(sample), now: sample.ts }, health);
    const seq = store.writeCycle(sample, report);
    logger.debug({ seq, score: report.score }, 'cycle: stored sample');
    maintain();
    return { seq, sample, health: report };
  }

  /** CPU over the health window, the stored history plus the sample just taken. */
  function cpuWindow(sample: Sample): Array<{ ts: number; value: number }> {
    const from = sample.ts - health.cpuWindowMinutes * MINUTE_MS;
    const stored = store.recentValues(METRICS.cpuUsage, from, sample.ts);
    return sample.cpu ? [...stored, { ts: sample.ts, value: sample.cpu.usagePercent }] : stored;
  }

  /** Rollups and retention: a failure here is reported as such, never as a lost sample. */
  function maintain(): void {
    const at = now();
    try {
      if (at - maintenance.lastRollUp >= MINUTE_MS) {
        maintenance.lastRollUp = at;
        store.rollUp();
        reportOutboxDrops();
      }
      if (at - maintenance.lastRetention >= HOUR_MS) {
        maintenance.lastRetention = at;
        store.applyRetention();
      }
    } catch (error) {
      onError('maintenance')(error);
    }
  }

  let droppedSoFar: number | undefined;
  /** Dropping samples nobody acknowledged is data loss by design: it must be visible. */
  function reportOutboxDrops(): void {
    const { dropped } = store.outboxStatus();
    if (droppedSoFar !== undefined && dropped > droppedSoFar) {
      logger.warn(
        { dropped: dropped - droppedSoFar, droppedInAll: dropped },
        `outbox: dropped ${dropped - droppedSoFar} oldest samples no server acknowledged (outbox full or too old)`,
      );
    }
    droppedSoFar = dropped;
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
