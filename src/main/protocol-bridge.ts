import { Readable } from 'node:stream';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { APP_HOST, CONTENT_SECURITY_POLICY } from './window.js';

/** What the bridge needs of the local API: a Fastify app's `inject`, no socket involved. */
export interface InjectableApp {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Statuses whose responses carry no body (the Fetch Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Headers that describe one HTTP/1.1 connection, meaningless once the response is a Response. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'content-length',
]);

/**
 * Serves `dashfleet://app/...` from the local API in-process, for `protocol.handle`: the
 * request goes through Fastify's `inject` (routes, hooks and validation exactly as over HTTP,
 * but no port is opened) and comes back as a streamed Response, so server-sent events flow as
 * they are written. Every response carries the dashboard's Content-Security-Policy.
 */
export function createProtocolHandler(app: InjectableApp): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || url.username !== '' || url.password !== '') {
      return textResponse(404, 'Not found');
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
    let reply: LightMyRequestResponse;
    try {
      reply = await app.inject({
        method: request.method as InjectOptions['method'],
        url: `${url.pathname}${url.search}`,
        headers: { ...headerRecord(request.headers), host: APP_HOST },
        ...(hasBody ? { payload: Buffer.from(await request.arrayBuffer()) } : {}),
        payloadAsStream: true,
        signal: request.signal,
      });
    } catch {
      // A broken route is the local API's to report; the page only learns that it failed.
      return textResponse(502, 'The DashFleet agent did not answer');
    }
    const headers = toHeaders(reply.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    const body =
      NULL_BODY_STATUSES.has(reply.statusCode) || request.method === 'HEAD'
        ? null
        : (Readable.toWeb(reply.stream()) as ReadableStream<Uint8Array>);
    return new Response(body, { status: reply.statusCode, headers });
  };
}

/** Node's header record (numbers, arrays for set-cookie) as Fetch headers. */
export function toHeaders(source: LightMyRequestResponse['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  return headers;
}

function headerRecord(source: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  source.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    },
  });
}
