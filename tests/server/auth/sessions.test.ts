import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { sha256Hex } from '../../../server/auth/secrets.js';
import { createOrgWithUser, login } from '../helpers/test-auth.js';
import type { TestUser } from '../helpers/test-auth.js';
import { startClockedServer } from './clocked-server.js';
import type { ClockedServer } from './clocked-server.js';

const MINUTE = 60_000;

describe('sessions', () => {
  let server: ClockedServer;
  let user: TestUser;

  beforeEach(async () => {
    server = await startClockedServer({ sessionIdleMinutes: 30, sessionMaxDays: 1 });
    user = await createOrgWithUser(server.ctx, { role: 'admin', orgName: 'Acme' });
  });
  afterEach(async () => server.close());

  const me = (cookie?: string) =>
    server.app.inject({ method: 'GET', url: FLEET_API.me, headers: cookie ? { cookie } : {} });

  it('signs in, answers me, signs out', async () => {
    const session = await login(server.url, user.email, user.password);
    expect(session.me.user.email).toBe(user.email);
    expect(session.me.org.name).toBe('Acme');
    expect(session.me.role).toBe('admin');
    expect(session.me.orgs).toEqual([{ id: user.orgId, name: 'Acme', role: 'admin' }]);
    expect(session.csrfToken.length).toBeGreaterThan(20);

    const answer = await me(session.cookie);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().user.id).toBe(user.userId);

    const out = await server.app.inject({
      method: 'POST',
      url: FLEET_API.logout,
      headers: session.headers(),
    });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toMatch(/dashfleet_session=;/);
    // The cookie still held by the browser (or a thief) is refused: revoked server-side.
    expect((await me(session.cookie)).statusCode).toBe(401);
  });

  it('answers 401 E_UNAUTHENTICATED without a cookie or with a made-up one', async () => {
    const none = await me();
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('E_UNAUTHENTICATED');
    expect((await me('dashfleet_session=not-a-session')).statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    for (const body of [
      { email: user.email, password: 'wrong-password-123' },
      { email: 'nobody@example.test', password: 'wrong-password-123' },
    ]) {
      const answer = await server.app.inject({
        method: 'POST',
        url: FLEET_API.login,
        payload: body,
      });
      expect(answer.statusCode).toBe(401);
      expect(answer.json().error.code).toBe('E_LOGIN_FAILED');
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('stores only a hash of the session id', async () => {
    const session = await login(server.url, user.email, user.password);
    const token = session.cookie.split('=')[1] ?? '';
    const rows = await server.ctx.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('ends a session left idle past sessionIdleMinutes, and activity keeps it alive', async () => {
    const session = await login(server.url, user.email, user.password);
    server.advance(20 * MINUTE);
    expect((await me(session.cookie)).statusCode).toBe(200);
    server.advance(20 * MINUTE); // 40 min since sign-in, 20 since the last request
    expect((await me(session.cookie)).statusCode).toBe(200);
    server.advance(31 * MINUTE);
    expect((await me(session.cookie)).statusCode).toBe(401);
  });

  it('ends a session at sessionMaxDays however active it is', async () => {
    const session = await login(server.url, user.email, user.password);
    for (let elapsed = 0; elapsed < 24 * 60 - 20; elapsed += 20) {
      server.advance(20 * MINUTE);
      expect((await me(session.cookie)).statusCode).toBe(200);
    }
    server.advance(20 * MINUTE);
    expect((await me(session.cookie)).statusCode).toBe(401);
  });

  it('refreshes last_seen_at at most once a minute', async () => {
    const session = await login(server.url, user.email, user.password);
    const lastSeen = async () =>
      Number(
        (
          await server.ctx.db
            .selectFrom('sessions')
            .select('last_seen_at')
            .executeTakeFirstOrThrow()
        ).last_seen_at,
      );
    const first = await lastSeen();
    server.advance(30_000);
    await me(session.cookie);
    expect(await lastSeen()).toBe(first);
    server.advance(31_000);
    await me(session.cookie);
    expect(await lastSeen()).toBeGreaterThanOrEqual(first + 61_000);
  });
});
