import { describe, expect, it } from 'vitest';
import { isSameSecret } from '../../../src/agent/local-api/guard.js';
import { SECRET, apiFixture, login } from './local-api-fixture.js';
import { httpGet, listen } from './http.js';

describe('local API guard', () => {
  const openApi = apiFixture();

  it('answers 401 E_LOCAL_UNAUTHORIZED to an API request without the cookie', async () => {
    const { app } = await openApi();
    const response = await app.inject({ url: '/api/status' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: {
        code: 'E_LOCAL_UNAUTHORIZED',
        message: expect.stringContaining('dashfleet-agent open'),
      },
    });
  });

  it('answers the page without the cookie with a small HTML 401 saying what to do', async () => {
    const { app } = await openApi();
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('dashfleet-agent open');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['fr-CA,fr;q=0.9,en;q=0.5', 'fr', 'Ouvrez le tableau de bord depuis son lien'],
    ['es-ES', 'es', 'Abra el panel desde su enlace'],
    ['ru', 'ru', 'Откройте панель по ссылке'],
    ['de-DE', 'en', 'Open the dashboard from its link'],
  ])('writes that 401 page in the reader’s language (%s)', async (acceptLanguage, lang, title) => {
    const { app } = await openApi();
    const response = await app.inject({ url: '/', headers: { 'accept-language': acceptLanguage } });
    expect(response.body).toContain(`<html lang="${lang}">`);
    expect(response.body).toContain(`<h1>${title}</h1>`);
    expect(response.body).toContain('<code>dashfleet-agent open</code>');
  });

  it('refuses a wrong secret with 401 and sets no cookie', async () => {
    const { app } = await openApi();
    for (const secret of ['wrong', `${SECRET}x`, SECRET.slice(0, -1), '']) {
      const response = await app.inject({ url: `/auth?secret=${encodeURIComponent(secret)}` });
      expect(response.statusCode, secret).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('exchanges the right secret for an HttpOnly SameSite=Strict cookie and a 302 to ./', async () => {
    const { app } = await openApi();
    const response = await app.inject({ url: `/auth?secret=${SECRET}` });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('./');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    // The cookie is a session token of its own: the secret never travels again.
    expect(setCookie).not.toContain(SECRET);
    const cookie = await login(app);
    expect((await app.inject({ url: '/api/status', headers: { cookie } })).statusCode).toBe(200);
  });

  it('refuses a forged cookie', async () => {
    const { app } = await openApi();
    const response = await app.inject({
      url: '/api/status',
      headers: { cookie: `dashfleet_session=${SECRET}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('over real HTTP: checks Host before anything else, then the cookie', async () => {
    const { app } = await openApi();
    const port = await listen(app);

    for (const host of [
      `evil.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`,
      'localhost',
    ]) {
      const forbidden = await httpGet(port, `/auth?secret=${SECRET}`, { host });
      expect(forbidden.status, host).toBe(403);
      expect(JSON.parse(forbidden.body).error.code).toBe('E_LOCAL_HOST_FORBIDDEN');
      expect(forbidden.headers['set-cookie']).toBeUndefined();
    }

    expect((await httpGet(port, '/api/status')).status).toBe(401);
    const auth = await httpGet(port, `/auth?secret=${SECRET}`, { host: `localhost:${port}` });
    expect(auth.status).toBe(302);
    const cookie = String(auth.headers['set-cookie']).split(';')[0] ?? '';
    const status = await httpGet(port, '/api/status', { cookie });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body).agent.version).toBe('1.2.3');
    expect(status.headers['access-control-allow-origin']).toBeUndefined();
    const evil = await httpGet(port, '/api/status', { cookie, host: `evil.example:${port}` });
    expect(evil.status).toBe(403);
  });

  it('with auth mode none (the desktop app) answers without cookie or Host check', async () => {
    const { app } = await openApi({ auth: { mode: 'none' } });
    const response = await app.inject({ url: '/api/status', headers: { host: 'app.local' } });
    expect(response.statusCode).toBe(200);
    expect((await app.inject({ url: `/auth?secret=${SECRET}` })).statusCode).toBe(404);
  });
});

describe('isSameSecret', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['ab', 'abc', false],
    ['', 'abc', false],
    ['abc\u0000', 'abc', false],
    ['é', 'e', false],
  ])('%j against %j → %s', (given, expected, same) => {
    expect(isSameSecret(given, expected)).toBe(same);
  });
});
