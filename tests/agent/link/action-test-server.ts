import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ActionLinkEngine } from '../../../src/agent/link/action-link.js';
import type { ActionUpdate } from '../../../src/shared/protocol/action-schemas.js';

/**
 * A small companion server speaking the actions contract (AGENT_API.channel, actions,
 * actionUpdates, actionArtifact) on 127.0.0.1, under a path prefix like a server behind a
 * reverse proxy. The test decides how upgrades are answered and what is queued.
 */

export const PREFIX = '/fleet';
export const TOKEN = 'agent-token-for-actions';

/** How the next upgrade is answered: accepted, or a plain HTTP status (a proxy, a 401). */
export type UpgradeAnswer = 'accept' | { status: number; body?: unknown };

export interface SeenHttp {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SeenConnection {
  socket: WebSocket;
  headers: IncomingHttpHeaders;
  /** Text frames the agent sent, parsed. */
  frames: unknown[];
  closeCode?: number;
}

export interface ActionServer {
  url: string;
  port: number;
  /** The agent token the server accepts (change it to revoke the agent's). */
  token: string;
  upgrades: UpgradeAnswer[];
  /** When the queue of `upgrades` is empty. */
  defaultUpgrade: UpgradeAnswer;
  /** Connections accepted, oldest first. */
  connections: SeenConnection[];
  /** Upgrade attempts, accepted or not. */
  upgradeAttempts: number;
  http: SeenHttp[];
  /** Updates received (frames and posts), in order. */
  updates: ActionUpdate[];
  /** Answer `stored` for updates as they come (the real server's behaviour). */
  isStoring: boolean;
  /**
   * As the real server: an action answered by a poll stays due (and is answered again, at
   * once) until an update about it is stored. Off: each queued action is answered once.
   */
  isRedelivering: boolean;
  /** Status of the next posts of updates (default 200; anything else answers an error). */
  updatesStatus: number;
  /** Posts of updates wait, unanswered, until the returned function is called (a slow server). */
  holdUpdates(): () => void;
  /** Posts of updates waiting for that. */
  heldPosts(): number;
  /** Long polls being held right now. */
  heldPolls(): number;
  /** For the long-poll: answered at the next poll (or to the one held). */
  queue(actions: unknown[], cancelled?: string[]): void;
  /** Status of the next artifact PUTs (default 204). */
  artifactStatus: number;
  send(connection: SeenConnection, frame: unknown): void;
  close(): Promise<void>;
}

/** A real action server per test, closed after it (after the links, see `cleanUp`). */
export function actionServers(): () => Promise<ActionServer> {
  const open: ActionServer[] = [];
  afterEach(async () => {
    for (const server of open.splice(0)) await server.close();
  });
  return async () => {
    const server = await startActionServer();
    open.push(server);
    return server;
  };
}

async function startActionServer(): Promise<ActionServer> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const held = new Set<{ res: ServerResponse; timer: NodeJS.Timeout }>();
  const sockets = new Set<Socket>();
  let queued: { actions: unknown[]; cancelled: string[] } = { actions: [], cancelled: [] };
  let updatesGate: Promise<void> | null = null;
  let postsHeld = 0;

  const state: ActionServer = {
    url: '',
    port: 0,
    token: TOKEN,
    upgrades: [],
    defaultUpgrade: 'accept',
    connections: [],
    upgradeAttempts: 0,
    http: [],
    updates: [],
    isStoring: true,
    isRedelivering: false,
    updatesStatus: 200,
    holdUpdates() {
      let release!: () => void;
      updatesGate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        updatesGate = null;
        release();
      };
    },
    heldPosts: () => postsHeld,
    heldPolls: () => held.size,
    artifactStatus: 204,
    queue(actions, cancelled = []) {
      queued = {
        actions: [...queued.actions, ...actions],
        cancelled: [...queued.cancelled, ...cancelled],
      };
      const [first] = held;
      if (first) answerPoll(first);
    },
    send(connection, frame) {
      connection.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    async close() {
      for (const poll of held) answerPoll(poll);
      for (const connection of state.connections) connection.socket.terminate();
      wss.close();
      await new Promise((done) => {
        http.close(done);
        http.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };

  const isAuthorized = (headers: IncomingHttpHeaders) =>
    headers.authorization === `Bearer ${state.token}`;
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const refusedToken = { error: { code: 'E_AGENT_TOKEN_INVALID', message: 'unknown token' } };

  function answerPoll(poll: { res: ServerResponse; timer: NodeJS.Timeout }): void {
    held.delete(poll);
    clearTimeout(poll.timer);
    const answer = queued;
    queued = { actions: state.isRedelivering ? answer.actions : [], cancelled: [] };
    json(poll.res, 200, { protocolVersion: 1, ...answer });
  }

  function storeUpdates(updates: ActionUpdate[]): number[] {
    state.updates.push(...updates);
    if (state.isRedelivering) {
      const acknowledged = new Set(updates.map((update) => update.actionId));
      queued.actions = queued.actions.filter(
        (action) => !acknowledged.has((action as { id?: string }).id ?? ''),
      );
    }
    return updates.map((update) => update.seq);
  }

  function postUpdates(res: ServerResponse, body: Buffer): void {
    if (state.updatesStatus !== 200) {
      return json(res, state.updatesStatus, {
        error: { code: 'E_UNAVAILABLE', message: 'try again later' },
      });
    }
    const { updates } = JSON.parse(body.toString('utf8')) as { updates: ActionUpdate[] };
    const stored = state.isStoring ? storeUpdates(updates) : [];
    json(res, 200, { protocolVersion: 1, stored });
  }

  function route(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    state.http.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
    });
    if (!url.pathname.startsWith(`${PREFIX}/api/v1/agent/`)) return json(res, 404);
    if (!isAuthorized(req.headers)) return json(res, 401, refusedToken);
    const path = url.pathname.slice(PREFIX.length);
    if (req.method === 'GET' && path === '/api/v1/agent/actions') {
      const wait = Number(url.searchParams.get('wait') ?? '0');
      const poll = { res, timer: setTimeout(() => answerPoll(poll), wait * 1000) };
      held.add(poll);
      if (wait === 0 || queued.actions.length > 0 || queued.cancelled.length > 0) answerPoll(poll);
      return;
    }
    if (req.method === 'POST' && path === '/api/v1/agent/actions/updates') {
      const gate = updatesGate;
      if (!gate) return postUpdates(res, body);
      postsHeld += 1;
      void gate.then(() => {
        postsHeld -= 1;
        postUpdates(res, body);
      });
      return;
    }
    const artifact = /^\/api\/v1\/agent\/actions\/([^/]+)\/artifact$/.exec(path);
    if (req.method === 'PUT' && artifact) {
      if (state.artifactStatus === 204) return void res.writeHead(204).end();
      return json(res, state.artifactStatus, {
        error: { code: 'E_ARTIFACT_TOO_LARGE', message: 'too large' },
      });
    }
    json(res, 404);
  }

  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    state.upgradeAttempts += 1;
    const answer = state.upgrades.shift() ?? state.defaultUpgrade;
    const refuse = (status: number, body?: unknown) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nconnection: close\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
    };
    if (req.url !== `${PREFIX}/api/v1/agent/channel`) return refuse(404);
    if (!isAuthorized(req.headers)) return refuse(401, refusedToken);
    if (answer !== 'accept') return refuse(answer.status, answer.body);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: SeenConnection = { socket: ws, headers: req.headers, frames: [] };
      state.connections.push(connection);
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type?: string; updates?: ActionUpdate[] };
        connection.frames.push(frame);
        if (frame.type === 'updates' && frame.updates && state.isStoring) {
          ws.send(
            JSON.stringify({
              type: 'stored',
              protocolVersion: 1,
              seqs: storeUpdates(frame.updates),
            }),
          );
        } else if (frame.type === 'updates' && frame.updates) {
          state.updates.push(...frame.updates);
        }
      });
      ws.on('close', (code) => (connection.closeCode = code));
    });
  });
  await new Promise<void>((resolve) => http.listen({ host: '127.0.0.1', port: 0 }, resolve));
  state.port = (http.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}${PREFIX}`;
  return state;
}

/** An engine that records what the link hands it and holds updates until they are confirmed. */
export function fakeEngine() {
  const listeners = new Set<() => void>();
  let seq = 0;
  const engine = {
    received: [] as unknown[][],
    cancelled: [] as string[][],
    confirmed: [] as number[][],
    waiting: [] as ActionUpdate[],
    /** Queues an update as the real engine does, and tells the link. */
    queueUpdate(actionId: string, status: ActionUpdate['status'] = 'delivered'): ActionUpdate {
      seq += 1;
      const update: ActionUpdate = { seq, actionId, status, at: 1_750_000_000_000 + seq };
      engine.waiting.push(update);
      for (const listener of listeners) listener();
      return update;
    },
    /** As the real engine: every action received, again or not, is acknowledged (`delivered`). */
    isAcknowledging: false,
    receive(actions: readonly unknown[]) {
      engine.received.push([...actions]);
      if (!engine.isAcknowledging) return;
      for (const action of actions) engine.queueUpdate((action as { id: string }).id);
    },
    cancel(ids: readonly string[]) {
      engine.cancelled.push([...ids]);
    },
    pendingUpdates: (limit: number) => engine.waiting.slice(0, limit),
    confirmUpdates(seqs: readonly number[]) {
      engine.confirmed.push([...seqs]);
      engine.waiting = engine.waiting.filter((update) => !seqs.includes(update.seq));
    },
    onUpdate(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
  return engine satisfies ActionLinkEngine & Record<string, unknown>;
}

/** The same clock the uploader's tests use, next to the other action-link fixtures. */
export { manualClock } from './scripted-server.js';

/** An action envelope as the server sends it. */
export function envelope(
  id: string,
  type = 'message',
  params: unknown = { title: 'Hi', body: '', level: 'info' },
) {
  return {
    id,
    type,
    params,
    createdAt: 1_750_000_000_000,
    expiresAt: 1_760_000_000_000,
    sentBy: 'IT',
  };
}
