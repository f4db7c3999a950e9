import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Dialect } from 'kysely';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';

/** The server's database file inside its data dir. */
export const DATABASE_FILE_NAME = 'server.db';

export interface ServerDatabase {
  db: Kysely<Database>;
  /** An online, consistent copy to `to` (0600), safe while the server is writing. */
  backup(to: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. The folder is
 * made 0700 and the file 0600: the database holds password hashes and token hashes.
 */
export async function openDatabase(file: string): Promise<ServerDatabase> {
  ensurePrivateDir(dirname(file));
  ensurePrivateFile(file);
  const { dialect, sqlite } = createSqliteDialect(file);
  const db = new Kysely<Database>({ dialect });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  return {
    db,
    backup: async (to) => {
      await sqlite.backup(to);
      if (process.platform !== 'win32') chmodSync(to, 0o600);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/**
 * The one place that knows which SQL engine is underneath. PostgreSQL (DATABASE_URL) will be a
 * sibling of this function returning a PostgresDialect; the query code does not change.
 */
export function createSqliteDialect(file: string): { dialect: Dialect; sqlite: SQLite.Database } {
  const sqlite = new SQLite(file);
  // WAL lets the fleet page read while agents' reports write; NORMAL is durable across crashes
  // of the process (only a power cut can lose the last transactions), and much faster than FULL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Checkpoint every ~40 MiB of WAL rather than 4 MiB: agents' reports rewrite the same
  // machines rows and minute pages over and over, and a page changed ten times between two
  // checkpoints is copied back to the database once (about 15 % more reports per second).
  sqlite.pragma('wal_autocheckpoint = 10000');
  // A CLI command (backup, create-user) may write while the server does: wait, do not fail.
  sqlite.pragma('busy_timeout = 5000');
  return { dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), sqlite };
}

/** A trivial query: proves the database answers (health checks). */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  // mkdir's mode applies only to what it creates: tighten a folder this user already owns.
  const stats = statSync(dir);
  if (stats.uid === process.getuid?.() && (stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (process.platform === 'win32') return;
  const stats = statSync(file);
  if (stats.uid === process.getuid?.() && (stats.mode & 0o077) !== 0) chmodSync(file, 0o600);
}
