import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { assertStrongPassword, hashPassword } from '../auth/passwords.js';
import type { HashOptions } from '../auth/passwords.js';
import { ApiError } from '../http/api-error.js';
import type { Database } from '../store/schema.js';
import { addMembership, findUserByEmail, insertUser } from '../users/users-store.js';

export async function createOrg(db: Kysely<Database>, name: string, now: number): Promise<string> {
  const id = randomUUID();
  await db.insertInto('orgs').values({ id, name, created_at: now }).execute();
  return id;
}

export interface OrgWithOwnerInput {
  orgName: string;
  email: string;
  password: string;
  name?: string;
  /** Epoch ms; default Date.now(). */
  now?: number;
  /** Only tests make hashing cheaper. */
  hashOptions?: HashOptions;
}

/**
 * A new org and its first owner, in one transaction: used by the setup page and by
 * `dashfleet-server init`. Throws ApiError E_WEAK_PASSWORD, or E_EMAIL_TAKEN when a user
 * with this email already exists (their password is never overwritten from here).
 */
export async function createOrgWithOwner(
  db: Kysely<Database>,
  input: OrgWithOwnerInput,
): Promise<{ orgId: string; userId: string }> {
  assertStrongPassword(input.password);
  const now = input.now ?? Date.now();
  // Hash outside the transaction: scrypt takes a while and the database need not wait.
  const passwordHash = await hashPassword(input.password, input.hashOptions);
  return db.transaction().execute(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw new ApiError('E_EMAIL_TAKEN', 'a user with this email already exists');
    }
    const { orgName, email, name } = input;
    return insertOrgWithOwner(tx, { orgName, email, name, passwordHash }, now);
  });
}

/** The rows of a new org and its owner, inside the caller's transaction; nothing checked. */
export async function insertOrgWithOwner(
  tx: Kysely<Database>,
  input: { orgName: string; email: string; name?: string; passwordHash: string },
  now: number,
): Promise<{ orgId: string; userId: string }> {
  const orgId = await createOrg(tx, input.orgName.trim(), now);
  const userId = await insertUser(
    tx,
    { email: input.email, name: input.name?.trim() ?? '', passwordHash: input.passwordHash },
    now,
  );
  await addMembership(tx, { orgId, userId, role: 'owner' }, now);
  return { orgId, userId };
}
