import type { Database as Db } from 'better-sqlite3';
import type { Tier } from './types.js';

/** Small integers the store must remember across restarts. */
export type MetaKey =
  /** End (exclusive) of the raw data already rolled into the minute tier, epoch ms. */
  | 'minute_watermark'
  /** End (exclusive) of the minute data already rolled into the hour tier, epoch ms. */
  | 'hour_watermark'
  /** The oldest sample ever written: before it, no tier can be missing anything. */
  | 'first_sample_ts'
  /** Highest seq a server acknowledged. */
  | 'acked_seq'
  /** Outbox samples dropped over the store's lifetime. */
  | 'outbox_dropped'
  /** The writer's retention, so a read-only process chooses tiers by the same rules. */
  | 'retention_raw_ms'
  | 'retention_minute_ms'
  | 'retention_hour_ms'
  /**
   * The latest cutoff retention applied to each tier: rows before it were deleted. Retention
   * settings alone cannot say this (raising rawHours does not bring deleted samples back).
   */
  | 'raw_deleted_before'
  | 'minute_deleted_before'
  | 'hour_deleted_before';

export const deletedBeforeKey = (tier: Tier): MetaKey => `${tier}_deleted_before`;

export interface Meta {
  get(key: MetaKey): number | undefined;
  set(key: MetaKey, value: number): void;
  add(key: MetaKey, delta: number): void;
  /** Sets the value unless it already holds a larger one: for values that only move forward. */
  raise(key: MetaKey, value: number): void;
}

export function createMeta(db: Db): Meta {
  const select = db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE key = ?');
  const upsert = db.prepare<[string, number]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const increment = db.prepare<{ key: string; delta: number }>(
    'INSERT INTO meta (key, value) VALUES (@key, @delta) ON CONFLICT (key) DO UPDATE SET value = value + @delta',
  );
  const upsertMax = db.prepare<[string, number]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)',
  );
  return {
    get: (key) => select.get(key)?.value,
    set: (key, value) => void upsert.run(key, Math.round(value)),
    add: (key, delta) => void increment.run({ key, delta: Math.round(delta) }),
    raise: (key, value) => void upsertMax.run(key, Math.round(value)),
  };
}
