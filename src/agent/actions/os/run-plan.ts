import { ACTION_ERROR_CODES } from '../../../shared/protocol/action-constants.js';
import type { TaskOutcome } from '../results.js';
import { boundOutput, failure } from '../results.js';
import type { CommandPlan } from './commands.js';
import { displayCommand } from './commands.js';
import type { CommandOutcome, CommandRunner, RunOptions } from './runner.js';
import { succeeded } from './runner.js';

/**
 * Runs a task's commands as its plan says and reports them as one result: each command's line
 * and output in the order they ran, and the exit status of the one that decided the outcome.
 */
export async function runPlan(
  plan: CommandPlan,
  runner: CommandRunner,
  options: RunOptions = {},
): Promise<TaskOutcome> {
  const transcript: string[] = [];
  let deciding: CommandOutcome | undefined;
  let failedAt: string | undefined;
  for (const step of plan.steps) {
    const line = displayCommand(step.command);
    const outcome = await runner.run(step.command, options);
    transcript.push(`$ ${line}`, ...(outcome.output === '' ? [] : [outcome.output]));
    deciding = outcome;
    if (options.signal?.aborted) {
      failedAt = line;
      break;
    }
    if (plan.mode === 'first-that-works') {
      if (succeeded(outcome)) {
        failedAt = undefined;
        break;
      }
      failedAt = line;
    } else if (!succeeded(outcome) && !step.mayFail) {
      failedAt = line;
      break;
    }
  }
  const result = {
    exitCode: deciding?.exitCode ?? null,
    output: boundOutput(transcript.join('\n')),
    ...(runner.isDryRun ? { detail: { dryRun: true } } : {}),
  };
  if (failedAt === undefined) return { ok: true, result };
  if (deciding?.isTimedOut) {
    return failure(ACTION_ERROR_CODES.timeout, `"${failedAt}" did not finish in time`, result);
  }
  const why = deciding?.startError
    ? `could not be started (${deciding.startError})`
    : deciding?.exitCode === null
      ? 'was stopped before it finished'
      : `exited with status ${deciding?.exitCode}`;
  return failure(ACTION_ERROR_CODES.commandFailed, `"${failedAt}" ${why}`, result);
}
