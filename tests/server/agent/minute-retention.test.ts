import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { deleteExpiredMinutes } from '../../../server/agent/ingest/minute-retention.js';
import type { ServerDatabase } from '../../../server/store/open-database.js';
import { openDatabase } from '../../../server/store/open-database.js';

const DAY = 86_400_000;
let dir: string;
let database: ServerDatabase;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dashfleet-retention-'));
  database = await openDatabase(join(dir, 'server.db'));
  const { db } = database;
  await db.insertInto('orgs').values({ id: 'o', name: 'Org', created_at: 0 }).execute();
  await db
    .insertInto('machines')
    .values({
      id: 'm',
      org_id: 'o',
      hardware_id: 'hw',
      hostname: 'pc',
      os_platform: 'linux',
      os_distro: '',
      os_release: '',
      os_arch: '',
      agent_version: '1',
      tags_json: '[]',
      enrolled_at: 0,
    })
    .execute();
});
afterEach(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

it('deletes minute aggregates older than 30 days and keeps the rest', async () => {
  const now = Date.UTC(2026, 5, 1);
  const ages = [31 * DAY, 30 * DAY + 60_000, 30 * DAY - 60_000, DAY, 0];
  await database.db
    .insertInto('machine_minutes')
    .values(
      ages.map((age) => ({
        machine_id: 'm',
        metric: 'cpu.usagePercent',
        ts: now - age,
        avg: 1,
        max: 1,
        count: 1,
      })),
    )
    .execute();

  expect(await deleteExpiredMinutes(database.db, now)).toBe(2);
  const left = await database.db.selectFrom('machine_minutes').select('ts').orderBy('ts').execute();
  expect(left.map((row) => now - row.ts)).toEqual([30 * DAY - 60_000, DAY, 0]);
  expect(await deleteExpiredMinutes(database.db, now)).toBe(0);
});
