import type { Database as Db } from 'better-sqlite3';
import { StoreError } from './errors.js';

/**
 * Numbered schema migrations. Migration N (1-based) brings the file from user_version N-1 to
 * N. Never edit a migration that has shipped: agents in the field already ran it; append a new
 * one instead.
 */
export interface Migration {
  description: string;
  up: (db: Db) => void;
}

const tier = (table: string): string => `
  CREATE TABLE ${table} (
    metric_id INTEGER NOT NULL REFERENCES metrics(id),
    ts INTEGER NOT NULL,   -- start of the bucket, epoch ms
    avg REAL NOT NULL,
    max REAL NOT NULL,
    count INTEGER NOT NULL, -- raw samples behind this bucket, so coarser tiers weight by it
    PRIMARY KEY (metric_id, ts)
  ) WITHOUT ROWID;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'metrics, raw and rollup tiers, outbox, state',
    up: (db) =>
      db.exec(`
        CREATE TABLE metrics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        -- Raw is keyed (ts, metric_id), unlike the rollup tiers: a cycle's ~20 points then
        -- land side by side in one or two pages at the end of the tree instead of one page
        -- per series, which cuts the WAL written per cycle several-fold. Raw only answers
        -- short ranges (the tier rule sends long ones to the rollups), where scanning every
        -- series' rows of that range is cheap.
        CREATE TABLE raw_points (
          ts INTEGER NOT NULL,
          metric_id INTEGER NOT NULL REFERENCES metrics(id),
          value REAL NOT NULL,
          PRIMARY KEY (ts, metric_id)
        ) WITHOUT ROWID;
        ${tier('minute_points')}
        ${tier('hour_points')}
        -- AUTOINCREMENT: a seq is never handed out twice, even after the outbox empties.
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          ts INTEGER NOT NULL,
          sample TEXT NOT NULL
        );
        CREATE TABLE state (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      `),
  },
  {
    description: 'actions received from the server, the inbox, the action updates outbox',
    up: (db) =>
      db.exec(`
        -- Every action id ever received, recorded before anything runs: a redelivered id is
        -- acknowledged again but never run twice.
        CREATE TABLE actions (
          id TEXT PRIMARY KEY,
          type TEXT NOT NULL,
          params_json TEXT NOT NULL,
          sent_by TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          expires_at INTEGER,          -- null when the envelope carried none usable
          state TEXT NOT NULL,         -- received | running | succeeded | failed | refused | cancelled
          stage TEXT,
          finished_at INTEGER,
          error TEXT,                  -- a sentence for people
          reboot_at INTEGER,           -- restart: when the reboot is due (or was issued)
          snoozes_used INTEGER NOT NULL DEFAULT 0,
          boot_time_before INTEGER     -- restart: the boot time before the reboot command
        ) WITHOUT ROWID;
        CREATE INDEX actions_by_received ON actions (received_at);
        CREATE INDEX actions_by_state ON actions (state);
        CREATE TABLE inbox (
          action_id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          body TEXT NOT NULL,
          level TEXT NOT NULL,
          sent_by TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          read_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX inbox_by_received ON inbox (received_at);
        -- AUTOINCREMENT: an update seq is never handed out twice (the server dedupes by it).
        CREATE TABLE action_updates (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          action_id TEXT NOT NULL,
          json TEXT NOT NULL
        );
      `),
  },
];

export const LATEST_VERSION = MIGRATIONS.length;

export interface MigrationReport {
  from: number;
  to: number;
  /** Versions applied by this call, in order. */
  applied: number[];
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the file to LATEST_VERSION, one transaction per migration. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  const from = schemaVersion(db);
  refuseNewer(from, migrations.length);
  const applied: number[] = [];
  for (let version = from + 1; version <= migrations.length; version++) {
    const migration = migrations[version - 1];
    if (!migration) break;
    // user_version is part of the transaction: a failed migration leaves the old version.
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${version}`);
    }).immediate();
    applied.push(version);
  }
  return { from, to: schemaVersion(db), applied };
}

/** A reader cannot migrate; it only checks that it understands the file. */
export function assertCurrentSchema(db: Db, latest: number = LATEST_VERSION): void {
  const version = schemaVersion(db);
  refuseNewer(version, latest);
  if (version < latest) {
    throw new StoreError(
      'E_STORE_SCHEMA_OUTDATED',
      `store: the history database is at schema version ${version}, this program needs ` +
        `${latest}; start the agent once so it can upgrade the file`,
    );
  }
}

function refuseNewer(version: number, latest: number): void {
  if (version > latest) {
    throw new StoreError(
      'E_STORE_SCHEMA_TOO_NEW',
      `store: the history database is at schema version ${version}, newer than the ` +
        `${latest} this agent knows; it was written by a newer agent. Update the agent ` +
        `(the file was left untouched).`,
    );
  }
}
