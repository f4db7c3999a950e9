import { AGENT_API, AGENT_ERROR_CODES } from '../../shared/protocol/protocol-constants.js';
import type {
  EnrollRequest,
  EnrollResponse,
  ErrorBody,
  ReportRequest,
} from '../../shared/protocol/agent-protocol.js';
import type { Static, TSchema } from 'typebox';
import type * as AgentProtocol from '../../shared/protocol/agent-protocol.js';
import { SECOND_MS } from '../../shared/time.js';
import { describeProblem } from '../../shared/validation.js';
import { parseRetryAfter } from './backoff.js';
import type { Transport, TransportResult } from './http-transport.js';
import { LINK_ERROR_CODES } from './link-errors.js';

/** Bodies above this are gzipped: a batch of samples shrinks about tenfold. */
const GZIP_ABOVE_BYTES = 1024;
const REQUEST_TIMEOUT_MS = 30 * SECOND_MS;

export type EnrollAnswer =
  { ok: true; value: EnrollResponse } | { ok: false; code: string; detail: string };

/**
 * What a report came to: stored (with the highest seq the server holds); worth retrying later
 * (network, timeouts, 5xx, 429, anything unexpected), maybe when the server said; or rejected
 * (the token is no longer valid, or the server no longer accepts this protocol): retrying
 * cannot help until someone acts.
 */
export type ReportAnswer =
  | { ok: true; ackedSeq: number }
  | { ok: false; kind: 'retry'; code: string; message: string; retryAfterMs?: number }
  | { ok: false; kind: 'rejected'; code: string; message: string };

export interface ProtocolClientOptions {
  transport: Transport;
  now: () => number;
  timeoutMs?: number;
}

export interface ProtocolClient {
  enroll(serverUrl: string, body: EnrollRequest): Promise<EnrollAnswer>;
  report(serverUrl: string, agentToken: string, body: ReportRequest): Promise<ReportAnswer>;
}

export function createProtocolClient(options: ProtocolClientOptions): ProtocolClient {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const json = Buffer.from(JSON.stringify(body), 'utf8');
    const isLarge = json.length > GZIP_ABOVE_BYTES;
    // zlib is loaded the first time a body is worth compressing, not by an idle agent.
    const payload = isLarge ? await gzip(json) : json;
    return options.transport.post({
      url,
      timeoutMs,
      body: payload,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(isLarge ? { 'content-encoding': 'gzip' } : {}),
        ...headers,
      },
    });
  };

  return {
    async enroll(serverUrl, body) {
      const answer = await post(`${serverUrl}${AGENT_API.enroll}`, body);
      if (!answer.ok) return { ok: false, code: answer.error.code, detail: answer.error.message };
      if (answer.status >= 200 && answer.status < 300) {
        const parsed = parseBody(answer.body, (await answerSchemas()).EnrollResponseSchema);
        if (parsed.ok) return { ok: true, value: parsed.value };
        return { ok: false, code: LINK_ERROR_CODES.badResponse, detail: parsed.detail };
      }
      const error = errorOf(answer);
      if (error === undefined) {
        return {
          ok: false,
          code: LINK_ERROR_CODES.badResponse,
          detail: `HTTP ${answer.status} without an error code`,
        };
      }
      return { ok: false, code: error.code, detail: error.message };
    },

    async report(serverUrl, agentToken, body) {
      const answer = await post(`${serverUrl}${AGENT_API.reports}`, body, {
        authorization: `Bearer ${agentToken}`,
      });
      if (!answer.ok) {
        const message =
          answer.error.code === LINK_ERROR_CODES.timeout
            ? `server did not answer (${answer.error.message})`
            : `server unreachable (${answer.error.message})`;
        return { ok: false, kind: 'retry', code: answer.error.code, message };
      }
      if (answer.status >= 200 && answer.status < 300) {
        const parsed = parseBody(answer.body, (await answerSchemas()).ReportResponseSchema);
        if (parsed.ok) return { ok: true, ackedSeq: parsed.value.ackedSeq };
        const message = `server answered something else than a report receipt (${parsed.detail})`;
        return { ok: false, kind: 'retry', code: LINK_ERROR_CODES.badResponse, message };
      }
      return classifyFailure(answer, options.now());
    },
  };
}

function classifyFailure(
  answer: Extract<TransportResult, { ok: true }>,
  now: number,
): Exclude<ReportAnswer, { ok: true }> {
  const error = errorOf(answer);
  const code = error?.code ?? LINK_ERROR_CODES.serverError;
  const said = error ? `: ${error.message}` : '';
  if (answer.status === 401 || code === AGENT_ERROR_CODES.agentTokenInvalid) {
    const message = `the server refused this agent's token (HTTP ${answer.status}${said})`;
    return { ok: false, kind: 'rejected', code, message };
  }
  if (code === AGENT_ERROR_CODES.protocolVersion) {
    const message = `the server no longer accepts this agent's protocol version${said}`;
    return { ok: false, kind: 'rejected', code, message };
  }
  const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], now);
  const message =
    answer.status === 429
      ? `server asked to slow down (HTTP 429)`
      : answer.status >= 500
        ? `server error (HTTP ${answer.status}${said})`
        : `server refused the report (HTTP ${answer.status}${said})`;
  return {
    ok: false,
    kind: 'retry',
    code: answer.status === 429 && error === undefined ? AGENT_ERROR_CODES.rateLimited : code,
    message,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** `{ error: { code, message } }`, read leniently: a newer server may add fields to it. */
function errorOf(answer: Extract<TransportResult, { ok: true }>): ErrorBody['error'] | undefined {
  try {
    const error = (JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } })
      .error;
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      return { code: error.code.slice(0, 100), message: error.message.slice(0, 500) };
    }
  } catch {
    // Not JSON: a proxy's error page. The status says enough.
  }
  return undefined;
}

type AgentProtocolModule = typeof AgentProtocol;

/** The protocol's schemas, loaded with the first answer to check (see protocol-constants.ts). */
function answerSchemas(): Promise<AgentProtocolModule> {
  return import('../../shared/protocol/agent-protocol.js');
}

function parseBody<S extends TSchema>(
  text: string,
  schema: S,
): { ok: true; value: Static<S> } | { ok: false; detail: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: 'the answer is not JSON' };
  }
  // Fields a newer server adds are fine; the agent reads only what it knows.
  const known = stripUnknown(value, schema);
  const problem = describeProblem(schema, known);
  return problem === undefined
    ? { ok: true, value: known as Static<S> }
    : { ok: false, detail: problem };
}

/** Keeps the top-level fields the schema names (newer servers may add more). */
function stripUnknown(value: unknown, schema: TSchema): unknown {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  if (!properties || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  return Object.fromEntries(Object.entries(value).filter(([key]) => key in properties));
}

async function gzip(data: Buffer): Promise<Buffer> {
  const zlib = await import('node:zlib');
  return new Promise((resolve, reject) =>
    zlib.gzip(data, (error, result) => (error ? reject(error) : resolve(result))),
  );
}
