import type { Database as Db } from 'better-sqlite3';
import type { LatestState } from './types.js';

type StateKey = keyof LatestState;
const STATE_KEYS: readonly StateKey[] = ['sample', 'health', 'processes', 'inventory'];

/**
 * The latest sample, health, process snapshot and inventory, as JSON in a key/value table:
 * what another process (the CLI's status) needs without replaying history.
 */
export interface StateTable {
  /** Stores a value already serialised (writeCycle reuses the outbox's JSON of the sample). */
  putJson(key: StateKey, json: string): void;
  latest(): LatestState;
}

export function createStateTable(db: Db, now: () => number): StateTable {
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM state');

  return {
    putJson: (key, json) => void upsert.run(key, json, now()),
    latest() {
      const latest: Record<string, unknown> = {};
      for (const row of selectAll.all()) {
        if (!(STATE_KEYS as readonly string[]).includes(row.key)) continue;
        const value = parseOrUndefined(row.value);
        if (value !== undefined) latest[row.key] = value;
      }
      return latest as LatestState;
    },
  };
}

/** A damaged row must not stop the CLI from reporting everything else. */
function parseOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** Serialises something a caller asks the store to keep, refusing what is not an object. */
export function toStateJson(what: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`store: ${what} must be an object`);
  }
  return JSON.stringify(value);
}
