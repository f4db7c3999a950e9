import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/agent/store/errors.js';
import type { Migration } from '../../../src/agent/store/migrations.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../../src/agent/store/migrations.js';
import { makeSample } from '../../helpers/sample-factory.js';
import { query, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();

function userVersion(dbPath: string): number {
  return query<{ user_version: number }>(dbPath, 'PRAGMA user_version')[0]?.user_version ?? -1;
}

describe('migrations', () => {
  it('brings a fresh database to the latest version, in WAL mode, creating its folder', () => {
    const dbPath = path.join(path.dirname(fixture.newPath()), 'nested', 'deeper', 'history.db');

    fixture.open(dbPath).close();

    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
    expect(userVersion(dbPath)).toBe(LATEST_VERSION);
    expect(query<{ journal_mode: string }>(dbPath, 'PRAGMA journal_mode')[0]?.journal_mode).toBe(
      'wal',
    );
    const tables = query<{ name: string }>(
      dbPath,
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    ).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining(['metrics', 'raw_points', 'minute_points', 'hour_points', 'outbox']),
    );
  });

  it('applies nothing when reopened, and keeps the data', () => {
    const dbPath = fixture.newPath();
    const store = fixture.open(dbPath);
    store.writeCycle(makeSample(T0));
    store.close();

    const db = new Database(dbPath);
    const report = migrate(db);
    db.close();
    const reopened = fixture.open(dbPath);

    expect(report).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, applied: [] });
    expect(reopened.outboxStatus().lastSeq).toBe(1);
  });

  it('runs each migration in its own transaction: a failing one leaves the previous version', () => {
    const db = new Database(path.join(path.dirname(fixture.newPath()), 'custom.db'));
    const migrations: Migration[] = [
      { description: 'one', up: (d) => d.exec('CREATE TABLE one (x)') },
      {
        description: 'two fails halfway',
        up: (d) => d.exec('CREATE TABLE two (x); INSERT INTO missing VALUES (1);'),
      },
    ];

    expect(() => migrate(db, migrations)).toThrow(/no such table: missing/);
    const version = db.pragma('user_version', { simple: true });
    const two = db.prepare("SELECT name FROM sqlite_master WHERE name = 'two'").get();
    db.close();

    expect(version).toBe(1);
    expect(two).toBeUndefined();
  });

  it('refuses a database written by a newer agent, and leaves it untouched', () => {
    const dbPath = fixture.newPath();
    fixture.open(dbPath).close();
    const db = new Database(dbPath);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(dbPath);

    for (const readonly of [false, true]) {
      let error: unknown;
      try {
        fixture.open(dbPath, { readonly });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'E_STORE_SCHEMA_TOO_NEW' });
      expect((error as Error).message).toMatch(
        new RegExp(`version ${LATEST_VERSION + 1}, newer than the ${LATEST_VERSION}`),
      );
    }
    expect(userVersion(dbPath)).toBe(LATEST_VERSION + 1);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('refuses, read-only, a file the agent has not upgraded yet or that does not exist', () => {
    const outdated = fixture.newPath();
    new Database(outdated).close(); // an empty SQLite file: user_version 0

    expect(() => fixture.open(outdated, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'E_STORE_SCHEMA_OUTDATED' }),
    );
    expect(() => fixture.open(`${outdated}.missing`, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'E_STORE_NOT_FOUND' }),
    );
    expect(fs.existsSync(`${outdated}.missing`)).toBe(false);
  });
});
