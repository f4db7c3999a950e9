import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { AGENT_API } from '../../src/shared/protocol/index.js';
import { makeHealth, makeInventory, makeSample } from '../helpers/sample-factory.js';
import { enrollMachine } from './agent/agent-client.js';
import { createApiKey, createOrgWithUser } from './helpers/test-auth.js';
import type { TestServer } from './helpers/test-server.js';
import { expectWellFormed as checkWellFormed } from './helpers/well-formed.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * Whatever a client sends, the server answers: never a 5xx, and every refusal in the one
 * error shape with a registered code. Bounded runs so the whole file stays well under a minute.
 */
const RUNS = 150;
let server: TestServer;
let agentToken: string;
let machineId: string;
let ownerKey: string;

beforeAll(async () => {
  server = await startTestServer();
  const { orgId } = await createOrgWithUser(server.ctx, { role: 'owner' });
  const agent = await enrollMachine(server, orgId);
  agentToken = agent.agentToken;
  machineId = agent.agentId;
  ownerKey = await createApiKey(server.ctx, orgId, 'owner');
});
afterAll(async () => server.close());

const expectWellFormed = (options: InjectOptions): Promise<void> =>
  checkWellFormed(server.app, options);

const anyJson = fc.jsonValue({ maxDepth: 4 });
const hugeString = fc.constantFrom(
  'x'.repeat(300),
  'é'.repeat(5000),
  '\u0000'.repeat(100),
  'a'.repeat(70_000),
);
const anyScalar = fc.oneof(
  anyJson,
  hugeString,
  fc.constantFrom(-1, 0, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, null, true, [], {}),
);

/** A valid report, then one thing about it changed. */
function validReport(seq: number): Record<string, unknown> {
  return {
    protocolVersion: 1,
    samples: [
      { seq, sample: makeSample(Date.now() - 10_000) },
      { seq: seq + 1, sample: makeSample(Date.now() - 5_000) },
    ],
    inventory: makeInventory(Date.now()),
    health: makeHealth(Date.now(), 'warn'),
  };
}

const pathInto = (value: unknown, path: readonly string[]): Record<string, unknown> | undefined => {
  let node: unknown = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
};

const reportMutation = fc.record({
  seq: fc.integer({ min: 1, max: 1_000_000 }),
  path: fc.constantFrom<readonly string[]>(
    [],
    ['samples', '0'],
    ['samples', '0', 'sample'],
    ['samples', '0', 'sample', 'cpu'],
    ['samples', '0', 'sample', 'disks'],
    ['inventory'],
    ['inventory', 'os'],
    ['health'],
  ),
  key: fc.constantFrom(
    'seq',
    'ts',
    'hostname',
    'usagePercent',
    'protocolVersion',
    'surprise',
    'samples',
    'volumes',
    'score',
    '__proto__',
    'constructor',
  ),
  value: anyScalar,
  duplicate: fc.boolean(),
});

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  'application/json; charset=latin1',
);
const contentEncoding = fc.constantFrom(
  undefined,
  'gzip',
  'br',
  'deflate',
  'identity',
  'gzip, gzip',
  'x-gzip',
);

describe('bad input never breaks the server', () => {
  it('agent reports: mutated valid bodies', async () => {
    await fc.assert(
      fc.asyncProperty(reportMutation, fc.boolean(), async (m, gzip) => {
        const body = validReport(m.seq);
        const target = pathInto(body, m.path);
        if (target) target[m.key] = m.value;
        const samples = body['samples'];
        if (m.duplicate && Array.isArray(samples)) samples.push(samples[0]);
        const text = JSON.stringify(body);
        await expectWellFormed({
          method: 'POST',
          url: AGENT_API.reports,
          headers: {
            authorization: `Bearer ${agentToken}`,
            'content-type': 'application/json',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          },
          payload: gzip ? gzipSync(text) : text,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('agent endpoints: arbitrary JSON, raw bytes, content types and encodings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(AGENT_API.reports, AGENT_API.enroll),
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v)),
          fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
        ),
        contentType,
        contentEncoding,
        fc.constantFrom('valid', 'none', 'garbage', 'Basic abc'),
        async (url, payload, type, encoding, auth) => {
          const headers: Record<string, string> = {};
          if (type !== '') headers['content-type'] = type;
          if (encoding !== undefined) headers['content-encoding'] = encoding;
          if (auth === 'valid') headers['authorization'] = `Bearer ${agentToken}`;
          if (auth === 'garbage') headers['authorization'] = 'Bearer dfa_garbage';
          if (auth === 'Basic abc') headers['authorization'] = auth;
          await expectWellFormed({ method: 'POST', url, headers, payload });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('fleet endpoints: arbitrary bodies, ids and queries', async () => {
    const routes: Array<{ method: InjectOptions['method']; url: (id: string) => string }> = [
      { method: 'GET', url: () => FLEET_API.machines },
      { method: 'GET', url: (id) => FLEET_API.machine(id) },
      { method: 'PUT', url: (id) => FLEET_API.machineTags(id) },
      { method: 'DELETE', url: (id) => FLEET_API.machine(id) },
      { method: 'GET', url: (id) => FLEET_API.machineHistory(id) },
      { method: 'GET', url: () => FLEET_API.enrollmentTokens },
      { method: 'POST', url: () => FLEET_API.enrollmentTokens },
      { method: 'DELETE', url: (id) => FLEET_API.enrollmentToken(id) },
      { method: 'POST', url: () => FLEET_API.login },
      { method: 'POST', url: () => FLEET_API.users },
      { method: 'PATCH', url: (id) => FLEET_API.user(id) },
      { method: 'POST', url: () => FLEET_API.apiKeys },
      { method: 'DELETE', url: (id) => FLEET_API.apiKey(id) },
      { method: 'POST', url: () => FLEET_API.password },
    ];
    const query = fc.dictionary(
      fc.constantFrom('metrics', 'from', 'to', 'maxPoints', 'x'),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('-1', '1e30', 'NaN', 'cpu.usagePercent', ',,,', '9007199254740993'),
      ),
    );
    const body = fc.oneof(
      anyJson,
      fc.record({ tags: fc.oneof(anyScalar, fc.array(anyScalar, { maxLength: 30 })) }),
      fc.record(
        { note: anyScalar, expiresInSeconds: anyScalar, maxUses: anyScalar, tags: anyScalar },
        { requiredKeys: [] },
      ),
      fc.record(
        { email: anyScalar, password: anyScalar, role: anyScalar, name: anyScalar },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.constant(machineId),
          fc.string({ maxLength: 120 }),
          hugeString.map((s) => s.slice(0, 300)),
        ),
        query,
        fc.option(body, { nil: undefined }),
        contentType,
        async (route, id, params, payload, type) => {
          const search = new URLSearchParams(params as Record<string, string>).toString();
          const url = route.url(id) + (search ? `?${search}` : '');
          const hasBody =
            route.method !== 'GET' && route.method !== 'DELETE' && payload !== undefined;
          await expectWellFormed({
            method: route.method,
            url,
            headers: {
              authorization: `Bearer ${ownerKey}`,
              ...(hasBody && type !== '' ? { 'content-type': type } : {}),
            },
            ...(hasBody ? { payload: JSON.stringify(payload) } : {}),
          });
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
