import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProtocolHandler } from '../../src/main/protocol-bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/window.js';

/** A small real Fastify app standing in for the local API: the bridge only needs `inject`. */
function buildApp(): { app: FastifyInstance; closed: { events: boolean } } {
  const app = Fastify();
  const closed = { events: false };
  app.get('/api/status', async (request) => ({ ok: true, query: request.query }));
  app.post('/api/echo', async (request, reply) => {
    reply.code(201).header('x-seen-content-type', request.headers['content-type'] ?? '');
    return { received: request.body };
  });
  app.post('/api/pause', async (_request, reply) => reply.code(204).send());
  app.get('/api/cookies', async (_request, reply) => {
    reply.header('set-cookie', ['a=1; HttpOnly', 'b=2; SameSite=Strict']);
    return 'two cookies';
  });
  app.get('/api/events', (request, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.write('event: status\ndata: 1\n\n');
    const timer = setInterval(() => reply.raw.write('event: status\ndata: 2\n\n'), 20);
    request.raw.on('close', () => {
      clearInterval(timer);
      closed.events = true;
    });
  });
  return { app, closed };
}

describe('createProtocolHandler', () => {
  let app: FastifyInstance;
  let closed: { events: boolean };
  let handle: (request: Request) => Promise<Response>;

  beforeEach(async () => {
    ({ app, closed } = buildApp());
    await app.ready();
    handle = createProtocolHandler(app);
  });
  afterEach(async () => {
    await app.close();
  });

  it('answers a GET with the route status, headers, body and the CSP', async () => {
    const response = await handle(new Request('dashfleet://app/api/status?range=1h'));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual({ ok: true, query: { range: '1h' } });
  });

  it('passes method, headers and body through', async () => {
    const response = await handle(
      new Request('dashfleet://app/api/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: 'fr' }),
      }),
    );

    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen-content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ received: { language: 'fr' } });
  });

  it('answers a body-less status without a body', async () => {
    const response = await handle(new Request('dashfleet://app/api/pause', { method: 'POST' }));

    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('keeps every set-cookie header', async () => {
    const response = await handle(new Request('dashfleet://app/api/cookies'));

    expect(response.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; SameSite=Strict']);
  });

  it('returns the route 404 for unknown paths', async () => {
    const response = await handle(new Request('dashfleet://app/api/nothing-here'));

    expect(response.status).toBe(404);
  });

  it('refuses other hosts of the scheme', async () => {
    const response = await handle(new Request('dashfleet://elsewhere/api/status'));

    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('streams server-sent events as they are written, and closes the route on abort', async () => {
    const abort = new AbortController();
    const response = await handle(
      new Request('dashfleet://app/api/events', { signal: abort.signal }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('data: 2')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain('data: 1');
    expect(text).toContain('data: 2');

    abort.abort();
    await reader.cancel().catch(() => undefined);
    await expect.poll(() => closed.events).toBe(true);
  });

  it('turns a failing app into a 502 instead of throwing', async () => {
    const broken = createProtocolHandler({
      inject: () => Promise.reject(new Error('boom')),
    });

    const response = await broken(new Request('dashfleet://app/api/status'));

    expect(response.status).toBe(502);
  });
});
