import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type { Role } from '../../../src/shared/fleet-api.js';
import { addUserToOrg, createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

describe('users', () => {
  let server: TestServer;
  let orgId: string;
  /** One API key per role in the same org: the role is all that differs. */
  const keys = {} as Record<Role, string>;

  beforeEach(async () => {
    server = await startTestServer();
    ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Acme' }));
    for (const role of ['viewer', 'operator', 'admin', 'owner'] as const) {
      keys[role] = await createApiKey(server.ctx, orgId, role);
    }
  });
  afterEach(async () => server.close());

  const as = (role: Role) => ({ authorization: `Bearer ${keys[role]}` });
  const createUser = (role: Role, body: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url: FLEET_API.users, headers: as(role), payload: body });

  it('lets admins and owners list and create users; viewers and operators get 403', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const list = await server.app.inject({
        method: 'GET',
        url: FLEET_API.users,
        headers: as(role),
      });
      expect(list.statusCode).toBe(403);
      expect(list.json().error.code).toBe('E_FORBIDDEN');
      const create = await createUser(role, {
        email: `${role}@x.test`,
        role: 'viewer',
        password: 'long-enough-1',
      });
      expect(create.statusCode).toBe(403);
    }
    const created = await createUser('admin', {
      email: ' New.Person@Example.TEST ',
      name: 'New Person',
      role: 'operator',
      password: 'long-enough-1',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'new.person@example.test',
      name: 'New Person',
      role: 'operator',
    });
    expect(created.json()).not.toHaveProperty('password');
    expect(created.json()).not.toHaveProperty('passwordHash');

    const list = await server.app.inject({
      method: 'GET',
      url: FLEET_API.users,
      headers: as('admin'),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().users.map((u: { email: string }) => u.email)).toContain(
      'new.person@example.test',
    );
    // The new user can sign in with the password given.
    const session = await login(server.url, 'new.person@example.test', 'long-enough-1');
    expect(session.me.role).toBe('operator');
  });

  it('needs a sign-in at all: 401 without credentials', async () => {
    const answer = await server.app.inject({ method: 'GET', url: FLEET_API.users });
    expect(answer.statusCode).toBe(401);
    expect(answer.json().error.code).toBe('E_UNAUTHENTICATED');
  });

  it('never lets an admin create, promote to, demote or remove an owner', async () => {
    const mintOwner = await createUser('admin', {
      email: 'o@x.test',
      role: 'owner',
      password: 'long-enough-1',
    });
    expect(mintOwner.statusCode).toBe(403);
    const admin = await addUserToOrg(server.ctx, orgId, 'admin');
    const promote = await server.app.inject({
      method: 'PATCH',
      url: FLEET_API.user(admin.userId),
      headers: as('admin'),
      payload: { role: 'owner' },
    });
    expect(promote.statusCode).toBe(403);
    const owner = await addUserToOrg(server.ctx, orgId, 'owner');
    for (const method of ['PATCH', 'DELETE'] as const) {
      const answer = await server.app.inject({
        method,
        url: FLEET_API.user(owner.userId),
        headers: as('admin'),
        ...(method === 'PATCH' ? { payload: { role: 'viewer' } } : {}),
      });
      expect(answer.statusCode).toBe(403);
    }
    // An owner may do all of it.
    const byOwner = await createUser('owner', {
      email: 'o2@x.test',
      role: 'owner',
      password: 'long-enough-1',
    });
    expect(byOwner.statusCode).toBe(201);
  });

  it('lets an admin manage roles up to admin', async () => {
    const viewer = await addUserToOrg(server.ctx, orgId, 'viewer');
    const patch = await server.app.inject({
      method: 'PATCH',
      url: FLEET_API.user(viewer.userId),
      headers: as('admin'),
      payload: { role: 'admin' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().role).toBe('admin');
  });

  it('keeps at least one owner: 409 E_LAST_OWNER', async () => {
    const [only] = (
      await server.app.inject({ method: 'GET', url: FLEET_API.users, headers: as('owner') })
    ).json().users as Array<{ id: string }>;
    const demote = await server.app.inject({
      method: 'PATCH',
      url: FLEET_API.user(only?.id ?? ''),
      headers: as('owner'),
      payload: { role: 'admin' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('E_LAST_OWNER');
    const remove = await server.app.inject({
      method: 'DELETE',
      url: FLEET_API.user(only?.id ?? ''),
      headers: as('owner'),
    });
    expect(remove.statusCode).toBe(409);
    // With a second owner, the first may step down.
    await addUserToOrg(server.ctx, orgId, 'owner');
    const again = await server.app.inject({
      method: 'PATCH',
      url: FLEET_API.user(only?.id ?? ''),
      headers: as('owner'),
      payload: { role: 'admin' },
    });
    expect(again.statusCode).toBe(200);
  });

  it('answers 409 E_EMAIL_TAKEN for someone already in this org, and 400 for a weak password', async () => {
    const member = await addUserToOrg(server.ctx, orgId, 'viewer');
    const taken = await createUser('admin', {
      email: member.email,
      role: 'viewer',
      password: 'long-enough-1',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('E_EMAIL_TAKEN');
    const weak = await createUser('admin', {
      email: 'weak@x.test',
      role: 'viewer',
      password: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('E_WEAK_PASSWORD');
    const unknownField = await createUser('admin', {
      email: 'a@x.test',
      role: 'viewer',
      password: 'long-enough-1',
      isAdmin: true,
    });
    expect(unknownField.statusCode).toBe(400);
  });

  it('adds a user of another org as a member without touching their password', async () => {
    const other = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Other' });
    const added = await createUser('admin', {
      email: other.email,
      name: 'Ignored',
      role: 'viewer',
      password: 'attacker-chosen-1',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ id: other.userId, role: 'viewer' });
    expect(JSON.stringify(added.json())).not.toContain('Other');
    await expect(login(server.url, other.email, 'attacker-chosen-1')).rejects.toThrow(/401/);
    const session = await login(server.url, other.email, other.password);
    expect(session.me.orgs.map((o) => o.name).sort()).toEqual(['Acme', 'Other']);
  });

  it('removing a user ends their sessions in this org', async () => {
    const member = await addUserToOrg(server.ctx, orgId, 'operator');
    const session = await login(server.url, member.email, member.password);
    const removed = await server.app.inject({
      method: 'DELETE',
      url: FLEET_API.user(member.userId),
      headers: as('admin'),
    });
    expect(removed.statusCode).toBe(204);
    const me = await server.app.inject({
      method: 'GET',
      url: FLEET_API.me,
      headers: session.headers(),
    });
    expect(me.statusCode).toBe(401);
    const list = await server.app.inject({
      method: 'GET',
      url: FLEET_API.users,
      headers: as('admin'),
    });
    expect(list.json().users.map((u: { id: string }) => u.id)).not.toContain(member.userId);
  });

  it('a role change applies to the next request of a live session', async () => {
    const member = await addUserToOrg(server.ctx, orgId, 'admin');
    const session = await login(server.url, member.email, member.password);
    const listWith = () =>
      server.app.inject({ method: 'GET', url: FLEET_API.users, headers: session.headers() });
    expect((await listWith()).statusCode).toBe(200);
    await server.app.inject({
      method: 'PATCH',
      url: FLEET_API.user(member.userId),
      headers: as('owner'),
      payload: { role: 'viewer' },
    });
    expect((await listWith()).statusCode).toBe(403);
  });
});
