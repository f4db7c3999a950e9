import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './defaults.js';
import { StoreError } from './errors.js';

/** Keeps the -wal file from staying at its high-water size after a checkpoint. */
const JOURNAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Opens the SQLite file with the pragmas every connection needs. Read-write opens create the
 * folder and switch the file to WAL; read-only opens (the CLI beside a running agent) require
 * the file to exist and never write to it.
 */
export function openDatabase(path: string, isReadonly: boolean): Db {
  if (isReadonly && !existsSync(path)) {
    throw new StoreError('E_STORE_NOT_FOUND', `store: no history database at ${path}`);
  }
  if (!isReadonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: isReadonly, fileMustExist: isReadonly });
  try {
    if (!isReadonly) restrictToOwner(path);
    // A reader waits out a checkpoint, a writer waits out the CLI's brief locks, instead of
    // failing at once with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!isReadonly) configureWriter(db);
    // The tiers reference metrics(id): a bug that writes an unknown id fails loudly.
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** rw-------: the owner reads and writes, nobody else has any access. */
const OWNER_ONLY = 0o600;

/**
 * The file holds the machine's hostname, serial number and MAC addresses, so other local
 * users must not read it. Runs right after the open, before the first read creates the -wal
 * and -shm files, which SQLite then gives the database file's mode; ones left behind by an
 * earlier run (a crash) are tightened too. Only files this user owns are changed: chmod on
 * another's fails, and as root it would rewrite a mode that is not the store's to manage.
 * Windows has no POSIX modes (files take the ACL of their folder).
 */
function restrictToOwner(path: string): void {
  if (process.platform === 'win32') return;
  const uid = process.getuid?.();
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats && stats.uid === uid && (stats.mode & 0o777) !== OWNER_ONLY)
      chmodSync(file, OWNER_ONLY);
  }
}

function configureWriter(db: Db): void {
  // WAL: the CLI and the local dashboard read while the agent writes, without blocking it.
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`store: could not switch to WAL (journal_mode=${mode})`);
  // NORMAL is safe in WAL mode: the WAL is fsynced at each checkpoint, not at each commit, so
  // a power cut can lose the last few committed cycles but never corrupts the database. Losing
  // seconds of samples is acceptable; an fsync every cycle would wear SSDs and cost battery.
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

/** A second read-only handle on the same file, for long reads (exports) that must not hold
 * the main connection busy while the agent keeps writing. */
export function openReader(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}
