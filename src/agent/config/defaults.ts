import type { AgentConfig } from './load-config.js';
import { DEFAULT_THRESHOLDS } from '../health/thresholds.js';

/** Defaults for everything the config file may leave out. Storage limits default in the store. */
export const DEFAULT_CONFIG: AgentConfig = {
  intervalSeconds: 10,
  processIntervalSeconds: 60,
  inventoryRefreshHours: 24,
  logLevel: 'info',
  retention: {},
  outbox: {},
  health: DEFAULT_THRESHOLDS,
};
