import { gzipSync } from 'node:zlib';
import { AGENT_API, PROTOCOL_VERSION } from '../../../src/shared/protocol/index.js';
import type {
  EnrollRequest,
  EnrollResponse,
  ReportRequest,
} from '../../../src/shared/protocol/index.js';
import type { Sample } from '../../../src/shared/sample.js';
import type { ServerContext } from '../../../server/context.js';
import { createEnrollmentToken } from '../../../server/enrollment/enrollment-tokens.js';
import { makeSample } from '../../helpers/sample-factory.js';

/** Speaks the agent protocol over real HTTP, as an agent in the field would. */

let hardwareCounter = 0;

export function enrollRequest(
  token: string,
  overrides: Partial<EnrollRequest> = {},
): EnrollRequest {
  hardwareCounter += 1;
  return {
    protocolVersion: PROTOCOL_VERSION,
    enrollmentToken: token,
    hardwareId: `hw-${process.pid}-${hardwareCounter}`,
    hostname: `pc-${hardwareCounter}`,
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
    agentVersion: '0.1.0',
    ...overrides,
  };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

export async function enroll(
  url: string,
  request: EnrollRequest,
): Promise<{ status: number; body: unknown }> {
  return postJson(`${url}${AGENT_API.enroll}`, request);
}

/** A fresh enrolment token of the org and a machine enrolled with it. */
export async function enrollMachine(
  server: { url: string; ctx: ServerContext },
  orgId: string,
  overrides: Partial<EnrollRequest> & { tags?: string[] } = {},
): Promise<EnrollResponse & { hardwareId: string }> {
  const { tags, ...rest } = overrides;
  const { token } = await createEnrollmentToken(
    server.ctx.db,
    { orgId, createdBy: null, ...(tags ? { tags } : {}) },
    server.ctx.now(),
  );
  const request = enrollRequest(token, rest);
  const answer = await enroll(server.url, request);
  if (answer.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(answer.body)}`);
  return { ...(answer.body as EnrollResponse), hardwareId: request.hardwareId };
}

export function reportOf(
  samples: Array<{ seq: number; ts: number } | { seq: number; sample: Sample }>,
  extra: Partial<ReportRequest> = {},
): ReportRequest {
  return {
    protocolVersion: PROTOCOL_VERSION,
    samples: samples.map((s) => ('sample' in s ? s : { seq: s.seq, sample: makeSample(s.ts) })),
    ...extra,
  };
}

export interface SendOptions {
  gzip?: boolean;
  headers?: Record<string, string>;
}

/** POST /api/v1/agent/reports with a bearer token; the body as given (string/Buffer) or JSON. */
export async function sendReport(
  url: string,
  token: string,
  body: unknown,
  options: SendOptions = {},
): Promise<{ status: number; body: unknown }> {
  const json = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const payload = options.gzip ? gzipSync(json) : json;
  const response = await fetch(`${url}${AGENT_API.reports}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
      ...options.headers,
    },
    body: typeof payload === 'string' ? payload : new Uint8Array(payload),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Left as text: the assertion shows it.
  }
  return { status: response.status, body: parsed };
}
