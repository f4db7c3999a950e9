import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, collecting its output. Never rejects for a non-zero exit. */
export function runCommand(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command that prints one JSON object (`--json`), or fails with what it said on stderr. */
export async function runJsonCommand<T>(command: string, args: string[]): Promise<T> {
  const result = await runCommand(command, args);
  if (result.code !== 0) {
    const said = result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`;
    throw new Error(said);
  }
  return JSON.parse(result.stdout) as T;
}

export interface LongRunning {
  child: ChildProcess;
  /** Resolves with the first output line the predicate picks, rejects if the process ends first. */
  waitForLine(pick: (line: string) => string | undefined): Promise<string>;
  exited: Promise<number | null>;
}

/**
 * Starts a long-running process whose output lines are watched for a value (a URL) and also
 * passed through to ours when `echo` says so, so its own messages stay visible.
 */
export function startLongRunning(
  command: string,
  args: string[],
  echo: (line: string) => void,
): LongRunning {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners = new Set<(line: string) => void>();
  const follow = (stream: NodeJS.ReadableStream | null): void => {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        echo(line);
        for (const listener of listeners) listener(line);
      }
    });
  };
  follow(child.stdout);
  follow(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    waitForLine: (pick) =>
      new Promise((resolve, reject) => {
        const listener = (line: string): void => {
          const value = pick(line);
          if (value === undefined) return;
          listeners.delete(listener);
          resolve(value);
        };
        listeners.add(listener);
        void exited.then((code) => {
          listeners.delete(listener);
          reject(
            new Error(`${command} ${args[0] ?? ''} exited (code ${code}) before it was ready`),
          );
        });
      }),
  };
}

/** Polls a URL until it answers 200, or gives up after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await delay(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (${lastError})`);
}
