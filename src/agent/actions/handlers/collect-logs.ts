import { ACTION_ERROR_CODES } from '../../../shared/protocol/action-constants.js';
import { buildLogBundle } from '../log-bundle.js';
import { failure } from '../results.js';
import { taskHandler } from './task.js';

/** Sends IT the agent's recent logs and a system summary, as one gzip'd text bundle. */
export const collectLogsHandler = taskHandler(async (action, context) => {
  const bundle = await buildLogBundle({
    logFiles: context.logFiles(),
    latest: context.latest(),
    now: context.clock.now(),
  });
  const detail = { bytes: bundle.gzip.length, logFiles: bundle.logFiles };
  let upload;
  try {
    upload = await context.uploadArtifact(action.id, bundle.gzip);
  } catch (error) {
    upload = { ok: false as const, error: (error as Error).message };
  }
  if (!upload.ok) {
    return failure(
      ACTION_ERROR_CODES.uploadFailed,
      `the bundle could not be sent: ${upload.error}`,
      { detail },
    );
  }
  return {
    ok: true,
    result: { output: `sent ${bundle.gzip.length} bytes (${bundle.logFiles} log file(s))`, detail },
  };
});
