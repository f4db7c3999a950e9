import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { CliResult } from '../helpers/agent-process.js';
import { AGENT_BIN, tempDataDir } from '../helpers/agent-process.js';
import { scriptedServers } from '../agent/link/scripted-server.js';

const newServer = scriptedServers();

/**
 * `dashfleet-agent <args>` to completion without blocking this process: the HTTP endpoint
 * it talks to runs here.
 */
function runAgentCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(AGENT_BIN, args, { env: { ...process.env, LANG: 'en_US.UTF-8' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('dashfleet-agent enroll, as a real process against a real HTTP endpoint', () => {
  it('enrols, stores link.json owner-only and says where it will report', async () => {
    const server = await newServer();
    server.next.push({
      status: 200,
      body: {
        protocolVersion: 1,
        agentId: 'agt_9',
        agentToken: 'tok-from-server',
        orgName: 'Acme',
        reportIntervalSeconds: 10,
      },
    });
    const dataDir = tempDataDir();
    const { code, stdout, stderr } = await runAgentCliAsync([
      'enroll',
      '--server',
      server.url,
      '--token',
      'enrol-me',
      '--data-dir',
      dataDir,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`Enrolled in Acme as agt_9; the agent will report to ${server.url}\n`);
    const file = join(dataDir, 'link.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      serverUrl: server.url,
      agentId: 'agt_9',
      agentToken: 'tok-from-server',
      orgName: 'Acme',
    });
    const sent = server.requests[0]?.body as { hardwareId: string; hostname: string };
    expect(sent.hardwareId.length).toBeGreaterThan(0);
    expect(sent.hostname.length).toBeGreaterThan(0);
  });

  it.each(['ftp://fleet.example.com', 'not a url', 'https://user:pw@fleet.example.com'])(
    'refuses the address %j in one line, exit 2',
    async (url) => {
      const { code, stdout, stderr } = await runAgentCliAsync([
        'enroll',
        '--server',
        url,
        '--token',
        't',
        '--data-dir',
        tempDataDir(),
      ]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^dashfleet-agent: .*(server address|http)/);
    },
  );

  it('says the token was refused, exit 1, and writes nothing', async () => {
    const server = await newServer();
    server.next.push({
      status: 401,
      body: { error: { code: 'E_ENROLL_TOKEN_USED_UP', message: 'no uses left' } },
    });
    const dataDir = tempDataDir();
    const { code, stderr } = await runAgentCliAsync([
      'enroll',
      '--server',
      server.url,
      '--token',
      'spent',
      '--data-dir',
      dataDir,
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'dashfleet-agent: This enrolment token has been used as many times as it allows: ask for a new one.\n',
    );
    expect(() => statSync(join(dataDir, 'link.json'))).toThrow();
  });

  it('says the server could not be reached, exit 1', async () => {
    const server = await newServer();
    await server.close();
    const { code, stderr } = await runAgentCliAsync([
      'enroll',
      '--server',
      server.url,
      '--token',
      't',
      '--data-dir',
      tempDataDir(),
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/could not be reached/);
  });
});
