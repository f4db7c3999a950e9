import { afterEach, describe, expect, it } from 'vitest';
import { channelUrl } from '../../../src/agent/link/action-channel.js';
import type { ActionLink, ActionLinkDeps } from '../../../src/agent/link/action-link.js';
import { createActionLink } from '../../../src/agent/link/action-link.js';
import type { ActionServer, SeenConnection } from './action-test-server.js';
import { TOKEN, actionServers, envelope, fakeEngine, manualClock } from './action-test-server.js';
import { memoryLogger } from './scripted-server.js';

const newServer = actionServers();
const running: ActionLink[] = [];
afterEach(async () => {
  for (const link of running.splice(0)) await link.stop();
});

/** Heartbeat of 4 s: 10 s of silence ends a connection. Random 0.5: the n-th retry waits 2^(n-1) × 500 ms. */
const SILENCE_MS = 10_000;

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
    heartbeatSeconds: 4,
    ...options,
  });
  running.push(link);
  return { link, engine, clock, lines };
}

async function liveConnection(server: ActionServer, link: ActionLink, index = 0) {
  await expect.poll(() => link.state()).toBe('live');
  await expect.poll(() => server.connections.length).toBeGreaterThan(index);
  return server.connections[index] as SeenConnection;
}

describe('the actions link over the live channel', () => {
  it('turns the server address into the channel address, keeping its path prefix', () => {
    expect(channelUrl('https://fleet.example/dashfleet')).toBe(
      'wss://fleet.example/dashfleet/api/v1/agent/channel',
    );
    expect(channelUrl('http://10.0.0.5:8080')).toBe('ws://10.0.0.5:8080/api/v1/agent/channel');
  });

  it('connects with the agent token and no compression, and hands actions and cancels to the engine', async () => {
    const server = await newServer();
    const { link, engine } = start(server);

    const connection = await liveConnection(server, link);
    expect(connection.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(connection.headers['sec-websocket-extensions']).toBeUndefined();

    const malformed = { id: 'a3', type: 'launch-missiles' };
    server.send(connection, {
      type: 'actions',
      protocolVersion: 1,
      actions: [envelope('a1'), envelope('a2'), malformed],
    });
    server.send(connection, { type: 'cancel', protocolVersion: 1, actionIds: ['a2'] });

    await expect.poll(() => engine.cancelled).toEqual([['a2']]);
    // The engine checks each action itself and refuses the malformed one with a result.
    expect(engine.received).toEqual([[envelope('a1'), envelope('a2'), malformed]]);
  });

  it('sends waiting updates on connect, new ones at once, each only once per connection', async () => {
    const server = await newServer();
    server.isStoring = false;
    const engine = fakeEngine();
    engine.queueUpdate('a0');
    const { link } = start(server, { engine });
    const connection = await liveConnection(server, link);
    await expect.poll(() => connection.frames.length).toBe(1);

    engine.queueUpdate('a1', 'running');

    await expect.poll(() => connection.frames.length).toBe(2);
    const seqsOf = (frame: unknown) =>
      (frame as { updates: Array<{ seq: number }> }).updates.map((update) => update.seq);
    expect(connection.frames[0]).toMatchObject({ type: 'updates', protocolVersion: 1 });
    expect(seqsOf(connection.frames[0])).toEqual([1]);
    expect(seqsOf(connection.frames[1])).toEqual([2]);
    expect(engine.confirmed).toEqual([]);
  });

  it('sends unconfirmed updates again after a reconnect, until the server stored them', async () => {
    const server = await newServer();
    server.isStoring = false;
    const { link, engine, clock } = start(server);
    const first = await liveConnection(server, link);
    engine.queueUpdate('a1');
    await expect.poll(() => first.frames.length).toBe(1);
    engine.queueUpdate('a1', 'succeeded');
    await expect.poll(() => first.frames.length).toBe(2);

    server.isStoring = true;
    first.socket.terminate();
    await expect.poll(() => link.state()).toBe('retrying');
    clock.fire(500);

    const second = await liveConnection(server, link, 1);
    await expect.poll(() => engine.waiting).toEqual([]);
    expect(second.frames).toHaveLength(1);
    expect(second.frames[0]).toMatchObject({ updates: [{ seq: 1 }, { seq: 2 }] });
    expect(engine.confirmed).toEqual([[1, 2]]);
  });

  it('sends a burst of updates as one frame', async () => {
    const server = await newServer();
    const { link, engine } = start(server);
    const connection = await liveConnection(server, link);

    for (let i = 0; i < 50; i += 1) engine.queueUpdate(`a${i}`);

    await expect.poll(() => engine.waiting).toEqual([]);
    expect(connection.frames).toHaveLength(1);
    expect(server.updates).toHaveLength(50);
  });

  it('keeps frames small and only a few ahead of the server', async () => {
    const server = await newServer();
    server.isStoring = false;
    const engine = fakeEngine();
    // 100 updates with full outputs: about 800 KiB, far over what one frame may carry.
    for (let i = 0; i < 100; i += 1) {
      const update = engine.queueUpdate(`a${i}`, 'succeeded');
      update.result = { exitCode: 0, output: 'x'.repeat(8000) };
    }
    const { link } = start(server, { engine });
    const connection = await liveConnection(server, link);

    await expect.poll(() => connection.frames.length).toBe(4);
    const sizes = connection.frames.map((frame) => JSON.stringify(frame).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(128 * 1024 + 200);
    const sent = () => server.updates.length;
    expect(sent()).toBeLessThan(100);

    // The server answers each frame: the rest follows, a few frames at a time.
    server.isStoring = true;
    const stored = (frame: unknown) => (frame as { updates: Array<{ seq: number }> }).updates;
    for (const frame of connection.frames) {
      server.send(connection, {
        type: 'stored',
        protocolVersion: 1,
        seqs: stored(frame).map((update) => update.seq),
      });
    }
    await expect.poll(() => engine.waiting).toEqual([]);
    expect(new Set(server.updates.map((update) => update.seq)).size).toBe(100);
  });

  it('ignores frames that are not the protocol and stays connected', async () => {
    const server = await newServer();
    const { link, engine, lines } = start(server);
    const connection = await liveConnection(server, link);

    server.send(connection, 'not json {');
    server.send(connection, { type: 'launch', protocolVersion: 1 });
    server.send(connection, { type: 'cancel', protocolVersion: 1, actionIds: ['../etc/passwd'] });
    server.send(connection, { type: 'stored', protocolVersion: 1, seqs: 'all' });
    server.send(connection, { type: 'actions', protocolVersion: 1, actions: 'everything' });
    connection.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    server.send(connection, { type: 'actions', protocolVersion: 1, actions: [envelope('ok')] });

    await expect.poll(() => engine.received).toEqual([[envelope('ok')]]);
    expect(engine.cancelled).toEqual([]);
    expect(engine.confirmed).toEqual([]);
    expect(lines.filter((line) => line.msg.includes('ignored a frame'))).toHaveLength(5);
    expect(link.state()).toBe('live');
    expect(server.connections).toHaveLength(1);
  });

  it('reconnects with a growing backoff while the server refuses, and afresh after a stable connection', async () => {
    const server = await newServer();
    const { link, clock } = start(server);
    const first = await liveConnection(server, link);

    server.defaultUpgrade = { status: 503 };
    first.socket.terminate();
    await expect.poll(() => link.state()).toBe('retrying');
    expect(clock.pending()).toEqual([500]);
    clock.fire(500);
    await expect.poll(() => clock.pending()).toEqual([1000]);
    expect(link.state()).toBe('retrying');

    server.defaultUpgrade = 'accept';
    clock.fire(1000);
    const second = await liveConnection(server, link, 1);

    // Up for 30 s: the next drop starts from the first step again.
    clock.time += 30_000;
    second.socket.terminate();
    await expect.poll(() => clock.pending()).toEqual([500]);
    expect(server.upgradeAttempts).toBe(3);
  });

  it('ends a connection on which the server fell silent, and connects again', async () => {
    const server = await newServer();
    const { link, clock } = start(server);
    const first = await liveConnection(server, link);
    expect(clock.pending()).toEqual([SILENCE_MS]);

    // A ping re-arms the watchdog: after 5 s and a ping, 10 s are left again.
    clock.time += 5_000;
    first.socket.ping();
    await expect.poll(() => clock.pending()).toEqual([SILENCE_MS]);

    clock.fire(SILENCE_MS);

    await expect.poll(() => first.closeCode).toBe(1006);
    expect(link.state()).toBe('retrying');
    clock.fire(500);
    await liveConnection(server, link, 1);
  });

  it('stops when the server refuses the token, until the link changes', async () => {
    const server = await newServer();
    const { link, clock, lines } = start(server, {
      link: { serverUrl: server.url, agentToken: 'revoked-token' },
    });

    await expect.poll(() => link.state()).toBe('rejected');
    expect(clock.pending()).toEqual([]);
    expect(server.upgradeAttempts).toBe(1);
    expect(
      lines.some((line) => line.level === 'error' && line.msg.includes('enrolled again')),
    ).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('revoked-token');

    link.setLink({ serverUrl: server.url, agentToken: 'revoked-token' });
    expect(link.state()).toBe('rejected');
    link.setLink({ serverUrl: server.url, agentToken: TOKEN });
    await liveConnection(server, link);
  });

  it('stop() closes the socket with 1000 and lets go of the engine', async () => {
    const server = await newServer();
    const { link, engine } = start(server);
    const connection = await liveConnection(server, link);
    expect(engine.listenerCount()).toBe(1);

    await link.stop();

    await expect.poll(() => connection.closeCode).toBe(1000);
    expect(link.state()).toBe('idle');
    expect(engine.listenerCount()).toBe(0);
  });

  it('stays idle without a link and connects when one is set', async () => {
    const server = await newServer();
    const { link } = start(server, { link: null });
    expect(link.state()).toBe('idle');
    expect(server.upgradeAttempts).toBe(0);

    link.setLink({ serverUrl: server.url, agentToken: TOKEN });
    await liveConnection(server, link);

    link.setLink(null);
    expect(link.state()).toBe('idle');
    await expect.poll(() => server.connections[0]?.closeCode).toBe(1000);
  });
});
