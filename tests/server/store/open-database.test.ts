import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/store/migrate.js';
import { DATABASE_FILE_NAME, openDatabase } from '../../../server/store/open-database.js';
import type { ServerDatabase } from '../../../server/store/open-database.js';
import { startTestServer } from '../helpers/test-server.js';

let root: string;
const opened: ServerDatabase[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dashfleet-store-'));
});
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  await rm(root, { recursive: true, force: true });
});

async function open(file: string): Promise<ServerDatabase> {
  const database = await openDatabase(file);
  opened.push(database);
  return database;
}

async function pragma(database: ServerDatabase, name: string): Promise<unknown> {
  const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('openDatabase', () => {
  it('creates the data dir 0700 and the file 0600', async () => {
    const dir = join(root, 'nested', 'data');
    await open(join(dir, DATABASE_FILE_NAME));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, DATABASE_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('uses WAL, synchronous NORMAL, foreign keys and a busy timeout', async () => {
    const database = await open(join(root, DATABASE_FILE_NAME));
    expect(await pragma(database, 'journal_mode')).toBe('wal');
    expect(await pragma(database, 'synchronous')).toBe(1);
    expect(await pragma(database, 'foreign_keys')).toBe(1);
    expect(await pragma(database, 'busy_timeout')).toBe(5000);
  });

  it('enforces foreign keys', async () => {
    const { db } = await open(join(root, DATABASE_FILE_NAME));
    const orphan = db
      .insertInto('memberships')
      .values({ org_id: 'nope', user_id: 'nope', role: 'viewer', created_at: 1 })
      .execute();
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
  });

  it('applies every migration once; opening again changes nothing', async () => {
    const file = join(root, DATABASE_FILE_NAME);
    const first = await open(file);
    await first.db.insertInto('orgs').values({ id: 'o1', name: 'Acme', created_at: 1 }).execute();
    await first.close();
    const second = await open(file);
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(second.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
    const orgs = await second.db.selectFrom('orgs').select('name').execute();
    expect(orgs).toEqual([{ name: 'Acme' }]);
  });

  it('lists migrations by numbered name, in order', () => {
    const names = Object.keys(MIGRATIONS);
    expect(names.every((name) => /^\d{4}-[a-z0-9-]+$/.test(name))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });
});

describe('backup', () => {
  it('copies the database to a readable 0600 file while the server runs and writes', async () => {
    const server = await startTestServer({ dataDir: join(root, 'data') });
    try {
      const { db } = server.ctx;
      await db.insertInto('orgs').values({ id: 'o1', name: 'Before', created_at: 1 }).execute();
      // A second connection, as `dashfleet-server backup` opens while the server is up.
      const cli = await open(join(root, 'data', DATABASE_FILE_NAME));
      const target = join(root, 'backup.db');
      const writes = Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          db
            .insertInto('orgs')
            .values({ id: `w${i}`, name: `During ${i}`, created_at: 2 })
            .execute(),
        ),
      );
      await cli.backup(target);
      await writes;

      expect((await stat(target)).mode & 0o777).toBe(0o600);
      const copy = new SQLite(target, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const names = copy.prepare('select name from orgs').pluck().all();
        expect(names).toContain('Before');
        const tables = copy
          .prepare("select name from sqlite_master where type = 'table'")
          .pluck()
          .all();
        expect(tables).toEqual(expect.arrayContaining(['machines', 'users', 'kysely_migration']));
      } finally {
        copy.close();
      }
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
