import { ACTION_LIMITS } from '../../shared/protocol/action-constants.js';
import { AGENT_API } from '../../shared/protocol/protocol-constants.js';
import type { LinkError } from '../../shared/local-api.js';
import { MINUTE_MS } from '../../shared/time.js';
import type { ActionTarget } from './action-http.js';
import { bearer, failureOf, isSuccess } from './action-http.js';
import type { Transport } from './http-transport.js';

export type ArtifactResult = { ok: true } | { ok: false; error: LinkError };

export const ARTIFACT_ERROR_CODES = {
  /** This PC is not enrolled (or its token was refused): there is nowhere to upload to. */
  notLinked: 'E_NOT_ENROLLED',
  tooLarge: 'E_ARTIFACT_TOO_LARGE',
} as const;

/** Five megabytes over a slow office line take a while. */
const UPLOAD_TIMEOUT_MS = 5 * MINUTE_MS;

/**
 * PUTs a collect-logs bundle (gzip) for one action. A failure is a value: the engine reports
 * the action as failed with it rather than retrying a big upload on its own.
 */
export async function putArtifact(
  transport: Transport,
  target: ActionTarget | null,
  actionId: string,
  gzip: Buffer,
  now: () => number,
): Promise<ArtifactResult> {
  if (!target) {
    const message = 'this PC is not linked to a server, the bundle cannot be uploaded';
    return { ok: false, error: { code: ARTIFACT_ERROR_CODES.notLinked, message } };
  }
  if (gzip.length > ACTION_LIMITS.maxArtifactBytes) {
    const message = `the bundle is ${gzip.length} bytes, more than the ${ACTION_LIMITS.maxArtifactBytes} the server accepts`;
    return { ok: false, error: { code: ARTIFACT_ERROR_CODES.tooLarge, message } };
  }
  const answer = await transport.post({
    method: 'PUT',
    url: `${target.serverUrl}${AGENT_API.actionArtifact(actionId)}`,
    headers: { 'content-type': 'application/gzip', ...bearer(target) },
    body: gzip,
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
  if (isSuccess(answer)) return { ok: true };
  const failure = failureOf(answer, now(), 'artifact upload');
  return { ok: false, error: { code: failure.code, message: failure.message } };
}
