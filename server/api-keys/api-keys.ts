import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyInfo, CreatedApiKey, Role } from '../../src/shared/fleet-api.js';
import { toRole } from '../auth/roles.js';
import { issueSecret, sha256Hex } from '../auth/secrets.js';
import { TOUCH_INTERVAL_MS } from '../auth/sessions.js';
import type { ApiKeysTable, Database } from '../store/schema.js';

/** Every key starts so, which lets the server (and secret scanners) recognise one. */
const API_KEY_PREFIX = 'dfk_';
/** `dfk_` + 8 characters: enough to tell keys apart in a list, far too little to guess one. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

function toInfo(row: Selectable<ApiKeysTable>): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: toRole(row.role),
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

/** Mints a key; the key itself is in the answer and nowhere else (only its hash is stored). */
export async function createApiKey(
  db: Kysely<Database>,
  input: { orgId: string; name: string; role: Role; createdBy: string | null },
  now: number,
): Promise<CreatedApiKey> {
  const { secret: key, hash } = issueSecret(API_KEY_PREFIX);
  const row = {
    id: randomUUID(),
    org_id: input.orgId,
    name: input.name,
    prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
    key_hash: hash,
    role: input.role,
    created_by: input.createdBy,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { ...toInfo(row), key };
}

export async function listApiKeys(db: Kysely<Database>, orgId: string): Promise<ApiKeyInfo[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toInfo);
}

/** One key of this org, or null: another org's key is no different from none. */
export async function findApiKey(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<ApiKeyInfo | null> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toInfo(row) : null;
}

export async function revokeApiKey(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export interface ActiveApiKey {
  id: string;
  orgId: string;
  role: Role;
}

/** The live key behind a bearer value, or null; notes its use at most once a minute. */
export async function resolveApiKey(
  db: Kysely<Database>,
  key: string,
  now: number,
): Promise<ActiveApiKey | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'org_id', 'role', 'last_used_at', 'revoked_at'])
    .where('key_hash', '=', sha256Hex(key))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  if (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_INTERVAL_MS) {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, orgId: row.org_id, role: toRole(row.role) };
}
