import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './agent-process.js';

/** The built server CLI, exactly what `dashfleet-server` runs. */
export const SERVER_CLI = join(ROOT, 'dist/server/cli.js');

/** A TCP port nobody listens on right now (the server needs it before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise((done) => probe.close(done));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Runs `dashfleet-server <args> --json` to completion and parses its one JSON object. */
export function serverCliJson(args: string[]): Record<string, unknown> {
  const stdout = execFileSync('node', [SERVER_CLI, ...args, '--json'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What the server wrote on stderr, for failure messages. */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Resolves once the child has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Signals the child, then kills it if it outlives `graceMs`. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 10_000,
): Promise<void> {
  const exited = exitOf(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * `dashfleet-server start` as a real process on `port`, with the given settings flags;
 * resolves once it answers /healthz (within about 20 s), else kills it and throws.
 */
export async function startServerProcess(
  port: number,
  dataDir: string,
  flags: string[] = [],
): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'node',
    [SERVER_CLI, 'start', '--port', String(port), '--data-dir', dataDir, ...flags],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const server: ServerProcess = {
    child,
    url,
    stderr: () => stderr,
    stop: (graceMs) => stopChild(child, 'SIGTERM', graceMs),
  };
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  await server.stop(1_000);
  throw new Error(`the server did not start: ${stderr}`);
}
