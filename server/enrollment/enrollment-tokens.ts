import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { EnrollmentTokenInfo } from '../../src/shared/fleet-api.js';
import { DAY_MS, SECOND_MS } from '../../src/shared/time.js';
import { issueSecret } from '../auth/secrets.js';
import { ApiError, notFound } from '../http/api-error.js';
import { parseTags, readTags } from '../machines/tags.js';
import type { Database, EnrollmentTokensTable } from '../store/schema.js';

/** Every enrolment token starts with this, so a leaked one is recognisable in logs and scans. */
const ENROLLMENT_TOKEN_PREFIX = 'dfe_';
const DEFAULT_EXPIRY_SECONDS = (7 * DAY_MS) / SECOND_MS;
export const MAX_EXPIRY_SECONDS = (365 * DAY_MS) / SECOND_MS;
export const MAX_USES_LIMIT = 1_000_000;
export const MAX_NOTE_LENGTH = 200;
/** Characters of the token kept in clear to tell tokens apart: `dfe_` + 6. */
const SHOWN_PREFIX_LENGTH = 10;

export interface NewEnrollmentToken {
  orgId: string;
  note?: string;
  expiresInSeconds?: number;
  maxUses?: number;
  tags?: string[];
  createdBy: string | null;
}

type TokenRow = Selectable<EnrollmentTokensTable>;

/** What a token can still do at `now`. Revoked wins over expired, expired over used up. */
export function enrollmentTokenState(
  row: Pick<TokenRow, 'revoked_at' | 'expires_at' | 'max_uses' | 'uses'>,
  now: number,
): EnrollmentTokenInfo['state'] {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at <= now) return 'expired';
  if (row.max_uses !== null && row.uses >= row.max_uses) return 'used-up';
  return 'active';
}

function toEnrollmentTokenInfo(row: TokenRow, now: number): EnrollmentTokenInfo {
  return {
    id: row.id,
    prefix: row.prefix,
    note: row.note,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    maxUses: row.max_uses === null ? null : Number(row.max_uses),
    uses: Number(row.uses),
    tags: readTags(row.tags_json),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    state: enrollmentTokenState(row, now),
  };
}

function checkInput(input: NewEnrollmentToken): { expiresInSeconds: number; tags: string[] } {
  const expiresInSeconds = input.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS;
  if (
    !Number.isInteger(expiresInSeconds) ||
    expiresInSeconds < 60 ||
    expiresInSeconds > MAX_EXPIRY_SECONDS
  ) {
    throw new ApiError(
      'E_BAD_REQUEST',
      `expiresInSeconds must be a whole number from 60 to ${MAX_EXPIRY_SECONDS} (365 days)`,
    );
  }
  if (
    input.maxUses !== undefined &&
    (!Number.isInteger(input.maxUses) || input.maxUses < 1 || input.maxUses > MAX_USES_LIMIT)
  ) {
    throw new ApiError(
      'E_BAD_REQUEST',
      `maxUses must be a whole number from 1 to ${MAX_USES_LIMIT}`,
    );
  }
  if (input.note !== undefined && input.note.length > MAX_NOTE_LENGTH) {
    throw new ApiError('E_BAD_REQUEST', `note must be at most ${MAX_NOTE_LENGTH} characters`);
  }
  const tags = parseTags(input.tags ?? []);
  if (!tags.ok) throw new ApiError('E_BAD_REQUEST', tags.error);
  return { expiresInSeconds, tags: tags.value };
}

/**
 * A new enrolment token for an org: `dfe_` + 32 random bytes (base64url). Only its SHA-256
 * is stored; the token itself is returned once, here.
 */
export async function createEnrollmentToken(
  db: Kysely<Database>,
  input: NewEnrollmentToken,
  now: number,
): Promise<{ token: string; info: EnrollmentTokenInfo }> {
  const { expiresInSeconds, tags } = checkInput(input);
  const { secret: token, hash } = issueSecret(ENROLLMENT_TOKEN_PREFIX);
  const row: TokenRow = {
    id: randomUUID(),
    org_id: input.orgId,
    prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
    token_hash: hash,
    note: input.note?.trim() ?? '',
    tags_json: JSON.stringify(tags),
    created_by: input.createdBy,
    created_at: now,
    expires_at: now + expiresInSeconds * SECOND_MS,
    max_uses: input.maxUses ?? null,
    uses: 0,
    revoked_at: null,
  };
  await db.insertInto('enrollment_tokens').values(row).execute();
  return { token, info: toEnrollmentTokenInfo(row, now) };
}

/** Every token of the org, newest first, whatever its state (the page shows why one stopped). */
export async function listEnrollmentTokens(
  db: Kysely<Database>,
  orgId: string,
  now: number,
): Promise<EnrollmentTokenInfo[]> {
  const rows = await db
    .selectFrom('enrollment_tokens')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => toEnrollmentTokenInfo(row, now));
}

/**
 * Revokes a token of the org; revoking it again changes nothing. Machines already enrolled
 * with it keep their own agent tokens. Another org's token, or none: 404.
 */
export async function revokeEnrollmentToken(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  now: number,
): Promise<void> {
  const found = await db
    .selectFrom('enrollment_tokens')
    .select(['id', 'revoked_at'])
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!found) throw notFound('enrolment token');
  if (found.revoked_at !== null) return;
  await db
    .updateTable('enrollment_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .execute();
}
