import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestLogin, TestUser } from '../helpers/test-auth.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

/**
 * Org B's owner, by session and by API key, against every user and key route that names
 * one of org A's objects: 404 every time, and lists that never show A.
 */
describe('two orgs', () => {
  let server: TestServer;
  let a: TestUser;
  let b: TestUser;
  let aKeyId: string;
  let bSession: TestLogin;
  let bKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    a = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Org A' });
    b = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Org B' });
    const aKey = await createApiKey(server.ctx, a.orgId, 'owner');
    const aKeys = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: { authorization: `Bearer ${aKey}` },
    });
    aKeyId = aKeys.json().keys[0].id;
    bSession = await login(server.url, b.email, b.password);
    bKey = await createApiKey(server.ctx, b.orgId, 'owner');
  });
  afterAll(async () => server.close());

  const credentials = () => ({
    session: bSession.headers(),
    'api key': { authorization: `Bearer ${bKey}` },
  });

  it("answers 404 E_NOT_FOUND for A's users and keys", async () => {
    for (const [kind, headers] of Object.entries(credentials())) {
      const attempts = [
        { method: 'PATCH' as const, url: FLEET_API.user(a.userId), payload: { role: 'viewer' } },
        { method: 'DELETE' as const, url: FLEET_API.user(a.userId) },
        { method: 'DELETE' as const, url: FLEET_API.apiKey(aKeyId) },
      ];
      for (const attempt of attempts) {
        const answer = await server.app.inject({ ...attempt, headers });
        expect(answer.statusCode, `${kind} ${attempt.method} ${attempt.url}`).toBe(404);
        expect(answer.json().error.code).toBe('E_NOT_FOUND');
      }
    }
    // Nothing changed in A.
    const aSession = await login(server.url, a.email, a.password);
    expect(aSession.me.role).toBe('owner');
    const aKeys = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: aSession.headers(),
    });
    expect(aKeys.json().keys[0].revokedAt).toBeNull();
  });

  it("never lists A's users or keys", async () => {
    for (const headers of Object.values(credentials())) {
      const users = await server.app.inject({ method: 'GET', url: FLEET_API.users, headers });
      expect(users.statusCode).toBe(200);
      const ids = users.json().users.map((u: { id: string }) => u.id);
      expect(ids).toContain(b.userId);
      expect(ids).not.toContain(a.userId);
      expect(JSON.stringify(users.json())).not.toContain(a.email);

      const keys = await server.app.inject({ method: 'GET', url: FLEET_API.apiKeys, headers });
      expect(keys.json().keys.map((k: { id: string }) => k.id)).not.toContain(aKeyId);
    }
  });

  it('cannot switch into A, and me shows only B', async () => {
    const answer = await server.app.inject({
      method: 'POST',
      url: FLEET_API.switchOrg,
      headers: bSession.headers(),
      payload: { orgId: a.orgId },
    });
    expect(answer.statusCode).toBe(404);
    const me = await server.app.inject({
      method: 'GET',
      url: FLEET_API.me,
      headers: bSession.headers(),
    });
    expect(me.json().orgs).toEqual([{ id: b.orgId, name: 'Org B', role: 'owner' }]);
  });

  it("creates B's own keys and users in B only", async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: FLEET_API.users,
      headers: { authorization: `Bearer ${bKey}` },
      payload: { email: 'only-b@example.test', role: 'viewer', password: 'long-enough-1' },
    });
    expect(created.statusCode).toBe(201);
    const aSession = await login(server.url, a.email, a.password);
    const aUsers = await server.app.inject({
      method: 'GET',
      url: FLEET_API.users,
      headers: aSession.headers(),
    });
    expect(JSON.stringify(aUsers.json())).not.toContain('only-b@example.test');
  });
});
