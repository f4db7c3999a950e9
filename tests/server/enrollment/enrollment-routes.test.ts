import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type { CreatedEnrollmentToken, EnrollmentTokenInfo } from '../../../src/shared/fleet-api.js';
import { sha256Hex } from '../../../server/auth/secrets.js';
import { enroll, enrollRequest } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';

const DAY = 86_400_000;
let server: TestServer;
let clock: number;
let orgId: string;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
});
afterEach(async () => server.close());

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('enrolment token routes', () => {
  it('creates a token shown once, with the server URL, and stores only its hash', async () => {
    const admin = bearer(await createApiKey(server.ctx, orgId, 'admin'));
    const answer = await call('POST', FLEET_API.enrollmentTokens, admin, {
      note: 'Front desk',
      maxUses: 3,
      tags: ['front', 'floor 1'],
    });
    expect(answer.status).toBe(201);
    const created = answer.body as CreatedEnrollmentToken;
    expect(created).toMatchObject({
      note: 'Front desk',
      maxUses: 3,
      uses: 0,
      tags: ['front', 'floor 1'],
      state: 'active',
      revokedAt: null,
      createdAt: clock,
      expiresAt: clock + 7 * DAY,
      serverUrl: server.url,
    });
    expect(created.token).toMatch(/^dfe_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const rows = await server.ctx.db.selectFrom('enrollment_tokens').select('token_hash').execute();
    expect(rows).toEqual([{ token_hash: sha256Hex(created.token) }]);

    const list = await call('GET', FLEET_API.enrollmentTokens, admin);
    const tokens = (list.body as { tokens: Array<EnrollmentTokenInfo & { token?: string }> })
      .tokens;
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.token).toBeUndefined();
  });

  it('works with a session too (CSRF header given), and refuses viewers and operators', async () => {
    const owner = await createOrgWithUser(server.ctx, { role: 'admin' });
    const session = await login(server.url, owner.email, owner.password);
    expect((await call('POST', FLEET_API.enrollmentTokens, session.headers(), {})).status).toBe(
      201,
    );
    for (const role of ['viewer', 'operator'] as const) {
      const key = bearer(await createApiKey(server.ctx, orgId, role));
      for (const [method, path] of [
        ['GET', FLEET_API.enrollmentTokens],
        ['POST', FLEET_API.enrollmentTokens],
        ['DELETE', FLEET_API.enrollmentToken('x')],
      ] as const) {
        expect(await call(method, path, key, method === 'POST' ? {} : undefined)).toMatchObject({
          status: 403,
          body: { error: { code: 'E_FORBIDDEN' } },
        });
      }
    }
  });

  it('refuses bad expiry, uses, tags and unknown fields', async () => {
    const admin = bearer(await createApiKey(server.ctx, orgId, 'admin'));
    for (const body of [
      { expiresInSeconds: 366 * 86_400 },
      { expiresInSeconds: 0 },
      { maxUses: 0 },
      { tags: ['no/slashes'] },
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { surprise: true },
    ]) {
      expect(
        await call('POST', FLEET_API.enrollmentTokens, admin, body),
        JSON.stringify(body),
      ).toMatchObject({
        status: 400,
        body: { error: { code: 'E_BAD_REQUEST' } },
      });
    }
  });

  it('lists each state: active, expired, revoked, used up', async () => {
    const admin = bearer(await createApiKey(server.ctx, orgId, 'admin'));
    const create = async (body: object) =>
      (await call('POST', FLEET_API.enrollmentTokens, admin, body)).body as CreatedEnrollmentToken;
    const active = await create({ note: 'active' });
    clock += 1;
    const expiring = await create({ note: 'expired', expiresInSeconds: 3600 });
    clock += 1;
    const revoked = await create({ note: 'revoked' });
    clock += 1;
    const single = await create({ note: 'used-up', maxUses: 1 });
    expect((await call('DELETE', FLEET_API.enrollmentToken(revoked.id), admin)).status).toBe(204);
    expect((await enroll(server.url, enrollRequest(single.token))).status).toBe(200);
    clock += 2 * 3600 * 1000;

    const list = (await call('GET', FLEET_API.enrollmentTokens, admin)).body as {
      tokens: EnrollmentTokenInfo[];
    };
    expect(list.tokens.map((t) => [t.note, t.state])).toEqual([
      ['used-up', 'used-up'],
      ['revoked', 'revoked'],
      ['expired', 'expired'],
      ['active', 'active'],
    ]);
    expect(list.tokens.find((t) => t.id === active.id)?.uses).toBe(0);
    expect(expiring.state).toBe('active');
  });

  it('keeps orgs apart: another org token is 404 and absent from the list', async () => {
    const mine = bearer(await createApiKey(server.ctx, orgId, 'admin'));
    const created = (await call('POST', FLEET_API.enrollmentTokens, mine, {}))
      .body as CreatedEnrollmentToken;
    const other = await createOrgWithUser(server.ctx, { role: 'owner' });
    const theirs = bearer(await createApiKey(server.ctx, other.orgId, 'owner'));

    expect((await call('GET', FLEET_API.enrollmentTokens, theirs)).body).toEqual({ tokens: [] });
    expect(await call('DELETE', FLEET_API.enrollmentToken(created.id), theirs)).toMatchObject({
      status: 404,
      body: { error: { code: 'E_NOT_FOUND' } },
    });
    const row = await server.ctx.db
      .selectFrom('enrollment_tokens')
      .select('revoked_at')
      .executeTakeFirst();
    expect(row?.revoked_at).toBeNull();
  });

  it('answers 401 without credentials', async () => {
    expect(await call('GET', FLEET_API.enrollmentTokens, {})).toMatchObject({
      status: 401,
      body: { error: { code: 'E_UNAUTHENTICATED' } },
    });
  });
});
