import { METRICS } from '../shared/metrics.js';
import type { Inventory } from '../shared/inventory.js';
import type { HealthReport } from '../shared/health.js';
import type { Sample } from '../shared/sample.js';
import type { Collector } from './collect/types.js';
import { createSampler } from './collect/sampler.js';
import type { Sampler } from './collect/sampler.js';
import type { AgentConfig } from './config/load-config.js';
import { evaluateHealth } from './health/evaluate-health.js';
import type { HealthThresholds } from './health/thresholds.js';
import type { CycleEvents } from './cycle-events.js';
import { createCycleEvents } from './cycle-events.js';
import type { Logger } from './logger.js';
import { createMaintenance } from './maintenance.js';
import type { Store } from './store/types.js';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';

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
  /** Stops sampling (the cycle in progress still completes) until resume(). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): boolean;
  intervalSeconds(): number;
  /** Restarts the regular sampler at a new cadence, after the cycle in progress. */
  setIntervalSeconds(seconds: number): Promise<void>;
  /** Called after every stored cycle; returns the function that detaches the listener. */
  onCycle: CycleEvents<CycleResult>['onCycle'];
  /** Listeners attached through onCycle. */
  cycleListenerCount(): number;
}

/** The CPU window spans at least this many sampling intervals. */
const WINDOW_INTERVALS = 4;
/** The first process list waits for the first samples to be taken and stored. */
const PROCESSES_FIRST_DELAY_MS = 5_000;

/** Composition root of the agent core: wires collector, health and store on their cadences. */
export function createAgent(deps: AgentDeps): Agent {
  const { config, collector, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const onError = (task: string) => (error: unknown) =>
    logger.error({ err: error }, `${task}: failed, will try again next time`);

  const maintain = createMaintenance({ store, logger, now, onError: onError('maintenance') });
  const events = createCycleEvents<CycleResult>(onError('dashboard update'));
  let intervalSeconds = config.intervalSeconds;
  let health = thresholdsFor(intervalSeconds);
  /** With long intervals the window must still hold a few samples to average. */
  function thresholdsFor(seconds: number): HealthThresholds {
    const minutes = Math.ceil((WINDOW_INTERVALS * seconds) / 60);
    return {
      ...config.health,
      cpuWindowMinutes: Math.max(config.health.cpuWindowMinutes, minutes),
    };
  }

  async function cycle(): Promise<CycleResult> {
    const sample = await collector.sample();
    const report = evaluateHealth({ sample, cpuWindow: cpuWindow(sample), now: sample.ts }, health);
    const seq = store.writeCycle(sample, report);
    logger.debug({ seq, score: report.score }, 'cycle: stored sample');
    maintain();
    const result = { seq, sample, health: report };
    events.emit(result);
    return result;
  }

  /** CPU over the health window, the stored history plus the sample just taken. */
  function cpuWindow(sample: Sample): Array<{ ts: number; value: number }> {
    const from = sample.ts - health.cpuWindowMinutes * MINUTE_MS;
    const stored = store.recentValues(METRICS.cpuUsage, from, sample.ts);
    return sample.cpu ? [...stored, { ts: sample.ts, value: sample.cpu.usagePercent }] : stored;
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
  const regularSampler = (seconds: number) =>
    createSampler({
      intervalMs: seconds * 1000,
      run: async () => void (await cycle()),
      onError: onError('sample'),
    });
  // Start-up work is spread out rather than run all at once: the process keeps the memory
  // high-water mark of its busiest moment, so a lower peak is a smaller agent for good.
  let regular: Sampler = regularSampler(intervalSeconds);
  const processes = createSampler({
    intervalMs: config.processIntervalSeconds * 1000,
    run: async () => store.saveProcesses(await collector.processes()),
    onError: onError('processes'),
    firstDelayMs: PROCESSES_FIRST_DELAY_MS,
  });
  const inventory = createSampler({
    intervalMs: inventoryEveryMs,
    run: refreshInventory,
    onError: onError('inventory'),
    firstDelayMs: inventoryEveryMs,
  });
  const state = { isStarted: false, isPaused: false };
  const sampling = () => [regular, processes];
  // Pause, resume and cadence changes run one after the other, each waiting for the cycle in
  // progress: two cycles never overlap, however quickly the dashboard clicks.
  let control = Promise.resolve();
  const serially = (change: () => Promise<void> | void): Promise<void> =>
    (control = control.then(change, change));

  return {
    async start() {
      await refreshInventory().catch(onError('inventory'));
      logger.info({ intervalSeconds }, `agent: sampling every ${intervalSeconds} s`);
      state.isStarted = true;
      inventory.start();
      if (!state.isPaused) for (const sampler of sampling()) sampler.start();
    },
    async stop() {
      state.isStarted = false;
      await control;
      await Promise.all([...sampling(), inventory].map((sampler) => sampler.stop()));
      logger.info('agent: stopped');
    },
    cycle,
    pause: () =>
      serially(async () => {
        if (state.isPaused) return;
        state.isPaused = true;
        logger.info('agent: sampling paused');
        await Promise.all(sampling().map((sampler) => sampler.stop()));
      }),
    resume: () =>
      serially(() => {
        if (!state.isPaused) return;
        state.isPaused = false;
        logger.info(`agent: sampling resumed, every ${intervalSeconds} s`);
        if (state.isStarted) for (const sampler of sampling()) sampler.start();
      }),
    isPaused: () => state.isPaused,
    intervalSeconds: () => intervalSeconds,
    setIntervalSeconds: (seconds) => {
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
        return Promise.reject(new RangeError('intervalSeconds must be a whole number, 1 to 3600'));
      }
      return serially(async () => {
        if (seconds === intervalSeconds) return;
        await regular.stop();
        intervalSeconds = seconds;
        health = thresholdsFor(seconds);
        regular = regularSampler(seconds);
        logger.info({ intervalSeconds }, `agent: sampling every ${seconds} s`);
        if (state.isStarted && !state.isPaused) regular.start();
      });
    },
    onCycle: events.onCycle,
    cycleListenerCount: events.listenerCount,
  };
}
