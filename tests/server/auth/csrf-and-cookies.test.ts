import { afterEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import { startClockedServer } from './clocked-server.js';
import type { ClockedServer } from './clocked-server.js';

describe('session cookie and CSRF', () => {
  let server: ClockedServer | undefined;
  afterEach(async () => server?.close());

  async function sessionCookieOn(publicUrl: string): Promise<string> {
    server = await startClockedServer({ publicUrl });
    const user = await createOrgWithUser(server.ctx, { role: 'viewer' });
    const answer = await server.app.inject({
      method: 'POST',
      url: FLEET_API.login,
      payload: { email: user.email, password: user.password },
    });
    expect(answer.statusCode).toBe(200);
    const cookie = [answer.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('dashfleet_session='));
    return cookie ?? '';
  }

  it('is HttpOnly, SameSite=Strict, Path=/, not Secure on an http public URL', async () => {
    const cookie = await sessionCookieOn('http://localhost:8080');
    expect(cookie).toMatch(/^dashfleet_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('is Secure on an https public URL', async () => {
    const cookie = await sessionCookieOn('https://fleet.example.com');
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it('refuses a state-changing session request without the right X-CSRF-Token', async () => {
    server = await startClockedServer();
    const admin = await createOrgWithUser(server.ctx, { role: 'admin' });
    const session = await login(server.url, admin.email, admin.password);
    const create = (headers: Record<string, string>) =>
      server!.app.inject({
        method: 'POST',
        url: FLEET_API.apiKeys,
        headers,
        payload: { name: 'ci', role: 'viewer' },
      });

    const missing = await create({ cookie: session.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('E_CSRF');
    const wrong = await create({ cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('E_CSRF');
    // Logout is state-changing too: without the token the session survives.
    const logout = await server.app.inject({
      method: 'POST',
      url: FLEET_API.logout,
      headers: { cookie: session.cookie },
    });
    expect(logout.statusCode).toBe(403);

    expect((await create(session.headers())).statusCode).toBe(201);
    // Reading needs no token.
    const list = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: { cookie: session.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().keys).toHaveLength(1);
  });

  it('exempts API-key requests, which carry no ambient credential', async () => {
    server = await startClockedServer();
    const admin = await createOrgWithUser(server.ctx, { role: 'admin' });
    const key = await createApiKey(server.ctx, admin.orgId, 'admin');
    const answer = await server.app.inject({
      method: 'POST',
      url: FLEET_API.apiKeys,
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'from a key', role: 'operator' },
    });
    expect(answer.statusCode).toBe(201);
  });

  it('judges a request by its bearer alone when it sends one', async () => {
    server = await startClockedServer();
    const admin = await createOrgWithUser(server.ctx, { role: 'admin' });
    const session = await login(server.url, admin.email, admin.password);
    const answer = await server.app.inject({
      method: 'GET',
      url: FLEET_API.apiKeys,
      headers: { ...session.headers(), authorization: 'Bearer dfk_not-a-real-key' },
    });
    expect(answer.statusCode).toBe(401);
  });
});
