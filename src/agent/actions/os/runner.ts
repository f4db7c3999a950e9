import type { OsCommand } from './commands.js';

/** What a command did. */
export interface CommandOutcome {
  /** The exit status; null when it was killed (timeout, stop) or never started. */
  exitCode: number | null;
  /** stdout then stderr, bounded (head and tail kept). */
  output: string;
  /** Killed because it ran past its timeout. */
  isTimedOut: boolean;
  /** Why it could not start (ENOENT: no such program), when it could not. */
  startError?: string;
}

export interface RunOptions {
  /** Killed after this long. Default ACTION_LIMITS.commandTimeoutMs. */
  timeoutMs?: number;
  /** Kills the command (the agent is stopping). */
  signal?: AbortSignal;
}

/** Runs fixed commands (never through a shell), or, in dry-run, only says what it would run. */
export interface CommandRunner {
  readonly isDryRun: boolean;
  run(command: OsCommand, options?: RunOptions): Promise<CommandOutcome>;
}

export function succeeded(outcome: CommandOutcome): boolean {
  return outcome.exitCode === 0 && !outcome.isTimedOut && outcome.startError === undefined;
}
