import { ACTION_ERROR_CODES } from '../../../shared/protocol/action-constants.js';
import type { ActionHandler, HandlerContext } from '../registry.js';
import type { TaskOutcome } from '../results.js';
import { failure } from '../results.js';
import type { AcceptedAction } from '../types.js';

/** A maintenance task: reported running, then succeeded or failed with what it produced. */
export function taskHandler(
  task: (action: AcceptedAction, context: HandlerContext) => Promise<TaskOutcome>,
): ActionHandler {
  return {
    async run(action, context) {
      context.report.running(action.id);
      let outcome: TaskOutcome;
      try {
        outcome = await task(action, context);
      } catch (error) {
        // A task reports expected failures as values; this is a bug, still reported as a result.
        context.logger.error({ err: error }, `actions: ${action.type} ${action.id} failed`);
        outcome = failure(ACTION_ERROR_CODES.commandFailed, `the task failed: ${String(error)}`);
      }
      context.report.finished(action.id, outcome);
      const how = outcome.ok ? 'succeeded' : `failed (${outcome.error.message})`;
      context.logger.info(`actions: ${action.type} ${action.id} ${how}`);
    },
  };
}

const OS_NAMES: Record<string, string> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };

export function osName(platform: string): string {
  return OS_NAMES[platform] ?? platform;
}

export function unsupportedOs(what: string, platform: string): TaskOutcome {
  return failure(
    ACTION_ERROR_CODES.unsupportedOs,
    `${what} is not available on ${osName(platform)}`,
  );
}
