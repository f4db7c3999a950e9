import type { Kysely } from 'kysely';
import type { Me } from '../../src/shared/fleet-api.js';
import type { Database } from '../store/schema.js';
import { findUserById, membershipsOf } from '../users/users-store.js';

/** What the page knows about who is signed in; null if the user or membership is gone. */
export async function loadMe(
  db: Kysely<Database>,
  input: { userId: string; orgId: string; csrfToken: string },
): Promise<Me | null> {
  const user = await findUserById(db, input.userId);
  if (!user) return null;
  const orgs = await membershipsOf(db, input.userId);
  const current = orgs.find((org) => org.id === input.orgId);
  if (!current) return null;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    org: { id: current.id, name: current.name },
    role: current.role,
    orgs,
    csrfToken: input.csrfToken,
  };
}
