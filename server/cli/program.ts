import { Command, CommanderError } from 'commander';
import { SERVER_VERSION } from '../config/version.js';
import { ApiError } from '../http/api-error.js';
import { registerBackup } from './backup.js';
import { CliError } from '../../src/shared/cli-error.js';
import { registerCreateEnrollmentToken } from './create-enrollment-token.js';
import { registerCreateUser } from './create-user.js';
import { registerInit } from './init.js';
import { registerStart } from './start.js';

const NAME = 'dashfleet-server';

export function buildProgram(): Command {
  const program = new Command(NAME)
    .description('DashFleet companion server: enrols agents and shows the fleet on a web page.')
    .version(SERVER_VERSION)
    .showSuggestionAfterError()
    .exitOverride();
  registerStart(program);
  registerInit(program);
  registerCreateUser(program);
  registerCreateEnrollmentToken(program);
  registerBackup(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code: 0 done, 1 failed, 2 bad arguments or configuration. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError) return fail(error.message, error.exitCode);
  // The same refusals the HTTP API gives: the client's mistakes are bad arguments.
  if (error instanceof ApiError) return fail(error.message, error.statusCode === 400 ? 2 : 1);
  const message = error instanceof Error ? error.message : String(error);
  return fail(message, 1);
}

function fail(message: string, code: 1 | 2): number {
  process.stderr.write(`${NAME}: ${message.split('\n')[0]}\n`);
  return code;
}
