import type { HealthReport } from '../../shared/health.js';
import type { Inventory } from '../../shared/inventory.js';
import type { ProcessSnapshot, Sample } from '../../shared/sample.js';
import type { HistoryPoint, HistoryResult, Tier } from '../../shared/history.js';
import type { ActionTables } from './action-tables.js';

export type { HistoryPoint, HistoryResult, Tier };
export type {
  ActionPatch,
  ActionRecord,
  ActionState,
  ActionTables,
  NewActionRecord,
  UpdateDraft,
} from './action-tables.js';

/** How long each tier of history is kept. */
export interface RetentionPolicy {
  /** Raw samples at the collection interval. Default 48 h. */
  rawHours: number;
  /** 1-minute rollups (avg, max). Default 30 days. */
  minuteDays: number;
  /** 1-hour rollups (avg, max). Default 730 days (2 years). */
  hourDays: number;
}

/** Bounds of the outbox of samples not yet acknowledged by a server. */
export interface OutboxLimits {
  /** Most samples kept; the oldest are dropped first. */
  maxCount: number;
  /** Samples older than this are dropped. */
  maxAgeDays: number;
}

export interface StoreOptions {
  /** Path of the SQLite file; created with its folder if missing. */
  path: string;
  retention?: Partial<RetentionPolicy>;
  outbox?: Partial<OutboxLimits>;
  /** Clock, injectable for tests and benchmarks. Default Date.now. */
  now?: () => number;
  /** Open read-only (the CLI's status/history/export commands while an agent runs). */
  readonly?: boolean;
}

export interface HistoryQuery {
  metrics: string[];
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** At most this many points per series. */
  maxPoints: number;
}

export interface OutboxEntry {
  seq: number;
  sample: Sample;
}

export interface OutboxStatus {
  /** Samples waiting for a server to acknowledge them. */
  size: number;
  oldestTs?: number;
  /** Highest seq ever assigned (0 before the first sample). */
  lastSeq: number;
  /** Highest seq a server acknowledged (0 if none). */
  ackedSeq: number;
  /** Samples dropped, over the store's lifetime, because the outbox was full or too old. */
  dropped: number;
}

export type ExportFormat = 'csv' | 'jsonl';

export interface ExportQuery {
  from: number;
  to: number;
  format: ExportFormat;
  /** Series to export; all series with data in the range when absent. */
  metrics?: string[];
}

/** What the last cycle left behind, so another process (the CLI) can report it. */
export interface LatestState {
  sample?: Sample;
  health?: HealthReport;
  processes?: ProcessSnapshot;
  inventory?: Inventory;
}

/** What one rollUp() wrote: rows upserted into each tier (0 when nothing was complete). */
export interface RollupReport {
  minuteRows: number;
  hourRows: number;
}

/** What one applyRetention() deleted. */
export interface RetentionReport {
  raw: number;
  minute: number;
  hour: number;
  /** Outbox samples dropped for age or count (also added to OutboxStatus.dropped). */
  outbox: number;
}

/**
 * The answer to a server's acknowledgement. An acknowledgement comes from the network, so a
 * bad one is a value, not an exception.
 */
export type AckResult =
  | { ok: true; ackedSeq: number; deleted: number }
  | { ok: false; error: { code: AckErrorCode; message: string } };

export type AckErrorCode = 'E_ACK_INVALID_SEQ' | 'E_ACK_BEYOND_LAST_SEQ';

export interface Store {
  /** Writes one cycle's sample (and the health judged from it) in one transaction; returns its seq. */
  writeCycle(sample: Sample, health?: HealthReport): number;
  saveProcesses(snapshot: ProcessSnapshot): void;
  saveInventory(inventory: Inventory): void;
  latest(): LatestState;

  /** Rolls completed minutes into the minute tier and completed hours into the hour tier. */
  rollUp(): RollupReport;
  /** Deletes what is older than each tier's retention (and outbox samples past their age). */
  applyRetention(): RetentionReport;

  history(query: HistoryQuery): HistoryResult;
  /** Raw values of one series in [from, to), oldest first (health's "sustained CPU" input). */
  recentValues(metric: string, from: number, to: number): Array<{ ts: number; value: number }>;
  /** Names of the series that have data in the range. */
  metricsInRange(from: number, to: number): string[];
  /** Streams a range as CSV or JSONL lines (each line ends with \n). */
  exportLines(query: ExportQuery): Iterable<string>;

  /** The next samples after `afterSeq`, oldest first. */
  outboxBatch(afterSeq: number, limit: number): OutboxEntry[];
  /** A server stored everything up to `seq`: drop it from the outbox. */
  acknowledge(seq: number): AckResult;
  outboxStatus(): OutboxStatus;

  /** Actions received from the server, the inbox and the action updates outbox. */
  actions: ActionTables;

  /** Runs `PRAGMA integrity_check`; 'ok' when healthy. */
  integrityCheck(): string;
  close(): void;
}
