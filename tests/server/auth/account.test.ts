import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { createApiKey, createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestUser } from '../helpers/test-auth.js';
import { startClockedServer } from './clocked-server.js';
import type { ClockedServer } from './clocked-server.js';

describe('org switching and password change', () => {
  let server: ClockedServer;
  let user: TestUser;

  beforeEach(async () => {
    server = await startClockedServer();
    user = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'First' });
  });
  afterEach(async () => server.close());

  it('switches the session among the orgs the user belongs to, and nowhere else', async () => {
    const second = await createOrgWithUser(server.ctx, {
      role: 'viewer',
      orgName: 'Second',
      email: user.email,
    });
    const stranger = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Elsewhere' });
    const session = await login(server.url, user.email, user.password);
    expect(session.me.org.name).toBe('First');
    expect(session.me.orgs.map((o) => o.name)).toEqual(['First', 'Second']);

    const switched = await server.app.inject({
      method: 'POST',
      url: FLEET_API.switchOrg,
      headers: session.headers(),
      payload: { orgId: second.orgId },
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ org: { name: 'Second' }, role: 'viewer' });
    // The role follows the org: a viewer there cannot list users.
    const users = await server.app.inject({
      method: 'GET',
      url: FLEET_API.users,
      headers: session.headers(),
    });
    expect(users.statusCode).toBe(403);

    const foreign = await server.app.inject({
      method: 'POST',
      url: FLEET_API.switchOrg,
      headers: session.headers(),
      payload: { orgId: stranger.orgId },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('E_NOT_FOUND');
  });

  it('changes the password, ends the other sessions, keeps this one', async () => {
    const here = await login(server.url, user.email, user.password);
    const elsewhere = await login(server.url, user.email, user.password);
    const change = (payload: object) =>
      server.app.inject({
        method: 'POST',
        url: FLEET_API.password,
        headers: here.headers(),
        payload,
      });

    const wrong = await change({
      currentPassword: 'not-the-password',
      newPassword: 'a-new-password-1',
    });
    expect(wrong.statusCode).toBe(401);
    const weak = await change({ currentPassword: user.password, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('E_WEAK_PASSWORD');

    expect(
      (await change({ currentPassword: user.password, newPassword: 'a-new-password-1' }))
        .statusCode,
    ).toBe(204);
    const meWith = (cookie: string) =>
      server.app.inject({ method: 'GET', url: FLEET_API.me, headers: { cookie } });
    expect((await meWith(here.cookie)).statusCode).toBe(200);
    expect((await meWith(elsewhere.cookie)).statusCode).toBe(401);
    await expect(login(server.url, user.email, user.password)).rejects.toThrow(/401/);
    await login(server.url, user.email, 'a-new-password-1');
  });

  it('answers 403 to an API key on user-only routes', async () => {
    const key = await createApiKey(server.ctx, user.orgId, 'owner');
    const me = await server.app.inject({
      method: 'GET',
      url: FLEET_API.me,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(me.statusCode).toBe(403);
  });

  it('limits sign-in attempts: 429 E_RATE_LIMITED with Retry-After', async () => {
    const attempt = () =>
      server.app.inject({
        method: 'POST',
        url: FLEET_API.login,
        payload: { email: user.email, password: 'wrong-password-here' },
      });
    for (let i = 0; i < 10; i += 1) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('E_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The right password is refused too while the limit holds.
    const right = await server.app.inject({
      method: 'POST',
      url: FLEET_API.login,
      payload: { email: user.email, password: user.password },
    });
    expect(right.statusCode).toBe(429);
  });

  it('limits attempts against one email even from many addresses', async () => {
    const attempt = (ip: string) =>
      server.app.inject({
        method: 'POST',
        url: FLEET_API.login,
        remoteAddress: ip,
        payload: { email: user.email.toUpperCase(), password: 'wrong-password-here' },
      });
    for (let i = 0; i < 10; i += 1) expect((await attempt(`10.0.0.${i + 1}`)).statusCode).toBe(401);
    const limited = await attempt('10.0.0.99');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses bodies over the length limits', async () => {
    const answer = await server.app.inject({
      method: 'POST',
      url: FLEET_API.login,
      payload: { email: user.email, password: 'x'.repeat(1025) },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('E_BAD_REQUEST');
    const longEmail = await server.app.inject({
      method: 'POST',
      url: FLEET_API.login,
      payload: { email: `${'a'.repeat(250)}@x.io`, password: 'whatever-long' },
    });
    expect(longEmail.statusCode).toBe(400);
  });
});
