import { execFile } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import { ACTION_LIMITS } from '../../../shared/protocol/action-constants.js';
import { boundOutput } from '../results.js';
import type { CommandOutcome, CommandRunner } from './runner.js';

/**
 * What execFile may buffer before it kills the command. The output kept is far smaller
 * (ACTION_LIMITS.outputChars, head and tail); this only stops a runaway command from filling
 * the agent's memory.
 */
const MAX_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * The real runner: child_process.execFile with an argument array, so nothing the server sends
 * can become shell syntax (and nothing it sends reaches a command line at all: the commands are
 * fixed per OS). Output is bounded, the exit status reported, a command past its timeout killed.
 */
export function createExecRunner(): CommandRunner {
  return {
    isDryRun: false,
    run(command, options = {}) {
      const timeoutMs = options.timeoutMs ?? ACTION_LIMITS.commandTimeoutMs;
      return new Promise<CommandOutcome>((resolve) => {
        execFile(
          command.file,
          [...command.args],
          {
            shell: false,
            windowsHide: true,
            timeout: timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer: MAX_BUFFER_BYTES,
            encoding: 'utf8',
            ...(options.signal ? { signal: options.signal } : {}),
          },
          (error: ExecFileException | null, stdout: string, stderr: string) => {
            resolve(toOutcome(error, joinOutput(stdout, stderr), options.signal));
          },
        );
      });
    },
  };
}

function toOutcome(
  error: ExecFileException | null,
  output: string,
  signal: AbortSignal | undefined,
): CommandOutcome {
  const exited = (exitCode: number | null, note?: string): CommandOutcome => ({
    exitCode,
    output: boundOutput(note ? joinOutput(output, note) : output),
    isTimedOut: false,
  });
  if (!error) return exited(0);
  if (typeof error.code === 'number') return exited(error.code);
  if (error.code === 'ABORT_ERR' || signal?.aborted) {
    return exited(null, 'stopped: the agent was stopping');
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return exited(null, `stopped: more than ${MAX_BUFFER_BYTES} bytes of output`);
  }
  // execFile kills a command past its timeout itself, and says so with `killed`.
  if (error.killed) return { ...exited(null), isTimedOut: true };
  if (error.signal) return exited(null, `ended by ${error.signal}`);
  return { ...exited(null, error.message), startError: String(error.code ?? error.message) };
}

function joinOutput(stdout: string, stderr: string): string {
  const out = stdout.trimEnd();
  const err = stderr.trimEnd();
  if (out === '') return err;
  return err === '' ? out : `${out}\n${err}`;
}
