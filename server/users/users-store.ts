import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OrgUser, Role } from '../../src/shared/fleet-api.js';
import { toRole } from '../auth/roles.js';
import type { Database } from '../store/schema.js';

/** Users are unique by email across the server; one person may belong to several orgs. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash }
    : null;
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash }
    : null;
}

export async function insertUser(
  db: Kysely<Database>,
  input: { email: string; name: string; passwordHash: string },
  now: number,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({
      id,
      email: normalizeEmail(input.email),
      name: input.name,
      password_hash: input.passwordHash,
      created_at: now,
    })
    .execute();
  return id;
}

export async function setPasswordHash(
  db: Kysely<Database>,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
}

export async function addMembership(
  db: Kysely<Database>,
  input: { orgId: string; userId: string; role: Role },
  now: number,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ org_id: input.orgId, user_id: input.userId, role: input.role, created_at: now })
    .execute();
}

function orgUsers(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'memberships.role',
      // When they joined this org: the account's own age is none of this org's business.
      'memberships.created_at',
    ])
    .where('memberships.org_id', '=', orgId);
}

type OrgUserRow = { id: string; email: string; name: string; role: string; created_at: number };

function toOrgUser(row: OrgUserRow): OrgUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: toRole(row.role),
    createdAt: Number(row.created_at),
  };
}

export async function listOrgUsers(db: Kysely<Database>, orgId: string): Promise<OrgUser[]> {
  const rows = await orgUsers(db, orgId)
    .orderBy('memberships.created_at')
    .orderBy('users.email')
    .execute();
  return rows.map(toOrgUser);
}

/** A member of this org, or null: a user of another org is no different from none. */
export async function findOrgUser(
  db: Kysely<Database>,
  orgId: string,
  userId: string,
): Promise<OrgUser | null> {
  const row = await orgUsers(db, orgId).where('users.id', '=', userId).executeTakeFirst();
  return row ? toOrgUser(row) : null;
}

export async function setMemberRole(
  db: Kysely<Database>,
  input: { orgId: string; userId: string; role: Role },
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role: input.role })
    .where('org_id', '=', input.orgId)
    .where('user_id', '=', input.userId)
    .execute();
}

export async function countOwners(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Takes a user out of one org. A user left with no org at all is deleted (their sessions go
 * with them): nobody could sign in as them anyway, and the email becomes free again.
 */
export async function removeMembership(
  db: Kysely<Database>,
  input: { orgId: string; userId: string },
): Promise<void> {
  await db
    .deleteFrom('memberships')
    .where('org_id', '=', input.orgId)
    .where('user_id', '=', input.userId)
    .execute();
  const remaining = await db
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (!remaining) await db.deleteFrom('users').where('id', '=', input.userId).execute();
}

export interface Membership {
  id: string;
  name: string;
  role: Role;
}

/** The orgs a user belongs to, oldest membership first. */
export async function membershipsOf(db: Kysely<Database>, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select(['orgs.id', 'orgs.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('orgs.name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, role: toRole(row.role) }));
}

export async function hasAnyUser(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
