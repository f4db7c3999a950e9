import { describe, expect, it } from 'vitest';
import { createLink } from '../../../src/agent/link/create-link.js';
import { buildLocalApi } from '../../../src/agent/local-api/build-local-api.js';
import { createFileSettings } from '../../../src/agent/local-api/file-settings.js';
import { createLogger } from '../../../src/agent/logger.js';
import { makeInventory } from '../../helpers/sample-factory.js';
import { apiFixture, login } from '../local-api/local-api-fixture.js';
import { scriptedServers } from './scripted-server.js';

const fixture = apiFixture();
const newServer = scriptedServers();

/** The real local API on the real agent, with a real link to a scripted server. */
async function withLink() {
  const { dataDir, store, agent } = await fixture();
  const link = createLink({
    dataDir,
    store,
    logger: createLogger('silent'),
    readInventory: async () => makeInventory(1_000),
  });
  const app = await buildLocalApi({
    store,
    agent,
    cycles: agent,
    settings: createFileSettings({ dataDir, agent }),
    link,
    version: '1.2.3',
    startedAt: 1_000,
    auth: { mode: 'secret', secret: 'the-secret-this-launch-printed' },
  });
  const cookie = await login(app);
  const enrol = (body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/link/enroll',
      headers: { cookie },
      payload: body as object,
    });
  return {
    app,
    link,
    enrol,
    status: async () => (await app.inject({ url: '/api/status', headers: { cookie } })).json(),
    close: async () => {
      await link.stop();
      await app.close();
    },
  };
}

describe('api/link/enroll and the link in api/status', () => {
  it('reports not enrolled, enrols, and then shows the server in the status', async () => {
    const rig = await withLink();
    const server = await newServer();
    server.next.push({
      status: 200,
      body: {
        protocolVersion: 1,
        agentId: 'agt_7',
        agentToken: 'tok',
        orgName: 'Acme',
        reportIntervalSeconds: 10,
      },
    });
    expect((await rig.status()).link).toEqual({ state: 'not-enrolled', waiting: 0 });
    const answer = await rig.enrol({ serverUrl: server.url, enrollmentToken: 'enrol-me' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      serverUrl: server.url,
      orgName: 'Acme',
      agentId: 'agt_7',
    });
    await rig.link.settled();
    expect((await rig.status()).link).toMatchObject({ state: 'connected', orgName: 'Acme' });
    await rig.close();
  });

  it('answers a refusal as { error: { code, message } } with the sentence', async () => {
    const rig = await withLink();
    const server = await newServer();
    server.next.push({
      status: 401,
      body: { error: { code: 'E_ENROLL_TOKEN_EXPIRED', message: 'expired' } },
    });
    const answer = await rig.enrol({ serverUrl: server.url, enrollmentToken: 'old' });
    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toEqual({
      error: { code: 'E_ENROLL_TOKEN_EXPIRED', message: expect.stringMatching(/has expired/) },
    });
    await rig.close();
  });

  it('answers a server code named like an object property as 502 E_SERVER_ERROR', async () => {
    const rig = await withLink();
    const server = await newServer();
    server.next.push({ status: 400, body: { error: { code: 'constructor', message: 'no' } } });
    const answer = await rig.enrol({ serverUrl: server.url, enrollmentToken: 'enrol-me' });
    expect(answer.statusCode).toBe(502);
    expect(answer.json().error.code).toBe('E_SERVER_ERROR');
    await rig.close();
  });

  it.each([
    [{ serverUrl: 'ftp://x', enrollmentToken: 't' }, 400, 'E_LINK_URL_INVALID'],
    [{ serverUrl: 'https://x.example' }, 400, 'E_BAD_REQUEST'],
    [{ serverUrl: 'https://x.example', enrollmentToken: 't', extra: 1 }, 400, 'E_BAD_REQUEST'],
    [{ serverUrl: 42, enrollmentToken: 't' }, 400, 'E_BAD_REQUEST'],
    [{ serverUrl: 'http://127.0.0.1:1', enrollmentToken: 't' }, 502, 'E_SERVER_UNREACHABLE'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const rig = await withLink();
    const answer = await rig.enrol(body);
    expect(answer.statusCode).toBe(status);
    expect(answer.json().error.code).toBe(code);
    await rig.close();
  });

  it('needs the session cookie like every other route', async () => {
    const rig = await withLink();
    const answer = await rig.app.inject({
      method: 'POST',
      url: '/api/link/enroll',
      payload: { serverUrl: 'https://x.example', enrollmentToken: 't' },
    });
    expect(answer.statusCode).toBe(401);
    await rig.close();
  });
});
