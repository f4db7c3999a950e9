import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { ACTION_LIMITS, AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type { ActionUpdate, EnrollResponse } from '../../../src/shared/protocol/index.js';
import { artifactFileName } from '../../../server/actions/artifacts.js';
import { enrollMachine, postJson } from '../agent/agent-client.js';
import { createApiKey, createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { bearer, call, getAction, message, sendAction, update } from './action-test-kit.js';

let server: TestServer;
let clock: number;
let orgId: string;
let operatorKey: string;
let agent: EnrollResponse;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 7, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner' }));
  operatorKey = await createApiKey(server.ctx, orgId, 'operator');
  agent = await enrollMachine(server, orgId, { hostname: 'Reception PC/"1"' });
});
afterEach(async () => server.close());

async function collectLogs(machineId = agent.agentId): Promise<ActionView> {
  const created = await sendAction(server.url, operatorKey, {
    type: 'collect-logs',
    target: { machineIds: [machineId] },
  });
  return created.actions[0]!;
}

async function upload(
  actionId: string,
  body: Uint8Array<ArrayBuffer> | string,
  token = agent.agentToken,
  type = 'application/gzip',
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${AGENT_API.actionArtifact(actionId)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

const bundle = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(gzipSync(text));

let seq = 0;
async function report(actionId: string, status: ActionUpdate['status']): Promise<void> {
  seq += 1;
  const answer = await postJson(
    `${server.url}${AGENT_API.actionUpdates}`,
    { protocolVersion: PROTOCOL_VERSION, updates: [update(actionId, seq, status)] },
    bearer(agent.agentToken),
  );
  expect(answer.status).toBe(200);
}

async function download(actionId: string): Promise<string> {
  const response = await fetch(`${server.url}${FLEET_API.actionArtifact(actionId)}`, {
    headers: bearer(operatorKey),
  });
  expect(response.status).toBe(200);
  return gunzipSync(Buffer.from(await response.arrayBuffer())).toString();
}

describe('collect-logs bundles', () => {
  it('stores the upload and serves it to an operator as a gzip attachment', async () => {
    const action = await collectLogs();
    expect(await upload(action.id, bundle('journal lines\n'))).toEqual({ status: 204, body: null });
    expect((await getAction(server.url, operatorKey, action.id)).hasArtifact).toBe(true);

    const response = await fetch(`${server.url}${FLEET_API.actionArtifact(action.id)}`, {
      headers: bearer(operatorKey),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="dashfleet-logs-Reception-PC-1-20260302-1007.txt.gz"',
    );
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(
      'journal lines\n',
    );
  });

  it('takes uploads until the action finishes (a later one replaces), then refuses with 409', async () => {
    const action = await collectLogs();
    // The upload may overtake the agent's acknowledgement: queued still takes it.
    expect((await upload(action.id, bundle('first\n'))).status).toBe(204);
    await report(action.id, 'delivered');
    await report(action.id, 'running');
    expect((await upload(action.id, bundle('second\n'))).status).toBe(204);
    await report(action.id, 'succeeded');

    const late = await upload(action.id, bundle('replacement\n'));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'E_ACTION_FINISHED' } });
    expect(await download(action.id)).toBe('second\n');
  });

  it('refuses uploads for a cancelled, a failed or an expired action with 409', async () => {
    const cancelled = await collectLogs();
    await report(cancelled.id, 'delivered');
    await call(server.url, 'POST', FLEET_API.actionCancel(cancelled.id), bearer(operatorKey));
    const failed = await collectLogs();
    await report(failed.id, 'running');
    await report(failed.id, 'failed');
    const expired = await collectLogs();
    clock += ACTION_LIMITS.defaultExpirySeconds * 1000 + 1;
    await server.app.actionsService.sweepExpired();
    expect((await getAction(server.url, operatorKey, expired.id)).status).toBe('expired');

    for (const action of [cancelled, failed, expired]) {
      const answer = await upload(action.id, bundle('too late'));
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ error: { code: 'E_ACTION_FINISHED' } });
      expect((await getAction(server.url, operatorKey, action.id)).hasArtifact).toBe(false);
    }
  });

  it('a viewer may not download; no bundle is 404 E_ARTIFACT_NOT_FOUND', async () => {
    const action = await collectLogs();
    const viewerKey = await createApiKey(server.ctx, orgId, 'viewer');
    expect(
      (await call(server.url, 'GET', FLEET_API.actionArtifact(action.id), bearer(viewerKey)))
        .status,
    ).toBe(403);
    const none = await call(
      server.url,
      'GET',
      FLEET_API.actionArtifact(action.id),
      bearer(operatorKey),
    );
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: { code: 'E_ARTIFACT_NOT_FOUND' } });
  });

  it("refuses another machine's action, another type, and unknown ids with 404", async () => {
    const other = await enrollMachine(server, orgId);
    const theirs = await collectLogs(other.agentId);
    const notLogs = (await sendAction(server.url, operatorKey, message([agent.agentId])))
      .actions[0]!;
    for (const id of [theirs.id, notLogs.id, 'no-such-action']) {
      const answer = await upload(id, bundle('x'));
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
    }
    expect((await getAction(server.url, operatorKey, theirs.id)).hasArtifact).toBe(false);
  });

  it('refuses over 5 MiB (413), non-gzip bodies (400, 415) and unknown tokens (401)', async () => {
    const action = await collectLogs();
    const tooBig = await upload(action.id, new Uint8Array(ACTION_LIMITS.maxArtifactBytes + 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: { code: 'E_BODY_TOO_LARGE' } });
    const notGzip = await upload(action.id, 'plain text');
    expect(notGzip.body).toMatchObject({ error: { code: 'E_BAD_REQUEST' } });
    const wrongType = await upload(action.id, bundle('x'), agent.agentToken, 'application/json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ error: { code: 'E_UNSUPPORTED_MEDIA_TYPE' } });
    const stranger = await upload(action.id, bundle('x'), 'dfa_' + 'z'.repeat(43));
    expect(stranger.status).toBe(401);
    expect((await getAction(server.url, operatorKey, action.id)).hasArtifact).toBe(false);
  });

  it("another org's operator cannot download it", async () => {
    const action = await collectLogs();
    await upload(action.id, bundle('secret'));
    const other = await createOrgWithUser(server.ctx, { role: 'owner' });
    const theirKey = await createApiKey(server.ctx, other.orgId, 'owner');
    const answer = await call(
      server.url,
      'GET',
      FLEET_API.actionArtifact(action.id),
      bearer(theirKey),
    );
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
  });
});

describe('artifactFileName', () => {
  it.each([
    ['pc-1', 'dashfleet-logs-pc-1-20260302-1007.txt.gz'],
    ['../../etc/passwd', 'dashfleet-logs-etc-passwd-20260302-1007.txt.gz'],
    ['bureau "été"; rm', 'dashfleet-logs-bureau-t-rm-20260302-1007.txt.gz'],
    ['', 'dashfleet-logs-machine-20260302-1007.txt.gz'],
    ['\r\nSet-Cookie: x', 'dashfleet-logs-Set-Cookie-x-20260302-1007.txt.gz'],
  ])('%j -> %s', (hostname, expected) => {
    expect(artifactFileName(hostname, Date.UTC(2026, 2, 2, 10, 7, 30))).toBe(expected);
  });
});
