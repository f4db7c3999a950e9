import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import {
  AGENT_API,
  AGENT_ERROR_CODES,
  EnrollRequestSchema,
  EnrollResponseSchema,
  PROTOCOL_VERSION,
  ReportRequestSchema,
  ReportResponseSchema,
} from '../../src/shared/protocol/index.js';
import type { ReportRequest } from '../../src/shared/protocol/index.js';
import { MINUTE_MS } from '../../src/shared/time.js';
import type { ServerContext } from '../context.js';
import { AGENT_SECURITY } from '../docs/openapi-document.js';
import { ApiError } from '../http/api-error.js';
import type { AgentIdentity, AgentTokenCache } from './agent-token-cache.js';
import { enrollAgent, isAcceptedProtocolVersion } from './enroll-agent.js';
import { createFailureLimiter } from './failure-limiter.js';
import type { IngestQueue } from './ingest/ingest-queue.js';
import { MAX_REPORT_BYTES, decodeReportBody } from './report-body.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The enrolled agent behind the bearer token of an agent route. */
    agentIdentity: AgentIdentity | null;
  }
}

/**
 * Enrolment attempts per client address per minute: generous, because a whole office behind
 * one address may enrol at once. Failed attempts have their own, much lower limit.
 */
const ENROLLMENTS_PER_MINUTE = 10_000;
/** Refused enrolments (bad, revoked, expired tokens) per client address per minute. */
const FAILED_ENROLLMENTS_PER_MINUTE = 60;

export interface AgentRouteDeps {
  tokens: AgentTokenCache;
  ingest: IngestQueue;
  /** A machine was re-enrolled (inside the enrolment's transaction). */
  onMachineReset(machineId: string): void;
  /** A machine enrolled or re-enrolled (after commit). */
  onMachineEnrolled(orgId: string, machineId: string): void;
}

/** The token of `Authorization: Bearer <token>`; undefined when absent or malformed. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header.length > 200) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  return header.slice(space + 1).trim();
}

/** Another seq twice in one batch is the agent's bug: refuse rather than pick one. */
function findDuplicateSeq(samples: ReportRequest['samples']): number | undefined {
  const seen = new Set<number>();
  for (const { seq } of samples) {
    if (seen.has(seq)) return seq;
    seen.add(seq);
  }
  return undefined;
}

export const invalidToken = (): ApiError =>
  new ApiError(AGENT_ERROR_CODES.agentTokenInvalid, 'unknown or revoked agent token: enrol again');

/**
 * The onRequest hook of every route an enrolled agent calls: sets `request.agentIdentity`, or
 * answers 401 E_AGENT_TOKEN_INVALID before the body is read (or a socket upgraded), closing
 * the connection: the client may still be sending a body, and a keep-alive socket with an
 * unread body would stay open. A remembered token is answered without a promise: this runs
 * for every report.
 */
export function authenticateAgent(tokens: AgentTokenCache): onRequestHookHandler {
  return (request, reply, done) => {
    const token = bearerOf(request);
    const known = token === undefined ? undefined : tokens.peek(token);
    if (known) {
      request.agentIdentity = known;
      done();
      return;
    }
    const refuse = (): void => {
      reply.header('connection', 'close');
      done(invalidToken());
    };
    if (token === undefined) return refuse();
    tokens.resolve(token).then((identity) => {
      if (!identity) return refuse();
      request.agentIdentity = identity;
      done();
    }, done);
  };
}

/** The agent protocol (design §3): enrol with a token, then report with the agent token. */
export function registerAgentRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  deps: AgentRouteDeps,
): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('agentIdentity', null);
  const failures = createFailureLimiter({
    maxFailures: FAILED_ENROLLMENTS_PER_MINUTE,
    now: ctx.now,
  });

  api.post(
    AGENT_API.enroll,
    {
      config: { rateLimit: { max: ENROLLMENTS_PER_MINUTE, timeWindow: MINUTE_MS } },
      schema: {
        tags: ['agent'],
        summary: 'Enrol an agent with an enrolment token',
        body: EnrollRequestSchema,
        response: { 200: EnrollResponseSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const wait = failures.retryAfterSeconds(request.ip);
      if (wait > 0) {
        throw new ApiError('E_RATE_LIMITED', `too many refused enrolments; retry in ${wait} s`, {
          'retry-after': String(wait),
        });
      }
      let enrolled: Awaited<ReturnType<typeof enrollAgent>>;
      try {
        enrolled = await enrollAgent(ctx.db, body, ctx.now(), deps.onMachineReset);
      } catch (error) {
        if (error instanceof ApiError) failures.fail(request.ip);
        throw error;
      }
      const { response, orgId } = enrolled;
      ctx.log.info({ machineId: response.agentId, hostname: body.hostname }, 'agent: enrolled');
      deps.onMachineEnrolled(orgId, response.agentId);
      return response;
    },
  );

  api.post(
    AGENT_API.reports,
    {
      bodyLimit: MAX_REPORT_BYTES,
      schema: {
        tags: ['agent'],
        summary: 'Report a batch of samples (idempotent by seq; gzip accepted)',
        security: AGENT_SECURITY,
        body: ReportRequestSchema,
        response: { 200: ReportResponseSchema },
      },
      // The token is checked before the body is read: a stranger's 4 MiB costs us nothing.
      // The agent API is JSON for programs, not pages: the browser headers are not needed.
      helmet: false,
      onRequest: authenticateAgent(deps.tokens),
      preParsing: async (request, reply, payload) => {
        try {
          return decodeReportBody(request, payload);
        } catch (error) {
          reply.header('connection', 'close');
          throw error;
        }
      },
    },
    async (request) => {
      const identity = request.agentIdentity;
      if (!identity) throw invalidToken();
      const report = request.body;
      if (!isAcceptedProtocolVersion(report.protocolVersion)) {
        throw new ApiError(
          AGENT_ERROR_CODES.protocolVersion,
          `protocol version ${report.protocolVersion} is not accepted`,
        );
      }
      const duplicate = findDuplicateSeq(report.samples);
      if (duplicate !== undefined) {
        throw new ApiError('E_DUPLICATE_SEQ', `seq ${duplicate} appears twice in this report`);
      }
      const ackedSeq = await deps.ingest.submit(identity, report);
      return { protocolVersion: PROTOCOL_VERSION, ackedSeq };
    },
  );
}
