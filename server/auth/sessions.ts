import type { Kysely } from 'kysely';
import type { Role } from '../../src/shared/fleet-api.js';
import { MINUTE_MS } from '../../src/shared/time.js';
import type { Database } from '../store/schema.js';
import { toRole } from './roles.js';
import { issueSecret, randomSecret, sha256Hex } from './secrets.js';

export interface SessionLimits {
  /** Ends a session nobody used for this long. */
  idleMs: number;
  /** Ends a session this long after sign-in, however active. */
  maxMs: number;
}

/** last_seen_at moves at most this often: one write a minute per session, not one per request. */
export const TOUCH_INTERVAL_MS = MINUTE_MS;

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  idHash: string;
  csrfToken: string;
  expiresAt: number;
}

export async function createSession(
  db: Kysely<Database>,
  input: { userId: string; orgId: string },
  now: number,
  limits: SessionLimits,
): Promise<NewSession> {
  const { secret: token, hash: idHash } = issueSecret();
  const session = {
    token,
    idHash,
    csrfToken: randomSecret(32),
    expiresAt: now + limits.maxMs,
  };
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: input.userId,
      org_id: input.orgId,
      csrf_token: session.csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: session.expiresAt,
      revoked_at: null,
    })
    .execute();
  return session;
}

export interface ActiveSession {
  idHash: string;
  userId: string;
  orgId: string;
  /** Read from the membership on every request, so a role change applies at once. */
  role: Role;
  csrfToken: string;
}

/** The live session behind a cookie value, or null (unknown, revoked, idle, expired, no membership). */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: number,
  limits: SessionLimits,
): Promise<ActiveSession | null> {
  const idHash = sha256Hex(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.org_id', '=', 'sessions.org_id')
        .onRef('memberships.user_id', '=', 'sessions.user_id'),
    )
    .select([
      'sessions.user_id',
      'sessions.org_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
      'memberships.role',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  const lastSeen = Number(row.last_seen_at);
  if (now >= Number(row.expires_at) || now - lastSeen >= limits.idleMs) return null;
  if (now - lastSeen >= TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return {
    idHash,
    userId: row.user_id,
    orgId: row.org_id,
    role: toRole(row.role),
    csrfToken: row.csrf_token,
  };
}

export async function revokeSession(
  db: Kysely<Database>,
  idHash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Every live session of a user, optionally within one org, optionally sparing one (the caller's). */
export async function revokeUserSessions(
  db: Kysely<Database>,
  input: { userId: string; orgId?: string; exceptIdHash?: string },
  now: number,
): Promise<void> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null);
  if (input.orgId !== undefined) query = query.where('org_id', '=', input.orgId);
  if (input.exceptIdHash !== undefined) query = query.where('id_hash', '!=', input.exceptIdHash);
  await query.execute();
}

export async function switchSessionOrg(
  db: Kysely<Database>,
  idHash: string,
  orgId: string,
): Promise<void> {
  await db.updateTable('sessions').set({ org_id: orgId }).where('id_hash', '=', idHash).execute();
}
