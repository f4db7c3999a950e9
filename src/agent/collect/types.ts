import type { Inventory } from '../../shared/inventory.js';
import type { ProcessSnapshot, Sample } from '../../shared/sample.js';

export interface CollectorOptions {
  /** Where a generated hardware id is persisted when the system has no UUID. */
  dataDir: string;
  /** The agent's own version, recorded in the inventory. */
  agentVersion: string;
  /** How many processes to keep in each top list. Default 5. */
  topProcesses?: number;
  /** Clock, injectable for tests. Default Date.now. */
  now?: () => number;
}

/** Reads the machine. Each call is independent; rates are computed against the previous call. */
export interface Collector {
  /** The regular, cheap sample (every interval). */
  sample(): Promise<Sample>;
  /** The slow, expensive top-process lists (own cadence, default every 60 s). */
  processes(): Promise<ProcessSnapshot>;
  /** Static inventory (read at start and again daily). */
  inventory(): Promise<Inventory>;
}
