import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollAgent, enrolledSentence } from '../../../src/agent/link/enroll.js';
import { createHttpTransport } from '../../../src/agent/link/http-transport.js';
import { createProtocolClient } from '../../../src/agent/link/protocol-client.js';
import { AGENT_ERROR_CODES } from '../../../src/shared/protocol/agent-protocol.js';
import { makeInventory } from '../../helpers/sample-factory.js';
import { scriptedServers } from './scripted-server.js';

const newServer = scriptedServers();
const dirs: string[] = [];
const transports: Array<{ close(): void }> = [];
afterEach(() => {
  for (const transport of transports.splice(0)) transport.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ENROLLED = {
  protocolVersion: 1,
  agentId: 'agt_42',
  agentToken: 'tok-secret',
  orgName: 'Acme Clinic',
  reportIntervalSeconds: 10,
};

async function enrol(serverUrl: string, token = 'enrol-me') {
  const dataDir = mkdtempSync(join(tmpdir(), 'dashfleet-enrol-'));
  dirs.push(dataDir);
  const transport = createHttpTransport({ keepAlive: false });
  transports.push(transport);
  const result = await enrollAgent({
    serverUrl,
    enrollmentToken: token,
    dataDir,
    readInventory: async () => makeInventory(1_000),
    client: createProtocolClient({ transport, now: Date.now }),
    now: () => Date.UTC(2025, 5, 2),
  });
  return { dataDir, result };
}

describe('enrollAgent', () => {
  it('sends the inventory facts and stores the credentials in link.json', async () => {
    const server = await newServer();
    server.next.push({ status: 200, body: { ...ENROLLED, somethingNewer: true } });
    const { dataDir, result } = await enrol(`${server.url}/`);
    expect(result.ok).toBe(true);
    expect(server.requests[0]?.path).toBe('/api/v1/agent/enroll');
    expect(server.requests[0]?.body).toEqual({
      protocolVersion: 1,
      enrollmentToken: 'enrol-me',
      hardwareId: makeInventory(1_000).hardwareId,
      hostname: 'reception-pc',
      os: expect.objectContaining({ platform: expect.any(String) }),
      agentVersion: makeInventory(1_000).agentVersion,
    });
    const file = join(dataDir, 'link.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      serverUrl: server.url,
      agentId: 'agt_42',
      agentToken: 'tok-secret',
      orgName: 'Acme Clinic',
      enrolledAt: '2025-06-02T00:00:00.000Z',
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (result.ok) {
      expect(enrolledSentence(result.value)).toBe(
        `Enrolled in Acme Clinic as agt_42; the agent will report to ${server.url}`,
      );
    }
  });

  it.each([
    [AGENT_ERROR_CODES.enrollTokenInvalid, /does not know this enrolment token/],
    [AGENT_ERROR_CODES.enrollTokenExpired, /has expired/],
    [AGENT_ERROR_CODES.enrollTokenRevoked, /revoked by an administrator/],
    [AGENT_ERROR_CODES.enrollTokenUsedUp, /as many times as it allows/],
    [AGENT_ERROR_CODES.protocolVersion, /does not accept this version of the agent/],
    [AGENT_ERROR_CODES.rateLimited, /too many requests/],
  ])('turns %s into a clear sentence and writes nothing', async (code, sentence) => {
    const server = await newServer();
    server.next.push({ status: 401, body: { error: { code, message: 'refused' } } });
    const { dataDir, result } = await enrol(server.url);
    expect(result).toEqual({
      ok: false,
      error: { code, message: expect.stringMatching(sentence) },
    });
    expect(() => statSync(join(dataDir, 'link.json'))).toThrow();
  });

  it.each(['constructor', 'toString', '__proto__'])(
    'keeps a server code named like an object property (%s) as a plain refusal',
    async (code) => {
      const server = await newServer();
      server.next.push({ status: 400, body: { error: { code, message: 'no' } } });
      const { result } = await enrol(server.url);
      expect(result).toEqual({
        ok: false,
        error: { code, message: `The server refused the enrolment (${code}: no).` },
      });
    },
  );

  it('says the server could not be reached when nothing listens', async () => {
    const server = await newServer();
    await server.close();
    const { result } = await enrol(server.url);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'E_SERVER_UNREACHABLE',
        message: `The server at ${server.url} could not be reached (ECONNREFUSED).`,
      },
    });
  });

  it('says when the address is not a DashFleet server', async () => {
    const server = await newServer();
    server.next.push({ status: 200, body: { hello: 'world' } });
    const { result } = await enrol(server.url);
    expect(result.ok ? '' : result.error.code).toBe('E_SERVER_BAD_RESPONSE');
  });

  it('refuses a bad address or an empty token before any request', async () => {
    const server = await newServer();
    expect((await enrol('ftp://example.com')).result).toMatchObject({
      ok: false,
      error: { code: 'E_LINK_URL_INVALID' },
    });
    expect((await enrol(server.url, '  ')).result).toMatchObject({
      ok: false,
      error: { code: 'E_LINK_TOKEN_MISSING' },
    });
    expect(server.requests).toHaveLength(0);
  });
});
