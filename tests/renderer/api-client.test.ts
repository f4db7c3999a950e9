import { describe, expect, it } from 'vitest';
import {
  createApiClient,
  exportUrl,
  historyUrl,
  type FetchLike,
} from '../../renderer/ui/api-client.js';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that records what it was asked and answers what the test says. */
function fakeFetch(answer: () => Promise<Response>): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      return answer();
    },
  };
}

const json = (body: unknown, status = 200): Promise<Response> =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );

describe('api client', () => {
  it('builds relative history and export URLs', () => {
    expect(
      historyUrl({
        metrics: ['cpu.usagePercent', 'disk.usedPercent:/home'],
        from: 1000,
        to: 2000.4,
        maxPoints: 60,
      }),
    ).toBe(
      'api/history?metrics=cpu.usagePercent%2Cdisk.usedPercent%3A%2Fhome&from=1000&to=2000&maxPoints=60',
    );
    expect(exportUrl({ format: 'csv', from: 1, to: 2 })).toBe('api/export?format=csv&from=1&to=2');
    expect(exportUrl({ format: 'jsonl', from: 1, to: 2, metrics: ['cpu.usagePercent'] })).toBe(
      'api/export?format=jsonl&from=1&to=2&metrics=cpu.usagePercent',
    );
  });

  it('answers the body as a value on success', async () => {
    const fake = fakeFetch(() => json({ language: 'fr', intervalSeconds: 5 }));
    const result = await createApiClient(fake.fetch).settings();
    expect(result).toEqual({ ok: true, value: { language: 'fr', intervalSeconds: 5 } });
    expect(fake.calls[0]?.url).toBe('api/settings');
  });

  it('sends settings changes as JSON with PUT', async () => {
    const fake = fakeFetch(() => json({ language: 'ru' }));
    await createApiClient(fake.fetch).saveSettings({ language: 'ru' });
    expect(fake.calls[0]?.url).toBe('api/settings');
    expect(fake.calls[0]?.init?.method).toBe('PUT');
    expect(fake.calls[0]?.init?.body).toBe('{"language":"ru"}');
  });

  it('posts pause and resume without a body', async () => {
    const fake = fakeFetch(() => json({}));
    const client = createApiClient(fake.fetch);
    await client.pause();
    await client.resume();
    expect(fake.calls.map((call) => [call.url, call.init?.method, call.init?.body])).toEqual([
      ['api/pause', 'POST', undefined],
      ['api/resume', 'POST', undefined],
    ]);
  });

  it('maps the agent’s error body to its code and message', async () => {
    const fake = fakeFetch(() =>
      json({ error: { code: 'E_NO_INVENTORY', message: 'No inventory yet' } }, 404),
    );
    expect(await createApiClient(fake.fetch).inventory()).toEqual({
      ok: false,
      error: { code: 'E_NO_INVENTORY', message: 'No inventory yet', status: 404 },
    });
  });

  it('maps an unreachable agent to E_NETWORK and a non-JSON answer to E_BAD_RESPONSE', async () => {
    const down = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await createApiClient(down.fetch).status()).toEqual({
      ok: false,
      error: { code: 'E_NETWORK', message: 'Failed to fetch', status: 0 },
    });
    const proxy = fakeFetch(() =>
      Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })),
    );
    const result = await createApiClient(proxy.fetch).status();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'E_BAD_RESPONSE', status: 502 });
  });
});
