import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type { Role } from '../../../src/shared/fleet-api.js';
import { sha256Hex } from '../../../server/auth/secrets.js';
import { createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestUser } from '../helpers/test-auth.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

describe('API keys', () => {
  let server: TestServer;
  let owner: TestUser;

  beforeEach(async () => {
    server = await startTestServer();
    owner = await createOrgWithUser(server.ctx, { role: 'owner' });
  });
  afterEach(async () => server.close());

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const mint = (headers: Record<string, string>, role: Role, name = 'ci') =>
    server.app.inject({ method: 'POST', url: FLEET_API.apiKeys, headers, payload: { name, role } });

  it('shows the key once, stores only its hash, and the key works', async () => {
    const session = await login(server.url, owner.email, owner.password);
    const created = await mint(session.headers(), 'operator', 'deploy bot');
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.key).toMatch(/^dfk_[A-Za-z0-9_-]{43}$/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    expect(body).toMatchObject({
      name: 'deploy bot',
      role: 'operator',
      lastUsedAt: null,
      revokedAt: null,
    });

    const rows = await server.ctx.db.selectFrom('api_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_hash).toBe(sha256Hex(body.key));
    expect(JSON.stringify(rows)).not.toContain(body.key);
    expect(rows[0]?.created_by).toBe(owner.userId);

    const list = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: session.headers(),
    });
    expect(list.json().keys).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(body.key);
    expect(list.json().keys[0]).not.toHaveProperty('key');

    // An operator key reads what operators read, and is refused admin work.
    expect(
      (
        await server.app.inject({
          method: 'GET',
          url: FLEET_API.apiKeys,
          headers: bearer(body.key),
        })
      ).statusCode,
    ).toBe(403);
    const used = await server.ctx.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
  });

  it('refuses a revoked key', async () => {
    const key = await createApiKey(server.ctx, owner.orgId, 'admin');
    const other = await createApiKey(server.ctx, owner.orgId, 'admin');
    const list = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: bearer(other),
    });
    const target = (list.json().keys as Array<{ id: string; prefix: string }>).find((k) =>
      key.startsWith(k.prefix),
    );
    const revoke = await server.app.inject({
      method: 'DELETE',
      url: FLEET_API.apiKey(target?.id ?? ''),
      headers: bearer(other),
    });
    expect(revoke.statusCode).toBe(204);
    const refused = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: bearer(key),
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('E_UNAUTHENTICATED');
    const after = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: bearer(other),
    });
    expect(
      after.json().keys.find((k: { id: string }) => k.id === target?.id).revokedAt,
    ).not.toBeNull();
  });

  it('refuses keys to viewers and operators, and keys above your own role', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const key = await createApiKey(server.ctx, owner.orgId, role);
      expect((await mint(bearer(key), 'viewer')).statusCode).toBe(403);
      const list = await server.app.inject({
        method: 'GET',
        url: FLEET_API.apiKeys,
        headers: bearer(key),
      });
      expect(list.statusCode).toBe(403);
    }
    const admin = await createApiKey(server.ctx, owner.orgId, 'admin');
    expect((await mint(bearer(admin), 'admin')).statusCode).toBe(201);
    const above = await mint(bearer(admin), 'owner');
    expect(above.statusCode).toBe(403);
    expect(above.json().error.code).toBe('E_FORBIDDEN');
    const ownerKey = await createApiKey(server.ctx, owner.orgId, 'owner');
    expect((await mint(bearer(ownerKey), 'owner')).statusCode).toBe(201);
  });

  it('refuses malformed bearers without a 500', async () => {
    for (const authorization of [
      'Bearer',
      'Bearer ',
      'Basic abc',
      'Bearer dfk_',
      `Bearer dfk_${'a'.repeat(5000)}`,
    ]) {
      const answer = await server.app.inject({
        method: 'GET',
        url: FLEET_API.apiKeys,
        headers: { authorization },
      });
      expect(answer.statusCode).toBe(401);
    }
  });
});
