import type { Role } from '../../../src/shared/fleet-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type { Me } from '../../../src/shared/fleet-api.js';
import { createApiKey as mintApiKey } from '../../../server/api-keys/api-keys.js';
import { MIN_SCRYPT_COST, hashPassword } from '../../../server/auth/passwords.js';
import type { ServerContext } from '../../../server/context.js';
import { createOrg } from '../../../server/orgs/create-org-with-owner.js';
import { addMembership, findUserByEmail, insertUser } from '../../../server/users/users-store.js';

let counter = 0;

export interface TestUser {
  orgId: string;
  userId: string;
  email: string;
  password: string;
}

/**
 * A new org with one member of `role`, straight into the database (hashed at the cheapest
 * cost, so tests stay fast). An email that already exists gets a membership in the new org.
 */
export async function createOrgWithUser(
  ctx: ServerContext,
  input: { role: Role; orgName?: string; email?: string },
): Promise<TestUser> {
  counter += 1;
  const now = ctx.now();
  const email = (input.email ?? `user-${process.pid}-${counter}@example.test`).toLowerCase();
  const password = `password-${counter}-long-enough`;
  const orgId = await createOrg(ctx.db, input.orgName ?? `Org ${counter}`, now);
  const existing = await findUserByEmail(ctx.db, email);
  const userId =
    existing?.id ??
    (await insertUser(
      ctx.db,
      {
        email,
        name: `User ${counter}`,
        passwordHash: await hashPassword(password, { cost: MIN_SCRYPT_COST }),
      },
      now,
    ));
  await addMembership(ctx.db, { orgId, userId, role: input.role }, now);
  return { orgId, userId, email, password };
}

/** Adds another member to an existing org, the same cheap way. */
export async function addUserToOrg(
  ctx: ServerContext,
  orgId: string,
  role: Role,
): Promise<TestUser> {
  counter += 1;
  const email = `user-${process.pid}-${counter}@example.test`;
  const password = `password-${counter}-long-enough`;
  const userId = await insertUser(
    ctx.db,
    {
      email,
      name: `User ${counter}`,
      passwordHash: await hashPassword(password, { cost: MIN_SCRYPT_COST }),
    },
    ctx.now(),
  );
  await addMembership(ctx.db, { orgId, userId, role }, ctx.now());
  return { orgId, userId, email, password };
}

export interface TestLogin {
  /** `dashfleet_session=...`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  me: Me;
  /** Cookie and X-CSRF-Token, for any request of this session. */
  headers(): Record<string, string>;
}

/** Signs in over real HTTP, as the fleet page does. */
export async function login(url: string, email: string, password: string): Promise<TestLogin> {
  const response = await fetch(`${url}${FLEET_API.login}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) {
    throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
  }
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('dashfleet_session='));
  if (!setCookie) throw new Error('login answered without a session cookie');
  const cookie = setCookie.split(';')[0] ?? '';
  const me = (await response.json()) as Me;
  return {
    cookie,
    csrfToken: me.csrfToken,
    me,
    headers: () => ({ cookie, 'x-csrf-token': me.csrfToken }),
  };
}

/** A live API key of `role` in `orgId`, as `Authorization: Bearer <key>` expects it. */
export async function createApiKey(ctx: ServerContext, orgId: string, role: Role): Promise<string> {
  const created = await mintApiKey(
    ctx.db,
    { orgId, name: `test ${role} key`, role, createdBy: null },
    ctx.now(),
  );
  return created.key;
}
