import { Command, CommanderError } from 'commander';
import { AGENT_VERSION } from '../../agent/version.js';
import { CliError } from '../../shared/cli-error.js';
import type { GlobalOptions } from './context.js';
import { registerEnroll } from './enroll.js';
import { registerExport } from './export.js';
import { registerHistory } from './history.js';
import type { Opener } from './open.js';
import { registerOpen, systemOpener } from './open.js';
import { registerRun } from './run.js';
import { registerStatus } from './status.js';

const NAME = 'dashfleet-agent';

export interface ProgramDeps {
  /** How `open` opens the dashboard; the OS's default browser unless a test says otherwise. */
  opener?: Opener;
}

export function buildProgram(deps: ProgramDeps = {}): Command {
  const program = new Command(NAME)
    .description('DashFleet agent: samples this PC, scores its health and keeps its history.')
    .version(AGENT_VERSION)
    .option('--data-dir <dir>', 'where the agent keeps its data (or DASHFLEET_DATA_DIR)')
    .showSuggestionAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  registerRun(program, globals);
  registerStatus(program, globals);
  registerHistory(program, globals);
  registerExport(program, globals);
  registerOpen(program, globals, deps.opener ?? systemOpener);
  registerEnroll(program, globals);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Global options that take a value, so that value is not mistaken for a command. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--data-dir']);

/**
 * `dashfleet-agent` with no command runs the agent (what a service manager or `npm run agent`
 * wants). Not commander's default command: that would turn a mistyped command into a
 * confusing "too many arguments for 'run'" instead of "unknown command".
 */
export function withDefaultCommand(argv: string[]): string[] {
  const args = argv.slice(2);
  const isAskingForHelp = args.some((arg) => ['-h', '--help', '-V', '--version'].includes(arg));
  const hasCommand = args.some(
    (arg, i) => !arg.startsWith('-') && !GLOBAL_OPTIONS_WITH_VALUE.has(args[i - 1] ?? ''),
  );
  return hasCommand || isAskingForHelp ? argv : [...argv, 'run'];
}

/** Runs the CLI and returns the exit code: 0 done, 1 failed, 2 bad arguments or configuration. */
export async function runCli(argv: string[], deps: ProgramDeps = {}): Promise<number> {
  try {
    await buildProgram(deps).parseAsync(withDefaultCommand(argv));
    return 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      // The reader stopped reading (`export | head`): what it wanted, it got.
      return 0;
    }
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof RangeError || error instanceof TypeError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${NAME}: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
