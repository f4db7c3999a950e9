import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionLink } from '../../../src/agent/link/action-link.js';
import { createActionLink } from '../../../src/agent/link/action-link.js';
import { ACTION_LIMITS } from '../../../src/shared/protocol/action-constants.js';
import type { ActionServer } from './action-test-server.js';
import { PREFIX, TOKEN, actionServers, fakeEngine, manualClock } from './action-test-server.js';
import { memoryLogger } from './scripted-server.js';

const newServer = actionServers();
const running: ActionLink[] = [];
afterEach(async () => {
  for (const link of running.splice(0)) await link.stop();
});

function start(server: ActionServer | null) {
  const link = createActionLink({
    link: server ? { serverUrl: server.url, agentToken: TOKEN } : null,
    engine: fakeEngine(),
    logger: memoryLogger().logger,
    clock: manualClock(),
    random: () => 0.5,
  });
  running.push(link);
  return link;
}

describe('uploading a collect-logs bundle', () => {
  it('PUTs the gzip to the action, with the agent token', async () => {
    const server = await newServer();
    const link = start(server);
    const bundle = gzipSync(Buffer.from('logs of this PC\n'.repeat(100)));

    const result = await link.uploadArtifact('act_42', bundle);

    expect(result).toEqual({ ok: true });
    const put = server.http.find((request) => request.method === 'PUT');
    expect(put?.path).toBe(`${PREFIX}/api/v1/agent/actions/act_42/artifact`);
    expect(put?.headers['content-type']).toBe('application/gzip');
    expect(put?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(put?.body.equals(bundle)).toBe(true);
  });

  it("answers the server's refusal as a value", async () => {
    const server = await newServer();
    server.artifactStatus = 413;
    const link = start(server);

    const result = await link.uploadArtifact('act_42', gzipSync(Buffer.from('x')));

    expect(result).toMatchObject({ ok: false, error: { code: 'E_ARTIFACT_TOO_LARGE' } });
  });

  it('refuses a bundle over the limit without sending it', async () => {
    const server = await newServer();
    const link = start(server);

    const result = await link.uploadArtifact(
      'act_42',
      Buffer.alloc(ACTION_LIMITS.maxArtifactBytes + 1),
    );

    expect(result).toMatchObject({ ok: false, error: { code: 'E_ARTIFACT_TOO_LARGE' } });
    expect(server.http.filter((request) => request.method === 'PUT')).toEqual([]);
  });

  it('has nowhere to upload when the PC is not enrolled or the server is unreachable', async () => {
    expect(await start(null).uploadArtifact('act_42', Buffer.from('x'))).toMatchObject({
      ok: false,
      error: { code: 'E_NOT_ENROLLED' },
    });
    const server = await newServer();
    const link = start(server);
    await server.close();
    expect(await link.uploadArtifact('act_42', Buffer.from('x'))).toMatchObject({
      ok: false,
      error: { code: 'E_SERVER_UNREACHABLE' },
    });
  });
});
