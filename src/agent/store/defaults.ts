import type { OutboxLimits, RetentionPolicy, StoreOptions } from './types.js';

export { DAY_MS, HOUR_MS, MINUTE_MS } from '../../shared/time.js';

/** How long each tier is kept: the one place these defaults live. */
export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = Object.freeze({
  rawHours: 48,
  minuteDays: 30,
  hourDays: 730,
});

/**
 * Outbox bounds for a PC that cannot reach its server.
 *
 * The count is the disk bound. A realistic sample (8 cores, 2 volumes, 2 interfaces, battery,
 * temperature; tests/helpers/sample-factory.ts) is ~1.0 KB of JSON and ~1.3 KiB per outbox row
 * once SQLite's page overhead is counted (measured by `npm run bench:history`), so 100 000
 * samples cap the outbox near 130 MiB: bounded, and small next to any PC's disk. That is
 * ~11.5 days at the default 10-s interval.
 * The age is the usefulness bound: past two weeks a backlog is not worth uploading (the server
 * keeps only per-minute aggregates, and the PC keeps its own minute and hour history), yet two
 * weeks outlasts a holiday or a long trip. At intervals above ~12 s the age bound binds first.
 * Whichever bound is hit, the oldest samples go first and are counted in `dropped`.
 */
export const DEFAULT_OUTBOX_LIMITS: Readonly<OutboxLimits> = Object.freeze({
  maxCount: 100_000,
  maxAgeDays: 14,
});

/**
 * A minute is rolled up only once it ended this long ago, so a sample stamped at 59.9 s but
 * written a moment later still lands in its minute before that minute is aggregated. (A
 * sample later than this is still handled: it re-opens its minute, see rollups.ts.)
 */
export const ROLLUP_GRACE_MS = 5_000;

/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** A sample is ~1 KB; anything this large is a bug upstream, not a machine to record. */
export const MAX_SAMPLE_JSON_CHARS = 256 * 1024;

/** Keeps one history call's memory bounded whatever the caller asks for. */
export const MAX_HISTORY_POINTS = 100_000;

/** The only place the store reads the wall clock; everything else goes through options.now. */
export const systemClock = (): number => Date.now();

export interface StoreSettings {
  path: string;
  isReadonly: boolean;
  now: () => number;
  /** Retention the caller gave explicitly (a reader may adopt the writer's instead). */
  retention: RetentionPolicy;
  hasExplicitRetention: boolean;
  outbox: OutboxLimits;
}

/** Fills in defaults and refuses values that would silently delete or keep everything. */
export function resolveSettings(options: StoreOptions): StoreSettings {
  if (typeof options.path !== 'string' || options.path.trim() === '') {
    throw new RangeError('store: path must be a non-empty file path');
  }
  const retention = { ...DEFAULT_RETENTION, ...definedOnly(options.retention) };
  const outbox = { ...DEFAULT_OUTBOX_LIMITS, ...definedOnly(options.outbox) };
  for (const [name, value] of Object.entries({ ...retention, maxAgeDays: outbox.maxAgeDays })) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`store: ${name} must be a positive number, got ${String(value)}`);
    }
  }
  assertTiersNest(retention);
  if (!Number.isSafeInteger(outbox.maxCount) || outbox.maxCount < 1) {
    throw new RangeError(`store: maxCount must be a positive integer, got ${outbox.maxCount}`);
  }
  return {
    path: options.path,
    isReadonly: options.readonly === true,
    now: options.now ?? systemClock,
    retention,
    hasExplicitRetention: options.retention !== undefined,
    outbox,
  };
}

/**
 * Once a finer tier has deleted a range, the coarser one is all that answers for it; a coarser
 * tier kept less long would leave a gap no tier can fill.
 */
function assertTiersNest({ rawHours, minuteDays, hourDays }: RetentionPolicy): void {
  const refuse = (coarser: string, finer: string): never => {
    throw new RangeError(
      `store: retention.${coarser} must keep at least as long as retention.${finer}`,
    );
  };
  if (minuteDays * 24 < rawHours) refuse(`minuteDays (${minuteDays})`, `rawHours (${rawHours})`);
  if (hourDays < minuteDays) refuse(`hourDays (${hourDays})`, `minuteDays (${minuteDays})`);
}

/** `{ rawHours: undefined }` (a config file that left a key out) must not erase a default. */
function definedOnly<T extends object>(values: T | undefined): Partial<T> {
  if (!values) return {};
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
