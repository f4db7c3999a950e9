import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The repository. These helpers also run compiled, from dist/tests/helpers (the benchmarks):
 * then two levels up is dist/, one more is the repository.
 */
const twoUp = resolve(import.meta.dirname, '../..');
export const ROOT = basename(twoUp) === 'dist' ? dirname(twoUp) : twoUp;
/** The built binary, exactly what `npm install -g` would put on the PATH (run by its shebang). */
export const AGENT_BIN = join(ROOT, 'dist/agent.mjs');

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'dashfleet-agent-'));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dashfleet-agent <args>` to completion. */
export function runAgentCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(AGENT_BIN, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface RunningAgent {
  child: ChildProcess;
  /** Parsed JSON log lines seen so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves once `count` log lines match. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, count?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `dashfleet-agent run` as a real child process and follows its JSON logs. `env` is
 * added to this process's environment (a hardware id, dry-run actions, a desktop bus).
 */
export function startAgent(args: string[], env: NodeJS.ProcessEnv = {}): RunningAgent {
  const child = spawn(AGENT_BIN, ['run', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines)
      if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    // 'close', not 'exit': only then has every line the agent wrote been read.
    child.on('close', (code, signal) => done({ code, signal })),
  );
  const waitForLog = (predicate: (line: Record<string, unknown>) => boolean, count = 1) =>
    new Promise<void>((done, fail) => {
      const check = () => {
        if (logs.filter(predicate).length >= count) return done();
        if (child.exitCode !== null || child.signalCode !== null) {
          return fail(new Error(`agent exited early: ${stderr}`));
        }
        waiters.push(check);
      };
      void exited.then(() => waiters.length > 0 && check());
      check();
    });
  return { child, logs, waitForLog, exited };
}

export const isStoredCycle = (line: Record<string, unknown>): boolean =>
  line.msg === 'cycle: stored sample';
