import { Type } from 'typebox';
import type { Static } from 'typebox';
import { HealthReportSchema } from './health-schema.js';
import { InventorySchema } from './inventory-schema.js';
import { SampleSchema } from './sample-schema.js';

/**
 * Protocol v1 between agent and server (design §3). Every body carries `protocolVersion`; the
 * server keeps accepting the previous version because agents in the field lag behind.
 */
export const PROTOCOL_VERSION = 1;
/** Versions this build of the server accepts. */
export const ACCEPTED_PROTOCOL_VERSIONS = [1] as const;

export const AGENT_API = {
  /** POST EnrollRequest → EnrollResponse (no auth: the enrolment token is in the body). */
  enroll: '/api/v1/agent/enroll',
  /** POST ReportRequest → ReportResponse, `Authorization: Bearer <agentToken>`; gzip accepted. */
  reports: '/api/v1/agent/reports',
} as const;

/** Most samples one report may carry; the agent sends at most this many per request. */
export const MAX_SAMPLES_PER_REPORT = 500;

const strict = { additionalProperties: false } as const;
const protocolVersion = Type.Integer({ minimum: 1, maximum: 1000 });

export const EnrollRequestSchema = Type.Object(
  {
    protocolVersion,
    enrollmentToken: Type.String({ minLength: 1, maxLength: 200 }),
    hardwareId: Type.String({ minLength: 1, maxLength: 200 }),
    hostname: Type.String({ minLength: 1, maxLength: 253 }),
    os: Type.Object(
      {
        platform: Type.String({ maxLength: 64 }),
        distro: Type.String({ maxLength: 200 }),
        release: Type.String({ maxLength: 200 }),
        arch: Type.String({ maxLength: 64 }),
      },
      strict,
    ),
    agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
  },
  strict,
);
export type EnrollRequest = Static<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = Type.Object(
  {
    protocolVersion,
    agentId: Type.String(),
    /** Shown once: the server keeps only its hash. */
    agentToken: Type.String(),
    orgName: Type.String(),
    /** Reporting hints from the server; the agent may honour them. */
    reportIntervalSeconds: Type.Integer({ minimum: 1 }),
  },
  strict,
);
export type EnrollResponse = Static<typeof EnrollResponseSchema>;

export const ReportRequestSchema = Type.Object(
  {
    protocolVersion,
    samples: Type.Array(
      Type.Object(
        {
          /** Per-agent monotonic sequence number from the agent's outbox, starting at 1. */
          seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          sample: SampleSchema,
        },
        strict,
      ),
      { maxItems: MAX_SAMPLES_PER_REPORT },
    ),
    /** Sent when it changed since the last acknowledged report, and on the first one. */
    inventory: Type.Optional(InventorySchema),
    /** The agent's latest health judgement. */
    health: Type.Optional(HealthReportSchema),
  },
  strict,
);
export type ReportRequest = Static<typeof ReportRequestSchema>;

export const ReportResponseSchema = Type.Object(
  {
    protocolVersion,
    /** The highest seq the server holds for this agent: the agent may drop its outbox up to it. */
    ackedSeq: Type.Integer({ minimum: 0 }),
  },
  strict,
);
export type ReportResponse = Static<typeof ReportResponseSchema>;

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }, strict),
  },
  strict,
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/**
 * Error codes the agent reacts to. The server's full, documented registry lives in
 * server/errors; these are the ones that cross to the agent and change what it does.
 */
export const AGENT_ERROR_CODES = {
  /** 401: enrolment token unknown. */
  enrollTokenInvalid: 'E_ENROLL_TOKEN_INVALID',
  /** 401: enrolment token past its expiry. */
  enrollTokenExpired: 'E_ENROLL_TOKEN_EXPIRED',
  /** 401: enrolment token revoked by an admin. */
  enrollTokenRevoked: 'E_ENROLL_TOKEN_REVOKED',
  /** 401: enrolment token has no uses left. */
  enrollTokenUsedUp: 'E_ENROLL_TOKEN_USED_UP',
  /** 401: agent token unknown or revoked (re-enrolled elsewhere, machine removed): stop, re-enrol. */
  agentTokenInvalid: 'E_AGENT_TOKEN_INVALID',
  /** 400: protocol version not accepted by this server. */
  protocolVersion: 'E_PROTOCOL_VERSION',
  /** 429: slow down; honour Retry-After. */
  rateLimited: 'E_RATE_LIMITED',
} as const;
