import { describe, expect, it } from 'vitest';
import { createFleetClient, machineHistoryUrl } from '../../../renderer/fleet/fleet-client.js';
import { hasRole } from '../../../renderer/fleet/roles.js';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function client(answer: (call: Call) => Response, csrf: string | null = 'csrf-1') {
  const calls: Call[] = [];
  let unauthenticated = 0;
  const api = createFleetClient({
    fetch: (url, init) => {
      const call = { url, init };
      calls.push(call);
      return Promise.resolve(answer(call));
    },
    csrfToken: () => csrf,
    onUnauthenticated: () => (unauthenticated += 1),
  });
  return { api, calls, unauthenticated: () => unauthenticated };
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const header = (call: Call | undefined, name: string): string | undefined =>
  (call?.init?.headers as Record<string, string> | undefined)?.[name];

describe('fleet API client', () => {
  it('sends X-CSRF-Token on state-changing calls only', async () => {
    const { api, calls } = client(() => json({ tags: [] }));
    await api.machines();
    await api.setTags('m1', ['a']);
    expect(header(calls[0], 'x-csrf-token')).toBeUndefined();
    expect(calls[1]?.init?.method).toBe('PUT');
    expect(calls[1]?.url).toBe('/api/v1/machines/m1/tags');
    expect(header(calls[1], 'x-csrf-token')).toBe('csrf-1');
    expect(calls[1]?.init?.body).toBe('{"tags":["a"]}');
  });

  it('returns the server code as a value and treats 204 as success', async () => {
    const { api } = client(({ init }) =>
      init?.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json({ error: { code: 'E_EMAIL_TAKEN', message: 'taken' } }, 409),
    );
    expect(await api.removeMachine('m1')).toEqual({ ok: true, value: null });
    const created = await api.createUser({ email: 'a@b.c', role: 'viewer', password: 'x' });
    expect(created).toEqual({
      ok: false,
      error: { code: 'E_EMAIL_TAKEN', message: 'taken', status: 409 },
    });
  });

  it('reports a 401 for the session, but not from the login form itself', async () => {
    const unauthorized = (): Response =>
      json({ error: { code: 'E_UNAUTHENTICATED', message: 'no' } }, 401);
    const { api, unauthenticated } = client(unauthorized);
    await api.login({ email: 'a@b.c', password: 'wrong' });
    expect(unauthenticated()).toBe(0);
    const result = await api.machines();
    expect(result.ok).toBe(false);
    expect(unauthenticated()).toBe(1);
  });

  it('turns a network failure into E_NETWORK', async () => {
    const api = createFleetClient({
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      csrfToken: () => null,
      onUnauthenticated: () => undefined,
    });
    const result = await api.me();
    expect(!result.ok && result.error.code).toBe('E_NETWORK');
  });

  it('builds history URLs and compares roles', () => {
    expect(
      machineHistoryUrl('a b', {
        metrics: ['cpu.usagePercent', 'net.rxBytesPerSec'],
        from: 1.4,
        to: 9,
        maxPoints: 60,
      }),
    ).toBe(
      '/api/v1/machines/a%20b/history?metrics=cpu.usagePercent%2Cnet.rxBytesPerSec&from=1&to=9&maxPoints=60',
    );
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });
});
