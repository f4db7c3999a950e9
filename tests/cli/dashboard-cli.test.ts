import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/agent/program.js';
import { httpGet } from '../agent/local-api/http.js';
import type { RunningAgent } from '../helpers/agent-process.js';
import { isStoredCycle, runAgentCli, startAgent, tempDataDir } from '../helpers/agent-process.js';

const DASHBOARD_LINE = /^dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/auth\?secret=[\w-]{43})$/;

describe('dashfleet-agent run serves the local dashboard', () => {
  const dataDir = tempDataDir();
  let agent: RunningAgent;
  let url: string;

  beforeAll(async () => {
    agent = startAgent(['--data-dir', dataDir, '--interval', '1', '--log-level', 'debug']);
    await agent.waitForLog((line) => DASHBOARD_LINE.test(String(line.msg)));
    await agent.waitForLog(isStoredCycle, 1);
    const line = agent.logs.find((l) => DASHBOARD_LINE.test(String(l.msg)));
    url = DASHBOARD_LINE.exec(String(line?.msg))?.[1] ?? '';
  });

  afterAll(() => {
    if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
  });

  it('logs the link in plain words, once, and nowhere else', () => {
    const secret = new URL(url).searchParams.get('secret') ?? '';
    expect(secret).toHaveLength(43);
    const mentions = agent.logs.filter((line) => JSON.stringify(line).includes(secret));
    expect(mentions).toHaveLength(1);
  });

  it('exchanges the link for a cookie over real HTTP, then answers /api/status with it', async () => {
    const refused = await fetch(new URL('/api/status', url));
    expect(refused.status).toBe(401);

    const auth = await fetch(url, { redirect: 'manual' });
    expect(auth.status).toBe(302);
    const setCookie = auth.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';

    const status = await fetch(new URL('/api/status', url), { headers: { cookie } });
    expect(status.status).toBe(200);
    const body = await status.json();
    expect(body.sample.ts).toBeGreaterThan(Date.now() - 10_000);
    expect(body.health.score).toBeGreaterThanOrEqual(0);
    expect(body.agent).toMatchObject({ intervalSeconds: 1, isPaused: false });

    const page = await fetch(new URL('/', url), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('refuses a request naming another host (DNS rebinding) with 403', async () => {
    const port = Number(new URL(url).port);
    const answer = await httpGet(port, new URL(url).pathname + new URL(url).search, {
      host: `rebind.example:${port}`,
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('E_LOCAL_HOST_FORBIDDEN');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('open --print prints the same link, kept owner-only in the data dir', () => {
    const { code, stdout, stderr } = runAgentCli(['open', '--print', '--data-dir', dataDir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`${url}\n`);
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, 'dashboard.url')).mode & 0o777).toBe(0o600);
    }
  });

  it('SIGTERM ends the dashboard, removes the link and exits 0', async () => {
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'dashboard.url'))).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('dashfleet-agent open', () => {
  it('with no agent running exits 1 with one line saying so', () => {
    const dataDir = tempDataDir();
    const { code, stdout, stderr } = runAgentCli(['open', '--data-dir', dataDir]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`no agent is running on ${dataDir}`);
  });

  it("hands the running agent's link to the opener", async () => {
    // This test process plays the running agent: its pid holds the lock.
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, 'agent.lock'), String(process.pid));
    const link = 'http://127.0.0.1:4242/auth?secret=abc';
    writeFileSync(join(dataDir, 'dashboard.url'), `${link}\n`);
    const opened: string[] = [];

    const code = await runCli(['node', 'dashfleet-agent', 'open', '--data-dir', dataDir], {
      opener: async (url) => void opened.push(url),
    });

    expect(code).toBe(0);
    expect(opened).toEqual([link]);
  });

  it('run on a port already taken exits 1 saying so, and leaves no lock behind', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dataDir = tempDataDir();
    try {
      const { code, stderr } = runAgentCli(['run', '--port', String(port), '--data-dir', dataDir]);
      expect(code).toBe(1);
      expect(stderr).toContain(`the dashboard cannot listen on 127.0.0.1:${port}`);
      expect(existsSync(join(dataDir, 'agent.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'dashboard.url'))).toBe(false);
    } finally {
      server.close();
    }
  });

  it('refuses a port out of range for run, exit 2', () => {
    const { code, stderr } = runAgentCli(['run', '--port', '70000', '--data-dir', tempDataDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"70000" is not a whole number from 0 to 65535/);
  });
});
