import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/http/api-error.js';
import type { TestApp } from './build-test-app.js';
import { buildTestApp } from './build-test-app.js';

const Body = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    count: Type.Integer({ minimum: 0 }),
    level: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warn')])),
    nested: Type.Optional(Type.Object({ flag: Type.Boolean() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  const { app } = t;
  app.post(
    '/test/echo',
    { schema: { body: Body }, bodyLimit: 200 },
    async (request) => request.body,
  );
  app.get(
    '/test/items/:id',
    {
      schema: {
        params: Type.Object({ id: Type.Integer() }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ maximum: 100 })) }),
      },
    },
    async (request) => ({ params: request.params, query: request.query }),
  );
  app.get('/test/boom', async () => {
    throw new Error('cannot open /var/secret/db: permission denied');
  });
  app.get('/test/refuse', async () => {
    throw new ApiError('E_RATE_LIMITED', 'slow down', { 'Retry-After': '30' });
  });
  app.post('/test/log', async (request) => {
    request.log.info({ body: request.body, headers: request.headers }, 'logged a request');
    return {};
  });
  app.get(
    '/test/limited',
    { config: { rateLimit: { max: 1, timeWindow: 60_000 } } },
    async () => ({}),
  );
  app.get('/test/unlimited', async () => ({}));
});
afterAll(async () => t.close());

function post(payload: string, contentType = 'application/json') {
  return t.app.inject({
    method: 'POST',
    url: '/test/echo',
    payload,
    headers: { 'content-type': contentType },
  });
}

describe('error handler', () => {
  it('passes a valid body through unchanged', async () => {
    const response = await post(JSON.stringify({ name: 'a', count: 2, nested: { flag: true } }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'a', count: 2, nested: { flag: true } });
  });

  it.each([
    ['{"name": "a",', 400, 'E_MALFORMED_JSON', /not valid JSON/],
    ['{"name":"a","count":1,"extra":true}', 400, 'E_BAD_REQUEST', /^unknown field "body.extra"$/],
    [
      '{"name":"a","count":1,"nested":{"flag":true,"x":1}}',
      400,
      'E_BAD_REQUEST',
      /"body.nested.x"/,
    ],
    ['{"name":"a","count":"5"}', 400, 'E_BAD_REQUEST', /^body.count must be integer$/],
    ['{"name":"a","count":true}', 400, 'E_BAD_REQUEST', /^body.count must be integer$/],
    ['{"name":"a"}', 400, 'E_BAD_REQUEST', /^body.count is required$/],
    [
      '{"name":"a","count":1,"level":"loud"}',
      400,
      'E_BAD_REQUEST',
      /^body.level must be one of "info", "warn"$/,
    ],
    ['[]', 400, 'E_BAD_REQUEST', /^body must be object$/],
    [JSON.stringify({ name: 'x'.repeat(300), count: 1 }), 413, 'E_BODY_TOO_LARGE', /larger/],
  ])('%s → %i %s', async (payload, status, code, message) => {
    const response = await post(payload);
    expect(response.statusCode).toBe(status);
    const body = response.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it('refuses an empty JSON body as malformed', async () => {
    const response = await post('');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'E_MALFORMED_JSON' } });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'refuses %s with 415',
    async (contentType) => {
      const response = await post('name=a', contentType);
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ error: { code: 'E_UNSUPPORTED_MEDIA_TYPE' } });
    },
  );

  it('converts params and querystrings to their types, and names the bad one', async () => {
    const ok = await t.app.inject({ url: '/test/items/42?limit=5' });
    expect(ok.json()).toEqual({ params: { id: 42 }, query: { limit: 5 } });
    const badQuery = await t.app.inject({ url: '/test/items/42?limit=500' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json()).toEqual({
      error: { code: 'E_BAD_REQUEST', message: 'querystring.limit must be <= 100' },
    });
    const badParam = await t.app.inject({ url: '/test/items/abc' });
    expect(badParam.json()).toMatchObject({ error: { message: 'params.id must be integer' } });
  });

  it('answers an unknown route with 404 E_NOT_FOUND', async () => {
    const response = await t.app.inject({ url: '/api/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    const body = response.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('E_NOT_FOUND');
    expect(body.error.message).toContain('GET /api/v1/nothing-here');
    expect(body.error.message).not.toContain('x=1');
  });

  it('answers a bug with 500 E_INTERNAL, logs its stack and tells the client nothing', async () => {
    const response = await t.app.inject({ url: '/test/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'E_INTERNAL', message: 'Unexpected server error.' },
    });
    expect(response.body).not.toContain('secret');
    const logged = t.logs.find((line) => line['msg'] === 'request failed: unexpected error');
    const err = logged?.['err'] as { message: string; stack: string } | undefined;
    expect(err?.message).toContain('/var/secret/db');
    expect(err?.stack).toContain('error-handler.test.ts');
  });

  it('answers an ApiError with its status, code and headers', async () => {
    const response = await t.app.inject({ url: '/test/refuse' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.json()).toEqual({ error: { code: 'E_RATE_LIMITED', message: 'slow down' } });
  });

  it('rate-limits only the routes that opt in, with Retry-After', async () => {
    const first = await t.app.inject({ url: '/test/limited' });
    expect(first.statusCode).toBe(200);
    const second = await t.app.inject({ url: '/test/limited' });
    expect(second.statusCode).toBe(429);
    expect(second.json()).toMatchObject({ error: { code: 'E_RATE_LIMITED' } });
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      expect((await t.app.inject({ url: '/test/unlimited' })).statusCode).toBe(200);
    }
  });

  it('never writes secrets to the log', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/test/log',
      headers: { authorization: 'Bearer sk-very-secret', cookie: 'dashfleet_session=abc123' },
      payload: { password: 'hunter2-hunter2', agentToken: 'dfa_secret', note: 'visible' },
    });
    const line = t.logs.find((l) => l['msg'] === 'logged a request');
    const text = JSON.stringify(line);
    expect(text).toContain('visible');
    for (const secret of ['sk-very-secret', 'abc123', 'hunter2-hunter2', 'dfa_secret']) {
      expect(text).not.toContain(secret);
    }
  });
});
