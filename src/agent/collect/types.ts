import type { Inventory } from '../../shared/inventory.js';
import type { ProcessSnapshot, Sample } from '../../shared/sample.js';

/** The parts of a sample that are read independently; one failing leaves the others intact. */
export type SampleDomain = Exclude<keyof Sample, 'ts'>;

export interface CollectorOptions {
  /** Where a generated hardware id is persisted when the system has no UUID. */
  dataDir: string;
  /** The agent's own version, recorded in the inventory. */
  agentVersion: string;
  /** How many processes to keep in each top list. Default 5. */
  topProcesses?: number;
  /** Clock, injectable for tests. Default Date.now. */
  now?: () => number;
  /**
   * A domain that failed or timed out; it is absent from that sample. For `inventory`, a part
   * (OS, CPU, disks…) that failed; its fields are left empty.
   */
  onError?: (domain: SampleDomain | 'inventory', error: unknown) => void;
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
