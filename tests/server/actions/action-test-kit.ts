import WebSocket from 'ws';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import type { ActionView, CreatedActions } from '../../../src/shared/actions-api.js';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { ActionUpdate, ServerFrame } from '../../../src/shared/protocol/index.js';

/** Speaks to the actions API and the agents' live channel over real HTTP and real sockets. */

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function call(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Left as text: the assertion shows it.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** POST FLEET_API.actions, expecting 201. */
export async function sendAction(
  url: string,
  key: string,
  request: Record<string, unknown>,
): Promise<CreatedActions> {
  const answer = await call(url, 'POST', FLEET_API.actions, bearer(key), request);
  if (answer.status !== 201) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body as CreatedActions;
}

export async function getAction(
  url: string,
  key: string,
  id: string,
): Promise<ActionView & { events: Array<{ status: string; stage: string | null }> }> {
  const answer = await call(url, 'GET', FLEET_API.action(id), bearer(key));
  if (answer.status !== 200) throw new Error(`read failed: ${JSON.stringify(answer.body)}`);
  return answer.body as ActionView & { events: Array<{ status: string; stage: string | null }> };
}

export const message = (machineIds: string[], title = 'Hello'): Record<string, unknown> => ({
  type: 'message',
  params: { title, body: 'Please save your work.', level: 'info' },
  target: { machineIds },
});

/** A real `ws` client on the channel, collecting frames; `next` waits for a matching one. */
export interface TestChannel {
  socket: WebSocket;
  frames: ServerFrame[];
  /** The size of each frame as it came over the wire, bytes (same order as `frames`). */
  frameBytes: number[];
  /** The first frame not yet taken that matches, waiting for it if needed. */
  next<T extends ServerFrame['type']>(type: T): Promise<Extract<ServerFrame, { type: T }>>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  sendUpdates(updates: ActionUpdate[]): void;
  close(): Promise<void>;
}

export async function openChannel(
  url: string,
  agentToken: string,
  options: WebSocket.ClientOptions = {},
): Promise<TestChannel> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${AGENT_API.channel}`, {
    headers: { authorization: `Bearer ${agentToken}` },
    ...options,
  });
  const frames: ServerFrame[] = [];
  const frameBytes: number[] = [];
  const taken = new Set<ServerFrame>();
  let notify: (() => void) | null = null;
  socket.on('message', (data) => {
    const text = data.toString();
    frameBytes.push(Buffer.byteLength(text));
    frames.push(JSON.parse(text) as ServerFrame);
    notify?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      notify?.();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    frames,
    frameBytes,
    async next(type) {
      for (;;) {
        const found = frames.find((f) => f.type === type && !taken.has(f));
        if (found) {
          taken.add(found);
          return found as never;
        }
        if (socket.readyState === WebSocket.CLOSED)
          throw new Error(`closed before a ${type} frame`);
        await new Promise<void>((resolve) => (notify = resolve));
      }
    },
    closed,
    sendUpdates(updates) {
      socket.send(JSON.stringify({ type: 'updates', protocolVersion: PROTOCOL_VERSION, updates }));
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close();
      await closed;
    },
  };
}

/** Tries to open the channel and reports how the server refused (status code) or that it opened. */
export async function tryChannel(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string } | 'open'> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${AGENT_API.channel}`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

export function update(
  actionId: string,
  seq: number,
  status: ActionUpdate['status'],
  extra: Partial<ActionUpdate> = {},
): ActionUpdate {
  return { seq, actionId, status, at: Date.now(), ...extra };
}
