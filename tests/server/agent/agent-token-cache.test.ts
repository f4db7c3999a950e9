import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentTokenCache } from '../../../server/agent/agent-token-cache.js';
import { randomSecret, sha256Hex } from '../../../server/auth/secrets.js';
import type { ServerDatabase } from '../../../server/store/open-database.js';
import { openDatabase } from '../../../server/store/open-database.js';

let dir: string;
let database: ServerDatabase;
let clock = 1_000_000;

async function addMachineWithToken(id: string): Promise<string> {
  const { db } = database;
  await db
    .insertInto('machines')
    .values({
      id,
      org_id: 'o',
      hardware_id: id,
      hostname: id,
      os_platform: '',
      os_distro: '',
      os_release: '',
      os_arch: '',
      agent_version: '',
      tags_json: '[]',
      enrolled_at: 0,
    })
    .execute();
  const token = `dfa_${randomSecret(32)}`;
  await db
    .insertInto('agent_tokens')
    .values({
      token_hash: sha256Hex(token),
      machine_id: id,
      org_id: 'o',
      created_at: 0,
      revoked_at: null,
    })
    .execute();
  return token;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dashfleet-token-cache-'));
  database = await openDatabase(join(dir, 'server.db'));
  await database.db.insertInto('orgs').values({ id: 'o', name: 'Org', created_at: 0 }).execute();
});
afterEach(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('agent token cache', () => {
  it('answers a remembered token without the database, and re-checks it after a minute', async () => {
    const cache = createAgentTokenCache({ db: database.db, now: () => clock });
    const token = await addMachineWithToken('m1');
    expect(cache.peek(token)).toBeUndefined();
    const identity = await cache.resolve(token);
    expect(identity).toMatchObject({ machineId: 'm1', orgId: 'o', isRevoked: false });
    expect(cache.peek(token)).toBe(identity);

    await database.db.updateTable('agent_tokens').set({ revoked_at: clock }).execute();
    expect(await cache.resolve(token)).toBe(identity);
    clock += 60_000;
    expect(cache.peek(token)).toBeUndefined();
    expect(await cache.resolve(token)).toBeNull();
    expect(identity?.isRevoked).toBe(true);
  });

  it('forgets a machine at once, marking identities already handed out', async () => {
    const cache = createAgentTokenCache({ db: database.db, now: () => clock });
    const token = await addMachineWithToken('m1');
    const identity = await cache.resolve(token);
    cache.evictMachine('m1');
    expect(identity?.isRevoked).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('stays within its bound, dropping the least recently used', async () => {
    const cache = createAgentTokenCache({ db: database.db, now: () => clock, maxEntries: 2 });
    const [a, b, c] = [
      await addMachineWithToken('a'),
      await addMachineWithToken('b'),
      await addMachineWithToken('c'),
    ];
    await cache.resolve(a);
    await cache.resolve(b);
    cache.peek(a);
    await cache.resolve(c);
    expect(cache.size).toBe(2);
    expect(cache.peek(b)).toBeUndefined();
    expect(cache.peek(a)).toBeDefined();
  });

  it('refuses malformed and unknown tokens', async () => {
    const cache = createAgentTokenCache({ db: database.db, now: () => clock });
    expect(await cache.resolve('nonsense')).toBeNull();
    expect(await cache.resolve(`dfa_${randomSecret(32)}`)).toBeNull();
  });
});
