import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_API, AGENT_ERROR_CODES } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { makeHealth, makeInventory, makeSample } from '../../helpers/sample-factory.js';
import { createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { enrollMachine, reportOf, sendReport } from './agent-client.js';

const MINUTE = 60_000;
let server: TestServer;
let clock: number;
let agent: EnrollResponse;
/** A minute boundary shortly before the server's clock. */
let base: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  base = clock - 10 * MINUTE;
  server = await startTestServer({}, { now: () => clock });
  const { orgId } = await createOrgWithUser(server.ctx, { role: 'owner' });
  agent = await enrollMachine(server, orgId);
});
afterEach(async () => server.close());

const minutes = async (metric = 'cpu.usagePercent') =>
  server.ctx.db
    .selectFrom('machine_minutes')
    .select(['ts', 'avg', 'max', 'count'])
    .where('machine_id', '=', agent.agentId)
    .where('metric', '=', metric)
    .orderBy('ts')
    .execute();

const machineRow = async () =>
  server.ctx.db
    .selectFrom('machines')
    .selectAll()
    .where('id', '=', agent.agentId)
    .executeTakeFirstOrThrow();

const expectError = (answer: { status: number; body: unknown }, status: number, code: string) =>
  expect(answer).toMatchObject({ status, body: { error: { code, message: expect.any(String) } } });

describe('POST /api/v1/agent/reports: storing', () => {
  it('stores a batch once, however often it is sent, and acknowledges the highest seq', async () => {
    const batch = reportOf([
      { seq: 1, ts: base },
      { seq: 2, ts: base + 10_000 },
      { seq: 3, ts: base + 20_000 },
    ]);
    const first = await sendReport(server.url, agent.agentToken, batch);
    const before = await minutes();
    const second = await sendReport(server.url, agent.agentToken, batch);

    expect(first).toEqual({ status: 200, body: { protocolVersion: 1, ackedSeq: 3 } });
    expect(second).toEqual({ status: 200, body: { protocolVersion: 1, ackedSeq: 3 } });
    expect(await minutes()).toEqual(before);
    expect(before).toHaveLength(1);
    expect(before[0]?.count).toBe(3);
  });

  it('averages and takes the max across samples of a minute, across separate flushes', async () => {
    const values = [10, 40, 25, 70];
    const samples = values.map((value, i) => {
      const sample = makeSample(base + i * 10_000);
      sample.cpu!.usagePercent = value;
      return { seq: i + 1, sample };
    });
    for (const [i, sample] of samples.entries()) {
      const answer = await sendReport(server.url, agent.agentToken, reportOf([sample]));
      expect(answer.body).toEqual({ protocolVersion: 1, ackedSeq: i + 1 });
    }
    const rows = await minutes();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ts: base, max: 70, count: 4 });
    expect(rows[0]?.avg).toBeCloseTo(36.25, 10);
  });

  it('aggregates each minute apart, and only unqualified series', async () => {
    const batch = reportOf([
      { seq: 1, ts: base + 5_000 },
      { seq: 2, ts: base + 65_000 },
    ]);
    await sendReport(server.url, agent.agentToken, batch);
    expect((await minutes()).map((row) => row.ts)).toEqual([base, base + MINUTE]);
    const metrics = await server.ctx.db
      .selectFrom('machine_minutes')
      .select('metric')
      .distinct()
      .execute();
    expect(metrics.length).toBeGreaterThan(5);
    expect(metrics.every((row) => !row.metric.includes(':'))).toBe(true);
  });

  it('takes in an unsorted batch whole, and only the new part of an overlapping one', async () => {
    const unsorted = reportOf([
      { seq: 3, ts: base + 20_000 },
      { seq: 1, ts: base },
      { seq: 2, ts: base + 10_000 },
    ]);
    expect((await sendReport(server.url, agent.agentToken, unsorted)).body).toMatchObject({
      ackedSeq: 3,
    });
    const overlapping = reportOf([
      { seq: 2, ts: base + 10_000 },
      { seq: 3, ts: base + 20_000 },
      { seq: 4, ts: base + 30_000 },
      { seq: 5, ts: base + 40_000 },
    ]);
    expect((await sendReport(server.url, agent.agentToken, overlapping)).body).toMatchObject({
      ackedSeq: 5,
    });
    // An old batch arriving late (a retry after a timeout) changes nothing.
    const late = reportOf([{ seq: 1, ts: base }]);
    expect((await sendReport(server.url, agent.agentToken, late)).body).toMatchObject({
      ackedSeq: 5,
    });
    expect((await minutes())[0]?.count).toBe(5);
    expect((await machineRow()).last_seq).toBe(5);
  });

  it('keeps the latest sample, its derived columns, inventory and health, and the time seen', async () => {
    const latest = makeSample(base + 20_000);
    const answer = await sendReport(
      server.url,
      agent.agentToken,
      reportOf(
        [
          { seq: 1, ts: base },
          { seq: 2, sample: latest },
        ],
        {
          inventory: makeInventory(base, 'renamed-by-inventory'),
          health: makeHealth(base, 'warn'),
        },
      ),
    );
    expect(answer.status).toBe(200);
    const row = await machineRow();
    const fullest = [...latest.disks!.volumes].sort((a, b) => b.usedPercent - a.usedPercent)[0]!;
    expect(row).toMatchObject({
      last_seen_at: clock,
      latest_sample_ts: latest.ts,
      cpu_percent: latest.cpu!.usagePercent,
      memory_percent: latest.memory!.usedPercent,
      fullest_disk_mount: fullest.mount,
      fullest_disk_percent: fullest.usedPercent,
      hostname: 'renamed-by-inventory',
      os_distro: 'Debian GNU/Linux',
      health_status: 'warn',
      health_score: 70,
    });
    expect(JSON.parse(row.latest_sample_json ?? 'null')).toEqual(latest);

    // A later report without inventory or health keeps them; an empty batch updates last seen.
    clock += 5_000;
    await sendReport(server.url, agent.agentToken, reportOf([]));
    expect(await machineRow()).toMatchObject({
      last_seen_at: clock,
      hostname: 'renamed-by-inventory',
      health_status: 'warn',
      latest_sample_ts: latest.ts,
    });
  });

  it('accepts a gzipped body', async () => {
    const answer = await sendReport(
      server.url,
      agent.agentToken,
      reportOf([{ seq: 1, ts: base }]),
      { gzip: true },
    );
    expect(answer).toEqual({ status: 200, body: { protocolVersion: 1, ackedSeq: 1 } });
  });

  it('answers many reports sent at once, each after its own data is stored', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sendReport(server.url, agent.agentToken, reportOf([{ seq: i + 1, ts: base + i * 1000 }])),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // Whatever order they were flushed in, the last acknowledgement covers everything stored.
    const acked = answers.map((answer) => (answer.body as { ackedSeq: number }).ackedSeq);
    const row = await machineRow();
    expect(Math.max(...acked)).toBe(row.last_seq);
    const counted = (await minutes()).reduce((sum, r) => sum + r.count, 0);
    expect(counted).toBe(row.last_seq);
  });
});

describe('POST /api/v1/agent/reports: refusals', () => {
  it('refuses a missing, unknown or malformed token', async () => {
    const body = reportOf([{ seq: 1, ts: base }]);
    expectError(
      await sendReport(server.url, 'dfa_' + 'x'.repeat(43), body),
      401,
      AGENT_ERROR_CODES.agentTokenInvalid,
    );
    expectError(
      await sendReport(server.url, 'nonsense', body),
      401,
      AGENT_ERROR_CODES.agentTokenInvalid,
    );
    expectError(
      await sendReport(server.url, '', body, { headers: { authorization: '' } }),
      401,
      AGENT_ERROR_CODES.agentTokenInvalid,
    );
  });

  it('refuses a token revoked in the database, once the cache re-checks it', async () => {
    expect((await sendReport(server.url, agent.agentToken, reportOf([]))).status).toBe(200);
    await server.ctx.db.updateTable('agent_tokens').set({ revoked_at: clock }).execute();
    clock += 61_000;
    expectError(
      await sendReport(server.url, agent.agentToken, reportOf([])),
      401,
      AGENT_ERROR_CODES.agentTokenInvalid,
    );
  });

  it('refuses a seq twice in one batch', async () => {
    const answer = await sendReport(
      server.url,
      agent.agentToken,
      reportOf([
        { seq: 1, ts: base },
        { seq: 1, ts: base + 1000 },
      ]),
    );
    expectError(answer, 400, 'E_DUPLICATE_SEQ');
    expect(await minutes()).toEqual([]);
  });

  it('refuses a negative or zero seq, an unknown field and a huge hostname', async () => {
    for (const seq of [-1, 0, 1.5]) {
      expectError(
        await sendReport(server.url, agent.agentToken, reportOf([{ seq, ts: base }])),
        400,
        'E_BAD_REQUEST',
      );
    }
    const extra = { ...reportOf([{ seq: 1, ts: base }]), surprise: true };
    expectError(await sendReport(server.url, agent.agentToken, extra), 400, 'E_BAD_REQUEST');
    const huge = reportOf([], { inventory: makeInventory(base, 'h'.repeat(10_000)) });
    expectError(await sendReport(server.url, agent.agentToken, huge), 400, 'E_BAD_REQUEST');
    expect((await machineRow()).last_seq).toBe(0);
  });

  it('refuses broken JSON and broken gzip', async () => {
    expectError(
      await sendReport(server.url, agent.agentToken, '{"protocolVersion":'),
      400,
      'E_MALFORMED_JSON',
    );
    expectError(
      await sendReport(server.url, agent.agentToken, Buffer.from('not gzip at all'), {
        headers: { 'content-encoding': 'gzip' },
      }),
      400,
      'E_BAD_REQUEST',
    );
  });

  it('refuses an encoding other than gzip with 415', async () => {
    const answer = await sendReport(server.url, agent.agentToken, reportOf([]), {
      headers: { 'content-encoding': 'br' },
    });
    expectError(answer, 415, 'E_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a gzip bomb with 413 without inflating it all', async () => {
    // 64 MiB of spaces inside valid JSON compresses to ~64 KiB.
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"protocolVersion":1,"samples":[], "x":"'),
        Buffer.alloc(64 * 1024 * 1024, 0x20),
        Buffer.from('"}'),
      ]),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const answer = await sendReport(server.url, agent.agentToken, bomb, {
      headers: { 'content-encoding': 'gzip' },
    });
    expectError(answer, 413, 'E_BODY_TOO_LARGE');
  });

  it('refuses a plain body over 4 MiB and a gzipped one over 1 MiB with 413', async () => {
    const big = JSON.stringify({ protocolVersion: 1, samples: [], x: 'y'.repeat(5 * 1024 * 1024) });
    expectError(await sendReport(server.url, agent.agentToken, big), 413, 'E_BODY_TOO_LARGE');
    const random = Buffer.alloc(1200 * 1024);
    for (let i = 0; i < random.length; i += 1) random[i] = (i * 2654435761) >>> 24;
    expectError(
      await sendReport(server.url, agent.agentToken, random, {
        headers: { 'content-encoding': 'gzip' },
      }),
      413,
      'E_BODY_TOO_LARGE',
    );
  });

  it('refuses a chunked gzip body that grows past 1 MiB on the wire', async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: Number(port),
          method: 'POST',
          path: AGENT_API.reports,
          headers: {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            authorization: `Bearer ${agent.agentToken}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Random bytes do not compress: written in parts, the body goes chunked, with no
      // Content-Length to refuse it up front; the server must count as it reads.
      const body = gzipSync(randomBytes(2 * 1024 * 1024));
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'E_BODY_TOO_LARGE' } });
  });
});
