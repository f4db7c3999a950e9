import { describe, expect, it } from 'vitest';
import { apiFixture, login } from './local-api-fixture.js';

describe('local API on hostile input', () => {
  const openApi = apiFixture();

  it('answers every odd request without a 500, errors as ErrorBody, and keeps serving', async () => {
    const { app } = await openApi();
    const cookie = await login(app);
    const requests = [
      { url: '/api/history?metrics=%E0%A4%A' },
      { url: `/api/history?metrics=${'a,'.repeat(3000)}` },
      { url: '/api/history?metrics=cpu.usagePercent&from=1e400' },
      { url: '/api/history?metrics=cpu.usagePercent&maxPoints[]=3' },
      { url: '/api/export?from=99999999999999999999' },
      { url: '/auth?secret=a&secret=b' },
      { url: `/auth?secret=${'x'.repeat(5000)}` },
      { url: '/../../etc/passwd' },
      { url: '/api/status', headers: { cookie: 'dashfleet_session=%%%; ===' } },
      { method: 'PUT' as const, url: '/api/settings', payload: 'x'.repeat(100_000) },
      {
        method: 'PUT' as const,
        url: '/api/settings',
        payload: '{"__proto__": {"intervalSeconds": 1}}',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'PUT' as const,
        url: '/api/settings',
        payload: 'language=fr',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    ];
    for (const request of requests) {
      const response = await app.inject({
        ...request,
        headers: { cookie, ...request.headers },
      });
      expect(response.statusCode, request.url).toBeLessThan(500);
      if (
        response.statusCode >= 400 &&
        response.headers['content-type']?.toString().startsWith('application/json')
      ) {
        expect(response.json().error.code, request.url).toMatch(/^E_/);
      }
    }
    expect((await app.inject({ url: '/api/status', headers: { cookie } })).statusCode).toBe(200);
  });
});
