import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import type { LinkLogger } from '../../../src/agent/link/clock.js';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Bytes as they came over the wire (compressed when content-encoding says gzip). */
  wireBytes: number;
  /** The JSON body, decompressed and parsed. */
  body: unknown;
}

export interface Answer {
  /** 0: never answer (the connection stays open until the client gives up). */
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** How the server answers a request; the default stores reports like the real one. */
export type Script = (request: SeenRequest, server: ScriptedServer) => Answer;

export interface ScriptedServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Seqs the server has stored, as the real server does: duplicates are no-ops. */
  stored: Set<number>;
  /** Answers to use, in order, before falling back to the default script. */
  next: Answer[];
  script: Script;
  /** Stops listening and drops every open connection (a server that went away). */
  close(): Promise<void>;
  /** Listens again on the same port. */
  reopen(): Promise<void>;
}

/**
 * A report receipt like the real server's: store seqs idempotently, answer the highest. Any
 * other path (the live channel, its HTTP fallback) is not found, as on a server of before them.
 */
export const storeReports: Script = (request, server) => {
  if (request.path.split('?')[0] !== '/api/v1/agent/reports') {
    return { status: 404, body: { error: { code: 'E_NOT_FOUND', message: 'not found' } } };
  }
  const body = request.body as { samples?: Array<{ seq: number }> };
  for (const { seq } of body.samples ?? []) server.stored.add(seq);
  return { status: 200, body: { protocolVersion: 1, ackedSeq: Math.max(0, ...server.stored) } };
};

/** A real HTTP server on 127.0.0.1, answering what the test scripts; closed after each test. */
export function scriptedServers(): () => Promise<ScriptedServer> {
  const open: ScriptedServer[] = [];
  afterEach(async () => {
    for (const server of open.splice(0)) await server.close();
  });
  return async () => {
    let http: Server | undefined;
    const state: ScriptedServer = {
      url: '',
      port: 0,
      requests: [],
      stored: new Set(),
      next: [],
      script: storeReports,
      close: async () => {
        if (!http) return;
        const closing = http;
        http = undefined;
        await new Promise((done) => {
          closing.close(done);
          closing.closeAllConnections();
        });
      },
      reopen: () => listen(state.port),
    };
    const listen = (port: number) =>
      new Promise<void>((resolve) => {
        http = createServer((req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (chunk: Buffer) => chunks.push(chunk));
          req.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = (
              req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
            ).toString('utf8');
            const seen: SeenRequest = {
              method: req.method ?? '',
              path: req.url ?? '',
              headers: req.headers,
              wireBytes: raw.length,
              body: text ? (JSON.parse(text) as unknown) : undefined,
            };
            state.requests.push(seen);
            const answer = state.next.shift() ?? state.script(seen, state);
            if (answer.status === 0) return;
            res.writeHead(answer.status, {
              'content-type': 'application/json',
              ...answer.headers,
            });
            res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
          });
        });
        http.listen({ host: '127.0.0.1', port }, () => {
          state.port = (http?.address() as AddressInfo).port;
          state.url = `http://127.0.0.1:${state.port}`;
          resolve();
        });
      });
    await listen(0);
    open.push(state);
    return state;
  };
}

/** A clock whose timers run only when the test says so. */
export function manualClock(start = 1_750_000_000_000) {
  const timers: Array<{ at: number; run: () => void; handle: number }> = [];
  let handles = 0;
  const clock = {
    time: start,
    now: () => clock.time,
    setTimeout(run: () => void, ms: number) {
      handles += 1;
      timers.push({ at: clock.time + ms, run, handle: handles });
      return handles;
    },
    clearTimeout(handle: unknown) {
      const index = timers.findIndex((timer) => timer.handle === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    /** Delays of the timers waiting, in ms from now, shortest first. */
    pending: () => timers.map((timer) => timer.at - clock.time).sort((a, b) => a - b),
    /** Moves time to the timer due `ms` from now and runs it. */
    fire(ms: number) {
      const index = timers.findIndex((timer) => timer.at - clock.time === ms);
      const timer = timers[index];
      if (!timer)
        throw new Error(`no timer due in ${ms} ms (waiting: ${clock.pending().join(', ')})`);
      timers.splice(index, 1);
      clock.time = timer.at;
      timer.run();
    },
    /** Moves time to the next timer and runs it. */
    fireNext() {
      timers.sort((a, b) => a.at - b.at);
      const timer = timers.shift();
      if (!timer) throw new Error('no timer is waiting');
      clock.time = timer.at;
      timer.run();
    },
  };
  return clock;
}

/** Log lines kept in memory, for assertions on what the link says. */
export function memoryLogger() {
  const lines: Array<{ level: string; msg: string; data?: unknown }> = [];
  const at =
    (level: string) =>
    (first: unknown, second?: unknown): void => {
      if (typeof first === 'string') lines.push({ level, msg: first });
      else lines.push({ level, msg: String(second), data: first });
    };
  return {
    lines,
    logger: {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    } as unknown as LinkLogger,
  };
}
