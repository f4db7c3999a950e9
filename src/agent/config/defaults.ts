import type { AgentConfig } from './load-config.js';
import { METRICS } from '../../shared/metrics.js';
import { DEFAULT_THRESHOLDS } from '../health/thresholds.js';

/** The overview's metric cards until the user picks others. */
export const DEFAULT_VISIBLE_METRICS: readonly string[] = [
  METRICS.cpuUsage,
  METRICS.memoryUsedPercent,
  METRICS.diskUsedPercent,
  METRICS.netRx,
  METRICS.cpuTemperature,
  METRICS.batteryPercent,
];

/** Defaults for everything the config file may leave out. Storage limits default in the store. */
export const DEFAULT_CONFIG: AgentConfig = {
  intervalSeconds: 10,
  processIntervalSeconds: 60,
  inventoryRefreshHours: 24,
  logLevel: 'info',
  visibleMetrics: [...DEFAULT_VISIBLE_METRICS],
  dashboardPort: 0,
  retention: {},
  outbox: {},
  actions: { disabledTypes: [], dryRun: false },
  health: DEFAULT_THRESHOLDS,
};
