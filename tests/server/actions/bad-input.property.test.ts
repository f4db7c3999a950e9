import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { ACTION_TYPES, AGENT_API } from '../../../src/shared/protocol/index.js';
import { enrollMachine } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { expectWellFormed as checkWellFormed } from '../helpers/well-formed.js';
import { startTestServer } from '../helpers/test-server.js';
import { message, openChannel, sendAction } from './action-test-kit.js';

/**
 * Whatever a client or an agent sends to the actions endpoints, the server answers in the one
 * error shape with a registered code, never a 5xx; a bad channel frame closes that socket only.
 */
const RUNS = 120;
let server: TestServer;
let agentToken: string;
let machineId: string;
let ownerKey: string;
let actionId: string;

beforeAll(async () => {
  server = await startTestServer();
  const { orgId } = await createOrgWithUser(server.ctx, { role: 'owner' });
  const agent = await enrollMachine(server, orgId);
  agentToken = agent.agentToken;
  machineId = agent.agentId;
  ownerKey = await createApiKey(server.ctx, orgId, 'owner');
  actionId = (await sendAction(server.url, ownerKey, message([machineId]))).actions[0]!.id;
});
afterAll(async () => server.close());

const expectWellFormed = (options: InjectOptions): Promise<void> =>
  checkWellFormed(server.app, options);

const anyJson = fc.jsonValue({ maxDepth: 4 });
const scalar = fc.oneof(
  anyJson,
  fc.constantFrom(-1, 0, 1.5, 1e308, null, true, [], {}, 'x'.repeat(5000), '<b>x</b>'),
);

describe('bad input to the actions endpoints never breaks the server', () => {
  it('POST /api/v1/actions: mutated bodies', async () => {
    const body = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...ACTION_TYPES), scalar),
        params: fc.oneof(
          scalar,
          fc.record(
            {
              title: scalar,
              body: scalar,
              level: scalar,
              reason: scalar,
              delaySeconds: scalar,
              snooze: fc.oneof(scalar, fc.record({ maxCount: scalar, lengthSeconds: scalar })),
            },
            { requiredKeys: [] },
          ),
        ),
        target: fc.oneof(
          scalar,
          fc.record({
            machineIds: fc.oneof(scalar, fc.array(fc.oneof(fc.constant(machineId), fc.string()))),
          }),
          fc.record({ tag: scalar }),
          fc.record({ all: scalar }),
        ),
        expiresInSeconds: scalar,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        await expectWellFormed({
          method: 'POST',
          url: FLEET_API.actions,
          headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('fleet reads and commands: arbitrary ids and queries', async () => {
    const routes: Array<{ method: InjectOptions['method']; url: (id: string) => string }> = [
      { method: 'GET', url: () => FLEET_API.actions },
      { method: 'GET', url: (id) => FLEET_API.action(id) },
      { method: 'POST', url: (id) => FLEET_API.actionCancel(id) },
      { method: 'POST', url: (id) => FLEET_API.actionRetry(id) },
      { method: 'GET', url: (id) => FLEET_API.actionArtifact(id) },
      { method: 'GET', url: () => FLEET_API.audit },
    ];
    const query = fc.dictionary(
      fc.constantFrom('machineId', 'batchId', 'status', 'type', 'limit', 'before', 'x'),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('-1', '1e30', 'NaN', 'queued', 'MTAw'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.constant(actionId), fc.string({ maxLength: 120 })),
        query,
        async (route, id, params) => {
          const search = new URLSearchParams(params as Record<string, string>).toString();
          await expectWellFormed({
            method: route.method,
            url: route.url(id) + (search ? `?${search}` : ''),
            headers: { authorization: `Bearer ${ownerKey}` },
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('agent endpoints: arbitrary bodies, waits, content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('updates', 'poll', 'artifact'),
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v)),
          fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
        ),
        fc.constantFrom('application/json', 'application/gzip', 'text/plain', ''),
        // Valid waits other than 0 would hold the poll: the holding is tested elsewhere.
        fc.constantFrom('0', '-1', '31', 'x', '', '1e3', '%00', '0x1f'),
        fc.constantFrom('valid', 'none', 'garbage'),
        async (route, payload, type, wait, auth) => {
          const headers: Record<string, string> = {};
          if (type !== '') headers['content-type'] = type;
          if (auth === 'valid') headers['authorization'] = `Bearer ${agentToken}`;
          if (auth === 'garbage') headers['authorization'] = 'Bearer dfa_garbage';
          const [method, url]: [InjectOptions['method'], string] =
            route === 'updates'
              ? ['POST', AGENT_API.actionUpdates]
              : route === 'poll'
                ? ['GET', `${AGENT_API.actions}?wait=${wait}`]
                : ['PUT', AGENT_API.actionArtifact(actionId)];
          await expectWellFormed({
            method,
            url,
            headers,
            ...(method === 'GET' ? {} : { payload }),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the live channel: arbitrary frames close that socket at worst', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v)),
          fc
            .record({
              type: fc.constant('updates'),
              protocolVersion: fc.oneof(fc.constant(1), scalar),
              updates: fc.oneof(
                scalar,
                fc.array(fc.record({ seq: scalar, actionId: scalar, status: scalar, at: scalar })),
              ),
            })
            .map((v) => JSON.stringify(v)),
        ),
        async (frame) => {
          const channel = await openChannel(server.url, agentToken);
          await channel.next('actions');
          channel.socket.send(frame);
          // Either stored (a valid frame) or closed with 1008; then the socket is let go.
          const outcome = await Promise.race([
            channel.next('stored').then(() => 'stored'),
            channel.closed.then((c) => c.code),
          ]);
          expect([1008, 'stored']).toContain(outcome);
          await channel.close();
        },
      ),
      { numRuns: 40 },
    );
    const answer = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(answer.statusCode).toBe(200);
  });
});
