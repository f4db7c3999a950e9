import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openStore } from '../../../src/agent/store/open-store.js';
import type { Store, StoreOptions } from '../../../src/agent/store/types.js';
import type { SampleShape } from '../../helpers/sample-factory.js';
import { makeHealth, makeSample } from '../../helpers/sample-factory.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** A Monday at midnight UTC: minute- and hour-aligned, so expectations read plainly. */
export const T0 = Date.UTC(2025, 5, 2);

export interface StoreFixture {
  /** The simulated clock every store of this fixture reads. */
  clock: { now: number };
  /** A fresh database path in its own temp folder. */
  newPath(): string;
  open(dbPath: string, options?: Omit<StoreOptions, 'path'>): Store;
}

/** Temp folders and stores for one test file; everything is closed and removed after each test. */
export function storeFixture(): StoreFixture {
  const clock = { now: T0 };
  const stores: Store[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    clock.now = T0;
  });
  return {
    clock,
    newPath() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-'));
      dirs.push(dir);
      return path.join(dir, 'history.db');
    },
    open(dbPath, options = {}) {
      const store = openStore({ now: () => clock.now, ...options, path: dbPath });
      stores.push(store);
      return store;
    },
  };
}

export interface FillOptions {
  from: number;
  to: number;
  intervalMs: number;
  shape?: SampleShape;
  /** Simulated minutes between rollUp() calls, as the agent does every minute. Default 1. */
  rollUpEveryMinutes?: number;
}

/** Writes a cycle per interval through the real write path, advancing the clock like an agent. */
export function fill(store: Store, clock: { now: number }, options: FillOptions): number {
  const rollEvery = (options.rollUpEveryMinutes ?? 1) * MINUTE;
  let lastRollUp = options.from;
  let cycles = 0;
  for (let ts = options.from; ts < options.to; ts += options.intervalMs) {
    clock.now = ts;
    store.writeCycle(makeSample(ts, options.shape), makeHealth(ts));
    cycles++;
    if (ts - lastRollUp >= rollEvery) {
      store.rollUp();
      lastRollUp = ts;
    }
  }
  return cycles;
}

/** Reads the file through a separate connection, as an independent observer. */
export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function tierRows(
  dbPath: string,
  table: 'minute_points' | 'hour_points',
  metric: string,
): Array<{ ts: number; avg: number; max: number; count: number }> {
  return query(
    dbPath,
    `SELECT t.ts, t.avg, t.max, t.count FROM ${table} t JOIN metrics m ON m.id = t.metric_id
     WHERE m.name = ? ORDER BY t.ts`,
    metric,
  );
}
