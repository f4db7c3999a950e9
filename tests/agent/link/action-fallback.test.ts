import { afterEach, describe, expect, it } from 'vitest';
import type { ActionLink, ActionLinkDeps } from '../../../src/agent/link/action-link.js';
import { createActionLink } from '../../../src/agent/link/action-link.js';
import type { ActionServer } from './action-test-server.js';
import {
  PREFIX,
  TOKEN,
  actionServers,
  envelope,
  fakeEngine,
  manualClock,
} from './action-test-server.js';
import { memoryLogger } from './scripted-server.js';

const newServer = actionServers();
const running: ActionLink[] = [];
afterEach(async () => {
  for (const link of running.splice(0)) await link.stop();
});

/** With random 0.5 the socket is tried again exactly this long after falling back. */
const SOCKET_RETRY_MS = 600_000;
const SILENCE_MS = 62_500;

function start(server: ActionServer, options: Partial<ActionLinkDeps> = {}) {
  const engine = fakeEngine();
  const clock = manualClock();
  const { logger, lines } = memoryLogger();
  const link = createActionLink({
    link: { serverUrl: server.url, agentToken: TOKEN },
    engine,
    logger,
    clock,
    random: () => 0.5,
    ...options,
  });
  running.push(link);
  return { link, engine, clock, lines };
}

const polls = (server: ActionServer) =>
  server.http.filter((request) => request.method === 'GET').map((request) => request.path);

describe('the actions link when the socket cannot be held', () => {
  it.each([426, 404, 400])(
    'falls back to long-polling when the upgrade is answered HTTP %i',
    async (status) => {
      const server = await newServer();
      server.defaultUpgrade = { status };
      const { link, engine, clock } = start(server);

      await expect.poll(() => link.state()).toBe('polling');
      await expect.poll(() => polls(server)).toEqual([`${PREFIX}/api/v1/agent/actions?wait=25`]);
      expect(server.http[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(clock.pending()).toEqual([SOCKET_RETRY_MS]);

      server.queue([envelope('p1')], ['p0']);

      await expect.poll(() => engine.received).toEqual([[envelope('p1')]]);
      expect(engine.cancelled).toEqual([['p0']]);
      // Straight back to waiting for the next one.
      await expect.poll(() => polls(server)).toHaveLength(2);
    },
  );

  it('posts updates over HTTP and forgets them once stored', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    const engine = fakeEngine();
    engine.queueUpdate('p1');
    const { link } = start(server, { engine });
    await expect.poll(() => link.state()).toBe('polling');
    await expect.poll(() => engine.waiting).toEqual([]);

    engine.queueUpdate('p1', 'succeeded');

    await expect.poll(() => engine.confirmed).toEqual([[1], [2]]);
    expect(server.updates.map((update) => update.seq)).toEqual([1, 2]);
    const posts = server.http.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.path)).toEqual([
      `${PREFIX}/api/v1/agent/actions/updates`,
      `${PREFIX}/api/v1/agent/actions/updates`,
    ]);
    expect(JSON.parse(posts[0]?.body.toString('utf8') ?? '')).toMatchObject({
      protocolVersion: 1,
      updates: [{ seq: 1, actionId: 'p1', status: 'delivered' }],
    });
  });

  it('posts the acknowledgements of an answer before it polls again: each action once', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    server.isRedelivering = true;
    const engine = fakeEngine();
    engine.isAcknowledging = true;
    const { link } = start(server, { engine });
    await expect.poll(() => link.state()).toBe('polling');
    await expect.poll(() => server.heldPolls()).toBe(1);

    // A slow server: the `delivered` post hangs while the action still looks unacknowledged.
    const release = server.holdUpdates();
    server.queue([envelope('p1')]);
    await expect.poll(() => server.heldPosts()).toBe(1);
    // Time for a link that polls on meanwhile to be answered p1 again, and again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(polls(server)).toHaveLength(1);

    release();
    await expect.poll(() => server.heldPolls()).toBe(1);
    expect(polls(server)).toHaveLength(2);
    expect(engine.received).toEqual([[envelope('p1')]]);
    expect(server.updates.map((update) => [update.actionId, update.status])).toEqual([
      ['p1', 'delivered'],
    ]);
  });

  it('waits for the retry of failed acknowledgements before it polls again', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    server.isRedelivering = true;
    server.updatesStatus = 503;
    const engine = fakeEngine();
    engine.isAcknowledging = true;
    const { link, clock } = start(server, { engine });
    await expect.poll(() => link.state()).toBe('polling');
    await expect.poll(() => server.heldPolls()).toBe(1);

    server.queue([envelope('p1')]);
    // The post failed: it goes again after the backoff, and the poll waits for it.
    await expect.poll(() => clock.pending()).toEqual([500, SOCKET_RETRY_MS]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(polls(server)).toHaveLength(1);
    expect(engine.received).toHaveLength(1);

    server.updatesStatus = 200;
    clock.fire(500);
    await expect.poll(() => server.heldPolls()).toBe(1);
    expect(polls(server)).toHaveLength(2);
    expect(engine.received).toHaveLength(1);
    expect(server.updates.map((update) => update.seq)).toEqual([1]);
  });

  it('tries the socket again later, and leaves polling once it holds', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    const { link, clock } = start(server);
    await expect.poll(() => link.state()).toBe('polling');

    // Still refused: polling goes on, and another try is planned.
    clock.fire(SOCKET_RETRY_MS);
    await expect.poll(() => server.upgradeAttempts).toBe(2);
    await expect.poll(() => clock.pending()).toEqual([SOCKET_RETRY_MS]);
    expect(link.state()).toBe('polling');

    server.defaultUpgrade = 'accept';
    clock.fire(SOCKET_RETRY_MS);

    await expect.poll(() => link.state()).toBe('live');
    expect(server.connections).toHaveLength(1);
    expect(clock.pending()).toEqual([SILENCE_MS]);
    const pollsSoFar = polls(server).length;
    server.queue([envelope('by-socket')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls(server)).toHaveLength(pollsSoFar);
  });

  it('falls back after three failed connections in a row when plain HTTP works', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 503 };
    const { link, clock } = start(server);

    await expect.poll(() => clock.pending()).toEqual([500]);
    clock.fire(500);
    await expect.poll(() => clock.pending()).toEqual([1000]);
    clock.fire(1000);

    await expect.poll(() => link.state()).toBe('polling');
    expect(server.upgradeAttempts).toBe(3);
    await expect
      .poll(() => polls(server))
      .toEqual([`${PREFIX}/api/v1/agent/actions?wait=0`, `${PREFIX}/api/v1/agent/actions?wait=25`]);
  });

  it('keeps retrying the socket with backoff while the server cannot be reached at all', async () => {
    const server = await newServer();
    const { url } = server;
    await server.close();
    const { link, clock } = start(server, { link: { serverUrl: url, agentToken: TOKEN } });

    for (const delay of [500, 1000, 2000, 4000]) {
      await expect.poll(() => clock.pending()).toEqual([delay]);
      expect(link.state()).toBe('retrying');
      clock.fire(delay);
    }
    await expect.poll(() => clock.pending()).toEqual([8000]);
    expect(link.state()).toBe('retrying');
  });

  it('stops when the server refuses the token on a poll', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    const { link, clock } = start(server);
    await expect.poll(() => link.state()).toBe('polling');

    // The machine is removed on the server while the agent waits; its next poll is refused.
    server.token = 'another-token';
    server.queue([]);

    await expect.poll(() => link.state()).toBe('rejected');
    expect(clock.pending()).toEqual([]);
  });

  it('backs off when a poll fails, then polls again', async () => {
    const server = await newServer();
    server.defaultUpgrade = { status: 426 };
    const { link, engine, clock } = start(server, {
      link: { serverUrl: `${server.url}/missing`, agentToken: TOKEN },
    });
    // Every request under this prefix answers 404: the upgrade as a proxy would, the poll too.
    await expect.poll(() => link.state()).toBe('retrying');
    expect(clock.pending()).toEqual([500, SOCKET_RETRY_MS]);

    link.setLink({ serverUrl: server.url, agentToken: TOKEN });
    await expect.poll(() => link.state()).toBe('polling');
    server.queue([envelope('late')]);
    await expect.poll(() => engine.received).toEqual([[envelope('late')]]);
  });
});
