import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../../../src/agent/collect/create-collector.js';
import { loadConfig } from '../../../src/agent/config/load-config.js';
import { createAgent } from '../../../src/agent/create-agent.js';
import { createActionsSlot } from '../../../src/agent/local-api/actions-slot.js';
import type { ActionsSlot } from '../../../src/agent/local-api/actions-slot.js';
import { buildLocalApi } from '../../../src/agent/local-api/build-local-api.js';
import { createFileSettings } from '../../../src/agent/local-api/file-settings.js';
import type { ActionsView } from '../../../src/agent/local-api/types.js';
import { createLogger } from '../../../src/agent/logger.js';
import { openStore } from '../../../src/agent/store/open-store.js';
import type {
  ActionsState,
  InboxMessage,
  LocalAction,
  PendingRestart,
} from '../../../src/shared/local-api.js';
import { LOCAL_API } from '../../../src/shared/local-api.js';
import { tempDataDir } from '../../helpers/agent-process.js';
import { httpGet, listen } from './http.js';
import { SECRET } from './local-api-fixture.js';

const T0 = 1_750_000_000_000;

/** An engine's dashboard side with a message or two and a restart pending; records what it is asked. */
function fakeActions() {
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  const inbox: InboxMessage[] = [
    {
      id: 'm1',
      title: 'Patch day',
      body: 'Tonight',
      level: 'info',
      sentBy: 'IT',
      receivedAt: T0,
      readAt: null,
    },
    {
      id: 'm2',
      title: 'Old',
      body: '',
      level: 'warning',
      sentBy: 'IT',
      receivedAt: T0 - 1,
      readAt: T0,
    },
  ];
  let restart: PendingRestart | null = {
    id: 'r1',
    reason: 'updates',
    sentBy: 'IT',
    rebootAt: T0 + 300_000,
    snoozesUsed: 0,
    snoozesAllowed: 1,
    snoozeSeconds: 600,
  };
  const history: LocalAction[] = [
    {
      id: 'm1',
      type: 'message',
      sentBy: 'IT',
      receivedAt: T0,
      state: 'succeeded',
      stage: 'shown',
      finishedAt: T0,
      error: null,
    },
  ];
  const fake = {
    historyLimits: [] as number[],
    listenerCount: () => listeners.size,
    inbox: () => inbox.map((message) => ({ ...message })),
    unreadCount: () => inbox.filter((message) => message.readAt === null).length,
    markRead(id: string) {
      const message = inbox.find((candidate) => candidate.id === id);
      if (!message) return false;
      message.readAt = T0 + 1;
      changed();
      return true;
    },
    history(limit: number) {
      fake.historyLimits.push(limit);
      return history.slice(0, limit);
    },
    pendingRestart: () => restart,
    snooze(id: string) {
      if (!restart || restart.id !== id) {
        return {
          ok: false as const,
          error: { code: 'E_NO_RESTART' as const, message: `no restart ${id}` },
        };
      }
      if (restart.snoozesUsed >= restart.snoozesAllowed) {
        return {
          ok: false as const,
          error: { code: 'E_SNOOZE_NOT_ALLOWED' as const, message: 'no snooze left' },
        };
      }
      restart = {
        ...restart,
        snoozesUsed: restart.snoozesUsed + 1,
        rebootAt: restart.rebootAt + 600_000,
      };
      changed();
      return { ok: true as const, value: restart };
    },
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return fake satisfies ActionsView;
}

interface Fixture {
  app: FastifyInstance;
  port: number;
  cookie: string;
  get(path: string): Promise<{ status: number; json: unknown }>;
  post(path: string): Promise<{ status: number; json: unknown }>;
}

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** A real agent and store behind a real app listening on 127.0.0.1; signed in. */
async function serve(actions?: ActionsSlot): Promise<Fixture> {
  const dataDir = tempDataDir();
  const config = loadConfig(dataDir);
  if (!config.ok) throw new Error(config.error);
  const store = openStore({ path: join(dataDir, 'agent.db') });
  const logger = createLogger('silent');
  const collector = createCollector({ dataDir, agentVersion: 'test' });
  const agent = createAgent({ config: config.value, collector, store, logger });
  const app = await buildLocalApi({
    store,
    agent,
    cycles: agent,
    settings: createFileSettings({ dataDir, agent }),
    version: '1.2.3',
    startedAt: T0,
    auth: { mode: 'secret', secret: SECRET },
    logger,
    ...(actions ? { actions } : {}),
  });
  closing.push(async () => {
    await app.close();
    await agent.stop();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = await listen(app);
  const login = await httpGet(port, `/auth?secret=${SECRET}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  const call = (method: string) => (path: string) =>
    send(port, method, `/${path}`, { cookie }).then((answer) => ({
      status: answer.status,
      json: JSON.parse(answer.body) as unknown,
    }));
  return { app, port, cookie, get: call('GET'), post: call('POST') };
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const EMPTY: ActionsState = { inbox: [], unread: 0, pendingRestart: null, history: [] };

describe('local API: actions', () => {
  it('answers an empty state while the agent has no action engine (not enrolled)', async () => {
    for (const fixture of [await serve(), await serve(createActionsSlot())]) {
      expect(await fixture.get(LOCAL_API.actions)).toEqual({ status: 200, json: EMPTY });
      expect(await fixture.post(LOCAL_API.messageRead('m1'))).toMatchObject({
        status: 404,
        json: { error: { code: 'E_NOT_FOUND' } },
      });
      expect(await fixture.post(LOCAL_API.restartSnooze('r1'))).toMatchObject({
        status: 404,
        json: { error: { code: 'E_NO_RESTART' } },
      });
    }
  });

  it("answers the engine's inbox, unread count, pending restart and history", async () => {
    const slot = createActionsSlot();
    const engine = fakeActions();
    slot.set(engine);
    const { get } = await serve(slot);

    const { status, json } = await get(LOCAL_API.actions);

    expect(status).toBe(200);
    expect(json).toEqual({
      inbox: engine.inbox(),
      unread: 1,
      pendingRestart: engine.pendingRestart(),
      history: engine.history(100),
    });
    expect(engine.historyLimits[0]).toBe(100);
  });

  it('marks a message read and answers the new state; an unknown id is 404, a malformed one 400', async () => {
    const slot = createActionsSlot();
    slot.set(fakeActions());
    const { post } = await serve(slot);

    const read = await post(LOCAL_API.messageRead('m1'));
    expect(read.status).toBe(200);
    expect((read.json as ActionsState).unread).toBe(0);
    expect((read.json as ActionsState).inbox[0]?.readAt).toBe(T0 + 1);

    expect(await post(LOCAL_API.messageRead('nope'))).toMatchObject({
      status: 404,
      json: { error: { code: 'E_NOT_FOUND', message: expect.stringContaining('nope') } },
    });
    expect(await post(LOCAL_API.messageRead('../../etc'))).toMatchObject({ status: 400 });
    expect(await post(LOCAL_API.messageRead('a b'))).toMatchObject({
      status: 400,
      json: { error: { code: 'E_BAD_REQUEST' } },
    });
    expect(await post(LOCAL_API.messageRead('x'.repeat(65)))).toMatchObject({ status: 400 });
  });

  it('snoozes the pending restart within its policy, then refuses with 409', async () => {
    const slot = createActionsSlot();
    slot.set(fakeActions());
    const { post } = await serve(slot);

    const snoozed = await post(LOCAL_API.restartSnooze('r1'));
    expect(snoozed.status).toBe(200);
    expect((snoozed.json as ActionsState).pendingRestart).toMatchObject({
      snoozesUsed: 1,
      rebootAt: T0 + 900_000,
    });

    expect(await post(LOCAL_API.restartSnooze('r1'))).toMatchObject({
      status: 409,
      json: { error: { code: 'E_SNOOZE_NOT_ALLOWED' } },
    });
    expect(await post(LOCAL_API.restartSnooze('r2'))).toMatchObject({
      status: 404,
      json: { error: { code: 'E_NO_RESTART' } },
    });
  });

  it('is guarded like every other route', async () => {
    const slot = createActionsSlot();
    slot.set(fakeActions());
    const { port, cookie } = await serve(slot);

    expect((await send(port, 'GET', '/api/actions', {})).status).toBe(401);
    expect((await send(port, 'POST', '/api/inbox/m1/read', {})).status).toBe(401);
    const rebound = await send(port, 'POST', '/api/inbox/m1/read', {
      cookie,
      host: `attacker.example:${port}`,
    });
    expect(rebound.status).toBe(403);
    expect(slot.engine()?.unreadCount()).toBe(1);
  });
});

/** Follows the event stream over real HTTP, keeping the `actions` events. */
function followActions(port: number, cookie: string) {
  const events: ActionsState[] = [];
  const statuses: unknown[] = [];
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/api/events',
    headers: { host: `127.0.0.1:${port}`, cookie },
  });
  let buffered = '';
  req.on('response', (res: IncomingMessage) => {
    res.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop() ?? '';
      for (const block of blocks) {
        const data = JSON.parse(block.split('\ndata: ')[1] ?? 'null') as unknown;
        if (block.startsWith('event: actions\n')) events.push(data as ActionsState);
        if (block.startsWith('event: status\n')) statuses.push(data);
      }
    });
  });
  req.end();
  return { events, statuses, close: () => req.destroy() };
}

describe('local API: actions in the live event stream', () => {
  it('sends the actions on connect, when the engine appears and whenever it changes', async () => {
    const slot = createActionsSlot();
    const { port, cookie, post } = await serve(slot);
    const stream = followActions(port, cookie);
    await expect.poll(() => stream.events).toEqual([EMPTY]);
    expect(stream.statuses).toHaveLength(1);

    const engine = fakeActions();
    slot.set(engine);
    await expect.poll(() => stream.events.length).toBe(2);
    expect(stream.events[1]?.unread).toBe(1);

    await post(LOCAL_API.messageRead('m1'));
    await expect.poll(() => stream.events.length).toBe(3);
    expect(stream.events[2]?.unread).toBe(0);
    stream.close();
    await expect.poll(() => engine.listenerCount()).toBe(1); // the slot's own, none for the stream
  });

  it('sends no actions events where the agent takes no actions', async () => {
    const { port, cookie } = await serve();
    const stream = followActions(port, cookie);
    await expect.poll(() => stream.statuses.length).toBe(1);
    expect(stream.events).toEqual([]);
    stream.close();
  });
});
