import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { sha256Hex } from '../../../server/auth/secrets.js';
import { consumeSetupToken, ensureSetupLink } from '../../../server/setup/setup-tokens.js';
import { startClockedServer } from '../auth/clocked-server.js';
import type { ClockedServer } from '../auth/clocked-server.js';

const owner = {
  orgName: 'Acme',
  email: 'Boss@Acme.test',
  password: 'first-owner-pass',
  name: 'Boss',
};

describe('first run', () => {
  let server: ClockedServer;

  beforeEach(async () => {
    server = await startClockedServer({
      publicUrl: 'https://fleet.acme.test',
      setupTokenMinutes: 30,
    });
  });
  afterEach(async () => server.close());

  const state = async () =>
    (await server.app.inject({ method: 'GET', url: FLEET_API.setupState })).json()
      .isSetupNeeded as boolean;
  const setup = (setupToken: string, body: object = owner) =>
    server.app.inject({ method: 'POST', url: FLEET_API.setup, payload: { ...body, setupToken } });
  const tokenOf = (link: string | null) => new URL(link ?? 'http://x/').hash.replace('#token=', '');

  it('prints a link whose token creates the org and its owner once, and signs them in', async () => {
    expect(await state()).toBe(true);
    const link = await ensureSetupLink(server.ctx);
    expect(link).toMatch(/^https:\/\/fleet\.acme\.test\/setup#token=[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(link);
    const stored = await server.ctx.db.selectFrom('setup_tokens').selectAll().execute();
    expect(stored.map((row) => row.token_hash)).toEqual([sha256Hex(token)]);

    const answer = await setup(token);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      user: { email: 'boss@acme.test', name: 'Boss' },
      org: { name: 'Acme' },
      role: 'owner',
    });
    const cookie = [answer.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('dashfleet_session='));
    expect(cookie).toMatch(/HttpOnly/);
    const me = await server.app.inject({
      method: 'GET',
      url: FLEET_API.me,
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(me.statusCode).toBe(200);

    expect(await state()).toBe(false);
    const again = await setup(token, { ...owner, email: 'second@acme.test' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('E_SETUP_DONE');
    expect(await ensureSetupLink(server.ctx)).toBeNull();
  });

  it('refuses an unknown token, an expired one, and one superseded by a newer link', async () => {
    const unknown = await setup('not-the-token');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('E_SETUP_TOKEN_INVALID');

    const first = tokenOf(await ensureSetupLink(server.ctx));
    const second = tokenOf(await ensureSetupLink(server.ctx));
    expect((await setup(first)).statusCode).toBe(401);

    server.advance(31 * 60_000);
    const expired = await setup(second);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('E_SETUP_TOKEN_INVALID');
    expect(await state()).toBe(true);
  });

  it('uses a token once', async () => {
    const token = tokenOf(await ensureSetupLink(server.ctx));
    const now = server.ctx.now();
    expect(await consumeSetupToken(server.ctx.db, token, now)).toBe(true);
    expect(await consumeSetupToken(server.ctx.db, token, now)).toBe(false);
    expect((await setup(token)).json().error.code).toBe('E_SETUP_TOKEN_INVALID');
  });

  it('keeps the token usable after a weak password', async () => {
    const token = tokenOf(await ensureSetupLink(server.ctx));
    const weak = await setup(token, { ...owner, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('E_WEAK_PASSWORD');
    expect((await setup(token)).statusCode).toBe(200);
  });
});
