import { AGENT_ERROR_CODES } from '../../shared/protocol/protocol-constants.js';
import { parseRetryAfter } from './backoff.js';
import type { TransportResult } from './http-transport.js';
import { LINK_ERROR_CODES } from './link-errors.js';

/** The credentials the actions need from link.json. */
export interface ActionTarget {
  serverUrl: string;
  agentToken: string;
}

/**
 * What an actions request came to, as the uploader's reports are classified: done; worth
 * retrying later (network, timeouts, 5xx, 429, anything unexpected), maybe when the server
 * said; or rejected (the token is no longer valid, or the protocol no longer accepted).
 */
export type ActionAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'retry'; code: string; message: string; retryAfterMs?: number }
  | { ok: false; kind: 'rejected'; code: string; message: string };

export type ActionFailure = Exclude<ActionAnswer<never>, { ok: true }>;

export const bearer = (target: ActionTarget): Record<string, string> => ({
  authorization: `Bearer ${target.agentToken}`,
});

/** A transport result that is not a 2xx, as a failure with a code and a sentence. */
export function failureOf(answer: TransportResult, now: number, what: string): ActionFailure {
  if (!answer.ok) {
    const message =
      answer.error.code === LINK_ERROR_CODES.timeout
        ? `${what}: the server did not answer (${answer.error.message})`
        : `${what}: server unreachable (${answer.error.message})`;
    return { ok: false, kind: 'retry', code: answer.error.code, message };
  }
  const error = errorOf(answer.body);
  const code = error?.code ?? LINK_ERROR_CODES.serverError;
  const said = error ? `: ${error.message}` : '';
  if (answer.status === 401 || code === AGENT_ERROR_CODES.agentTokenInvalid) {
    const message = `${what}: the server refused this agent's token (HTTP ${answer.status}${said})`;
    return { ok: false, kind: 'rejected', code: AGENT_ERROR_CODES.agentTokenInvalid, message };
  }
  if (code === AGENT_ERROR_CODES.protocolVersion) {
    const message = `${what}: the server no longer accepts this agent's protocol version${said}`;
    return { ok: false, kind: 'rejected', code, message };
  }
  const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], now);
  return {
    ok: false,
    kind: 'retry',
    code: answer.status === 429 && error === undefined ? AGENT_ERROR_CODES.rateLimited : code,
    message: `${what}: HTTP ${answer.status}${said}`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** An answer that is 2xx but not the protocol's. */
export function badAnswer(what: string, problem: string): ActionFailure {
  const message = `${what}: the server answered something else than expected (${problem})`;
  return { ok: false, kind: 'retry', code: LINK_ERROR_CODES.badResponse, message };
}

export const isSuccess = (
  answer: TransportResult,
): answer is Extract<TransportResult, { ok: true }> =>
  answer.ok && answer.status >= 200 && answer.status < 300;

/** `{ error: { code, message } }`, read leniently (a proxy's page is not JSON). */
function errorOf(body: string): { code: string; message: string } | undefined {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      return { code: error.code.slice(0, 100), message: error.message.slice(0, 500) };
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return undefined;
}
