import type { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';

/** One request to the server. The body is sent as is; the caller sets its headers. */
export interface TransportRequest {
  /** POST unless said otherwise (the actions' long-poll GETs, an artifact's PUT). */
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
}

/** The server's answer, whatever its status; or why there was none. */
export type TransportResult =
  | { ok: true; status: number; headers: Record<string, string | undefined>; body: string }
  | { ok: false; error: { code: 'E_SERVER_UNREACHABLE' | 'E_TIMEOUT'; message: string } };

/** How the link talks to the server: node:http(s) here, a scripted fake nowhere (tests use real servers). */
export interface Transport {
  post(request: TransportRequest): Promise<TransportResult>;
  /** Ends kept-alive connections and any request in flight (its result is a failure). */
  close(): void;
}

type Send = typeof httpRequest;

/** Answers bigger than this are not the server's: no answer of protocol v1 comes near. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * POSTs over node:http or node:https rather than global fetch: fetch loads undici, several MB
 * of resident memory in an agent whose budget is 60 MB. node:https (and TLS with it) is loaded
 * only for an https server, on the first request.
 */
export function createHttpTransport(options: { keepAlive: boolean }): Transport {
  const agents = new Map<string, HttpAgent>();
  const inFlight = new Set<() => void>();

  async function agentFor(protocol: string): Promise<{ agent: HttpAgent; request: Send }> {
    const module = protocol === 'https:' ? await import('node:https') : await import('node:http');
    let agent = agents.get(protocol);
    if (!agent) {
      agent = new module.Agent({ keepAlive: options.keepAlive, maxSockets: 1 });
      agents.set(protocol, agent);
    }
    return { agent, request: module.request as Send };
  }

  return {
    async post(request) {
      const url = new URL(request.url);
      const { agent, request: send } = await agentFor(url.protocol);
      return new Promise<TransportResult>((resolve) => {
        let isDone = false;
        const finish = (result: TransportResult) => {
          if (isDone) return;
          isDone = true;
          clearTimeout(timer);
          inFlight.delete(abort);
          resolve(result);
        };
        const outgoing = send(url, {
          method: request.method ?? 'POST',
          agent,
          headers: { ...request.headers, 'content-length': String(request.body.length) },
        });
        const abort = () => {
          outgoing.destroy();
          finish({ ok: false, error: { code: 'E_SERVER_UNREACHABLE', message: 'stopped' } });
        };
        inFlight.add(abort);
        const timer = setTimeout(() => {
          outgoing.destroy();
          const seconds = Math.round(request.timeoutMs / 1000);
          finish({
            ok: false,
            error: { code: 'E_TIMEOUT', message: `no answer within ${seconds} s` },
          });
        }, request.timeoutMs);
        timer.unref();
        outgoing.on('error', (error: NodeJS.ErrnoException) =>
          finish({
            ok: false,
            error: { code: 'E_SERVER_UNREACHABLE', message: error.code ?? error.message },
          }),
        );
        outgoing.on('response', (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              response.destroy();
              finish({
                ok: false,
                error: { code: 'E_SERVER_UNREACHABLE', message: 'the answer is too large' },
              });
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', (error: Error) =>
            finish({ ok: false, error: { code: 'E_SERVER_UNREACHABLE', message: error.message } }),
          );
          response.on('end', () =>
            finish({
              ok: true,
              status: response.statusCode ?? 0,
              headers: flatHeaders(response),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        });
        outgoing.end(request.body);
      });
    },
    close() {
      for (const abort of [...inFlight]) abort();
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

function flatHeaders(response: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
