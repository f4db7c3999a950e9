import { ACTION_ERROR_CODES } from '../../../shared/protocol/action-constants.js';
import { runPlan } from '../os/run-plan.js';
import { failure } from '../results.js';
import { osName, taskHandler } from './task.js';

/** Windows only: stops and starts the print spooler, the cure for a print queue that hangs. */
export const restartPrintSpoolerHandler = taskHandler(async (_action, { os, signal }) => {
  const plan = os.commands.restartPrintSpooler;
  if (!plan) {
    return failure(
      ACTION_ERROR_CODES.unsupportedOs,
      `the print spooler service exists on Windows only; this PC runs ${osName(os.platform)}`,
    );
  }
  return runPlan(plan, os.runner, { signal });
});
