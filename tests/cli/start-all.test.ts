import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/agent-process.js';
import { startDesktopSession } from '../helpers/desktop-session.js';
import { freePort } from '../helpers/server-process.js';

const LAUNCHER = join(ROOT, 'dist/src/cli/start-all.js');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm start` as a new user runs it (minus the build, done once by the test set-up). */
function startLauncher(
  port: number,
  serverDir: string,
  agentDir: string,
  env: NodeJS.ProcessEnv = {},
) {
  const child = spawn(
    process.execPath,
    [
      LAUNCHER,
      '--port',
      String(port),
      '--server-data-dir',
      serverDir,
      '--agent-data-dir',
      agentDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  const running = new Promise<string>((done, fail) => {
    const timer = setInterval(() => {
      if (stdout.includes('Press Ctrl+C')) {
        clearInterval(timer);
        done(stdout);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`launcher exited (${code}) early:\n${stdout}\n${stderr}`));
    });
  });
  return { child, running, exited, output: () => ({ stdout, stderr }) };
}

/** Signs in as the fleet page does: the session cookie and the CSRF token for changes. */
async function signIn(fleetUrl: string, email: string, password: string) {
  const login = await fetch(`${fleetUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function machinesSeenBy(fleetUrl: string, cookie: string) {
  const list = await fetch(`${fleetUrl}/api/v1/machines`, { headers: { cookie } });
  expect(list.status).toBe(200);
  return (await list.json()) as {
    machines: Array<{ id: string; hostname: string; status: string }>;
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('npm start', () => {
  it('starts the server, creates the first owner, enrols this PC, shows it on the fleet, and a message reaches its desktop', async () => {
    const serverDir = mkdtempSync(join(tmpdir(), 'dashfleet-start-server-'));
    const agentDir = mkdtempSync(join(tmpdir(), 'dashfleet-start-agent-'));
    dirs.push(serverDir, agentDir);
    const port = await freePort();
    // A person's desktop: the agent notifies through its notification daemon.
    const desktop = await startDesktopSession();
    const launcher = startLauncher(port, serverDir, agentDir, desktop.env);
    try {
      const stdout = await launcher.running;
      const fleetUrl = /Fleet page:\s+(\S+)/.exec(stdout)?.[1];
      const credentials = /log in as (\S+) \/ (\S+)/.exec(stdout);
      expect(fleetUrl).toBe(`http://localhost:${port}`);
      expect(stdout).toMatch(/This PC's page:\s+http:\/\/127\.0\.0\.1:\d+\//);
      expect(credentials).not.toBeNull();
      const [, email = '', password = ''] = credentials ?? [];
      // The credentials are kept for the next start, readable by their owner only.
      expect(statSync(join(serverDir, 'first-owner.json')).mode & 0o077).toBe(0);
      expect(existsSync(join(agentDir, 'link.json'))).toBe(true);

      // This PC appears within seconds: its first report follows its first sample.
      const { cookie, csrfToken } = await signIn(fleetUrl ?? '', email, password);
      let seen: Array<{ id: string; hostname: string; status: string }> = [];
      for (let attempt = 0; attempt < 50 && seen[0]?.status !== 'online'; attempt += 1) {
        seen = (await machinesSeenBy(fleetUrl ?? '', cookie)).machines;
        if (seen[0]?.status !== 'online') await sleep(200);
      }
      expect(seen).toHaveLength(1);
      expect(seen[0]?.status).toBe('online');

      // The owner sends this PC a message (what the fleet page's Send message does)...
      const sent = await fetch(`${fleetUrl}/api/v1/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({
          type: 'message',
          params: { title: 'Hello from IT', body: 'It works.', level: 'info' },
          target: { machineIds: [seen[0]?.id] },
        }),
      });
      expect(sent.status).toBe(201);
      const { actions } = (await sent.json()) as { actions: Array<{ id: string }> };
      // ...and it pops up on this desktop, and the server hears it was shown.
      const call = await desktop.waitForNotify((c) => c.summary.includes('Hello from IT'));
      expect(call).toMatchObject({
        appName: 'DashFleet',
        summary: 'Message from IT: Hello from IT',
      });
      let state = '';
      for (let attempt = 0; attempt < 100 && state !== 'succeeded/shown'; attempt += 1) {
        const detail = await fetch(`${fleetUrl}/api/v1/actions/${actions[0]?.id}`, {
          headers: { cookie },
        });
        const { status, stage } = (await detail.json()) as { status: string; stage: string | null };
        state = `${status}/${stage ?? ''}`;
        if (state !== 'succeeded/shown') await sleep(100);
      }
      expect(state).toBe('succeeded/shown');
    } finally {
      launcher.child.kill('SIGINT');
      await launcher.exited;
      await desktop.stop();
    }
    expect(await launcher.exited).toBe(0);
  }, 90_000);

  it('refuses a port that is not a port, with one line and exit code 2', async () => {
    const child = spawn(process.execPath, [LAUNCHER, '--port', 'eighty'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--port');
  });
});
