import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLink } from '../../../src/agent/link/create-link.js';
import type { Link } from '../../../src/agent/link/create-link.js';
import { writeLinkFile } from '../../../src/agent/link/link-file.js';
import type { Store } from '../../../src/agent/store/types.js';
import { makeHealth, makeInventory, makeSample } from '../../helpers/sample-factory.js';
import { T0, storeFixture } from '../store/store-fixture.js';
import type { ScriptedServer } from './scripted-server.js';
import { manualClock, memoryLogger, scriptedServers } from './scripted-server.js';

const fx = storeFixture();
const newServer = scriptedServers();
const TOKEN = 'agent-token-never-logged';

interface Rig {
  store: Store;
  dataDir: string;
  server: ScriptedServer;
  link: Link;
  clock: ReturnType<typeof manualClock>;
  logs: ReturnType<typeof memoryLogger>['lines'];
  /** Writes `count` cycles through the real write path, 10 s apart. */
  sample(count: number): void;
  /** The link's after-cycle step, then waits for the uploads it started. */
  cycle(): Promise<void>;
  /** Runs the retry timer, then waits for the upload it started. */
  retry(): Promise<void>;
  enrol(token?: string): void;
}

interface RigOptions {
  random?: number;
  enrolled?: boolean;
  timeoutMs?: number;
  /** Save an inventory in the store first. Default true. */
  inventory?: boolean;
}

async function rig(options: RigOptions = {}) {
  const path = fx.newPath();
  const store = fx.open(path);
  const dataDir = dirname(path);
  const server = await newServer();
  const clock = manualClock(T0);
  const { logger, lines } = memoryLogger();
  if (options.inventory ?? true) store.saveInventory(makeInventory(T0));
  const enrol = (token = TOKEN) =>
    writeLinkFile(dataDir, {
      serverUrl: server.url,
      agentId: 'agent-1',
      agentToken: token,
      orgName: 'Acme',
      enrolledAt: new Date(T0).toISOString(),
    });
  if (options.enrolled ?? true) enrol();
  const link = createLink({
    dataDir,
    store,
    logger,
    clock,
    random: () => options.random ?? 0.5,
    readInventory: async () => makeInventory(T0),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  let ts = T0;
  const r: Rig = {
    store,
    dataDir,
    server,
    link,
    clock,
    logs: lines,
    sample(count) {
      for (let i = 0; i < count; i++) {
        ts += 10_000;
        fx.clock.now = ts;
        store.writeCycle(makeSample(ts), makeHealth(ts));
      }
    },
    async cycle() {
      link.afterCycle();
      await link.settled();
    },
    async retry() {
      clock.fireNext();
      await link.settled();
    },
    enrol,
  };
  return r;
}

const seqsIn = (request: ScriptedServer['requests'][number] | undefined): number[] =>
  (request?.body as { samples: Array<{ seq: number }> }).samples.map((s) => s.seq);
const allSeqs = (server: ScriptedServer) => server.requests.flatMap(seqsIn);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the uploader against a real HTTP server and a real outbox', () => {
  it('sends the outbox, applies the acknowledgement and says it is connected', async () => {
    const r = await rig();
    r.sample(3);
    r.link.start();
    await r.link.settled();
    expect(allSeqs(r.server)).toEqual([1, 2, 3]);
    expect(r.store.outboxStatus()).toMatchObject({ size: 0, ackedSeq: 3 });
    const [first] = r.server.requests;
    expect(first?.path).toBe('/api/v1/agent/reports');
    expect(first?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first?.body).toMatchObject({
      protocolVersion: 1,
      inventory: { hostname: 'reception-pc' },
    });
    expect(first?.body).toHaveProperty('health.status', 'ok');
    expect(r.link.state()).toMatchObject({
      state: 'connected',
      serverUrl: r.server.url,
      orgName: 'Acme',
      lastUploadAt: T0,
      waiting: 0,
    });
    expect(r.logs.map((l) => l.msg)).toContain(`link: connected to ${r.server.url}`);
    expect(JSON.stringify(r.logs)).not.toContain(TOKEN);
  });

  it('catches up in batches of at most 500, each acknowledged, gzipped on the wire', async () => {
    const r = await rig();
    r.sample(1_234);
    r.link.start();
    await r.link.settled();
    expect(r.server.requests.map((q) => seqsIn(q).length)).toEqual([500, 500, 234]);
    expect(allSeqs(r.server)).toEqual(range(1, 1_234));
    expect(r.store.outboxStatus()).toMatchObject({ size: 0, ackedSeq: 1_234 });
    for (const request of r.server.requests) {
      expect(request.headers['content-encoding']).toBe('gzip');
      expect(request.wireBytes).toBeLessThan(JSON.stringify(request.body).length / 3);
    }
    // The inventory goes once: the server acknowledged it with the first batch.
    expect(r.server.requests.map((q) => 'inventory' in (q.body as object))).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('sends the inventory again only when it changed', async () => {
    const r = await rig();
    r.sample(1);
    r.link.start();
    await r.link.settled();
    r.sample(1);
    await r.cycle();
    r.store.saveInventory(makeInventory(T0 + 1, 'renamed-pc'));
    r.sample(1);
    await r.cycle();
    const bodies = r.server.requests.map((q) => q.body as { inventory?: { hostname: string } });
    expect(bodies.map((b) => b.inventory?.hostname)).toEqual([
      'reception-pc',
      undefined,
      'renamed-pc',
    ]);
    expect(allSeqs(r.server)).toEqual([1, 2, 3]);
  });

  it('confirms a new enrolment with a first report even with nothing to send, small ones uncompressed', async () => {
    const r = await rig({ inventory: false });
    r.link.start();
    await r.link.settled();
    expect(r.server.requests).toHaveLength(1);
    expect(r.server.requests[0]?.body).toEqual({ protocolVersion: 1, samples: [] });
    expect(r.server.requests[0]?.headers['content-encoding']).toBeUndefined();
    expect(r.link.state()).toMatchObject({ state: 'connected' });
    // Connected and nothing new: no request.
    await r.cycle();
    expect(r.server.requests).toHaveLength(1);
  });

  it('backs off exponentially with full jitter on 503, without sending on every cycle', async () => {
    const r = await rig({ random: 0.5 });
    r.sample(2);
    r.server.next.push({ status: 503 }, { status: 503 }, { status: 503 });
    r.link.start();
    await r.link.settled();
    expect(r.link.state()).toMatchObject({
      state: 'retrying',
      since: T0,
      nextAttemptAt: T0 + 500,
      lastError: { code: 'E_SERVER_ERROR' },
      waiting: 2,
    });
    expect(r.clock.pending()).toEqual([500]);
    // Sampling goes on; a cycle does not cut the wait short.
    r.sample(1);
    await r.cycle();
    expect(r.server.requests).toHaveLength(1);
    await r.retry();
    expect(r.clock.pending()).toEqual([1_000]);
    await r.retry();
    expect(r.clock.pending()).toEqual([2_000]);
    expect(r.link.state()).toMatchObject({ state: 'retrying', since: T0 });
    expect(r.logs.map((l) => l.msg)).toContain('link: server error (HTTP 503), retrying in 2.0 s');
    await r.retry();
    expect(r.link.state()).toMatchObject({ state: 'connected', waiting: 0 });
    expect([...r.server.stored].sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it('honours Retry-After on 429', async () => {
    const r = await rig({ random: 0.99 });
    r.sample(1);
    r.server.next.push({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { code: 'E_RATE_LIMITED', message: 'slow down' } },
    });
    r.link.start();
    await r.link.settled();
    expect(r.clock.pending()).toEqual([7_000]);
    expect(r.link.state()).toMatchObject({
      state: 'retrying',
      nextAttemptAt: T0 + 7_000,
      lastError: { code: 'E_RATE_LIMITED' },
    });
    await r.retry();
    expect(r.link.state().state).toBe('connected');
  });

  it('stops on 401 E_AGENT_TOKEN_INVALID, keeps the outbox, and resumes after a new enrolment', async () => {
    const r = await rig();
    r.sample(4);
    r.server.next.push({
      status: 401,
      body: { error: { code: 'E_AGENT_TOKEN_INVALID', message: 'unknown agent token' } },
    });
    r.link.start();
    await r.link.settled();
    expect(r.link.state()).toMatchObject({
      state: 'rejected',
      lastError: { code: 'E_AGENT_TOKEN_INVALID' },
      waiting: 4,
    });
    expect(r.clock.pending()).toEqual([]);
    r.sample(2);
    await r.cycle();
    expect(r.server.requests).toHaveLength(1);
    expect(r.store.outboxStatus()).toMatchObject({ size: 6, ackedSeq: 0 });
    expect(r.logs.some((l) => l.level === 'error' && /enrol this PC again/.test(l.msg))).toBe(true);

    r.enrol('a-new-token');
    await r.cycle();
    expect(r.link.state()).toMatchObject({ state: 'connected', waiting: 0 });
    expect(r.server.requests.at(-1)?.headers.authorization).toBe('Bearer a-new-token');
    expect([...r.server.stored].sort((a, b) => a - b)).toEqual(range(1, 6));
  });

  it('retries while the server is gone and delivers every sample of the outage exactly once', async () => {
    const r = await rig({ random: 0.25 });
    r.sample(5);
    r.link.start();
    await r.link.settled();
    await r.server.close();
    for (let i = 0; i < 3; i++) {
      r.sample(300);
      await r.cycle();
    }
    expect(r.link.state()).toMatchObject({
      state: 'retrying',
      lastError: { code: 'E_SERVER_UNREACHABLE' },
      waiting: 900,
    });
    expect(
      r.logs.some((l) => /^link: server unreachable \(ECONNREFUSED\), retrying in/.test(l.msg)),
    ).toBe(true);
    await r.server.reopen();
    await r.retry();
    expect(r.link.state()).toMatchObject({ state: 'connected', waiting: 0 });
    expect(allSeqs(r.server)).toEqual(range(1, 905));
    expect(r.server.stored.size).toBe(905);
  });

  it('notices a link.json written after start within one cycle', async () => {
    const r = await rig({ enrolled: false });
    r.sample(2);
    r.link.start();
    await r.link.settled();
    expect(r.link.state()).toEqual({ state: 'not-enrolled', waiting: 2 });
    expect(r.server.requests).toHaveLength(0);
    r.enrol();
    await r.cycle();
    expect(r.link.state()).toMatchObject({ state: 'connected', agentId: 'agent-1', waiting: 0 });
  });

  it('refuses an acknowledgement beyond its last seq and keeps the outbox', async () => {
    const r = await rig();
    r.sample(2);
    r.server.next.push({ status: 200, body: { protocolVersion: 1, ackedSeq: 99 } });
    r.link.start();
    await r.link.settled();
    expect(r.link.state()).toMatchObject({
      state: 'retrying',
      lastError: { code: 'E_ACK_BEYOND_LAST_SEQ' },
      waiting: 2,
    });
  });

  it('gives up on a request after the timeout and retries', async () => {
    const r = await rig({ timeoutMs: 150 });
    r.sample(1);
    r.server.next.push({ status: 0 });
    r.link.start();
    await r.link.settled();
    expect(r.link.state()).toMatchObject({ state: 'retrying', lastError: { code: 'E_TIMEOUT' } });
    expect(r.store.outboxStatus().size).toBe(1);
  });

  it('ends the request in flight on stop and leaves the outbox as it was', async () => {
    const r = await rig({ timeoutMs: 60_000 });
    r.sample(3);
    r.server.next.push({ status: 0 });
    r.link.start();
    await waitFor(() => r.server.requests.length === 1);
    await r.link.stop();
    expect(r.link.state().state).toBe('connecting');
    expect(r.store.outboxStatus()).toMatchObject({ size: 3, ackedSeq: 0 });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((done) => setTimeout(done, 5));
  if (!condition()) throw new Error('the condition never came true');
}
