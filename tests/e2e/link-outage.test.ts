import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../helpers/agent-process.js';
import {
  ROOT,
  isStoredCycle,
  runAgentCli,
  startAgent,
  tempDataDir,
} from '../helpers/agent-process.js';

const SERVER_CLI = join(ROOT, 'dist/server/cli.js');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise((done) => probe.close(done));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function serverCli(args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync('node', [SERVER_CLI, ...args], { encoding: 'utf8' })) as Record<
    string,
    unknown
  >;
}

/** `dashfleet-server start` as a real process; resolves once it answers /healthz. */
async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    'node',
    [SERVER_CLI, 'start', '--port', String(port), '--data-dir', dataDir],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('the server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

function readServer(dataDir: string) {
  const db = new Database(join(dataDir, 'server.db'), { readonly: true });
  try {
    const lastSeq = (db.prepare('SELECT last_seq FROM machines').get() as { last_seq: number })
      .last_seq;
    const counted = (
      db
        .prepare(
          "SELECT SUM(count) AS total FROM machine_minutes WHERE metric = 'cpu.usagePercent'",
        )
        .get() as { total: number }
    ).total;
    return { lastSeq, counted };
  } finally {
    db.close();
  }
}

const seqsOf = (agent: RunningAgent): number[] =>
  agent.logs.filter(isStoredCycle).map((line) => Number(line.seq));

describe('a real agent reporting to a real server through an outage', () => {
  const serverDir = mkdtempSync(join(tmpdir(), 'dashfleet-server-'));
  const agentDir = tempDataDir();
  let server: ChildProcess | undefined;
  let agent: RunningAgent | undefined;

  afterAll(async () => {
    agent?.child.kill('SIGKILL');
    if (server && server.exitCode === null) await stopServer(server);
    for (const dir of [serverDir, agentDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every sample taken while the server was down, exactly once', async () => {
    const port = await freePort();
    serverCli([
      'init',
      '--org',
      'Acme',
      '--email',
      'owner@acme.test',
      '--password',
      'long-enough-1',
      '--json',
      '--data-dir',
      serverDir,
    ]);
    const { token } = serverCli([
      'create-enrollment-token',
      '--org',
      'Acme',
      '--json',
      '--data-dir',
      serverDir,
    ]);
    server = await startServer(port, serverDir);
    const url = `http://127.0.0.1:${port}`;
    const enrolled = runAgentCli([
      'enroll',
      '--server',
      url,
      '--token',
      String(token),
      '--data-dir',
      agentDir,
    ]);
    expect(enrolled.code, enrolled.stderr).toBe(0);

    agent = startAgent(['--data-dir', agentDir, '--interval', '1', '--log-level', 'debug']);
    const connected = (line: Record<string, unknown>) => line.msg === `link: connected to ${url}`;
    await agent.waitForLog(connected);
    await agent.waitForLog(isStoredCycle, 3);

    await stopServer(server);
    const beforeOutage = Math.max(...seqsOf(agent));
    await agent.waitForLog((line) => /^link: server unreachable/.test(String(line.msg)));
    await agent.waitForLog(isStoredCycle, seqsOf(agent).length + 6);
    const duringOutage = seqsOf(agent).filter((seq) => seq > beforeOutage);
    expect(duringOutage.length).toBeGreaterThanOrEqual(6);

    server = await startServer(port, serverDir);
    await agent.waitForLog(connected, 2);
    // Let the catch-up land, then stop both so the server has flushed what it holds.
    await agent.waitForLog(isStoredCycle, seqsOf(agent).length + 3);
    const exited = agent.exited;
    agent.child.kill('SIGTERM');
    await exited;
    await stopServer(server);

    const { lastSeq, counted } = readServer(serverDir);
    for (const seq of duringOutage) expect(seq).toBeLessThanOrEqual(lastSeq);
    // Every seq from 1 to last_seq stored once: one CPU value each in the per-minute counts.
    expect(counted).toBe(lastSeq);
    expect(seqsOf(agent)).toEqual(Array.from({ length: seqsOf(agent).length }, (_, i) => i + 1));
  }, 90_000);
});
