/**
 * Protocol v1 between agent and server (design §3). Every body carries `protocolVersion`; the
 * server keeps accepting the previous version because agents in the field lag behind.
 *
 * The constants live apart from the schemas (agent-protocol.ts): the agent's link needs these
 * at start-up, while the schemas, which build the whole Sample/Inventory shape, are loaded only
 * when an answer from the server has to be checked (about 2 MB of resident memory otherwise).
 */
export const PROTOCOL_VERSION = 1;
/** Versions this build of the server accepts. */
export const ACCEPTED_PROTOCOL_VERSIONS = [1] as const;

export const AGENT_API = {
  /** POST EnrollRequest -> EnrollResponse (no auth: the enrolment token is in the body). */
  enroll: '/api/v1/agent/enroll',
  /** POST ReportRequest -> ReportResponse, `Authorization: Bearer <agentToken>`; gzip accepted. */
  reports: '/api/v1/agent/reports',
  /**
   * GET, WebSocket upgrade (Bearer agent token, no compression): the live channel. JSON text
   * frames, ServerFrame down and AgentFrame up; the server pings every heartbeatSeconds.
   */
  channel: '/api/v1/agent/channel',
  /** GET ?wait=<seconds 0..30> -> ActionPollResponse: the fallback when a socket cannot be held. */
  actions: '/api/v1/agent/actions',
  /** POST ActionUpdatesRequest -> ActionUpdatesResponse: results over HTTP (the fallback). */
  actionUpdates: '/api/v1/agent/actions/updates',
  /** PUT application/gzip body (<= maxArtifactBytes) -> 204: a collect-logs bundle for an action. */
  actionArtifact: (actionId: string): string =>
    `/api/v1/agent/actions/${encodeURIComponent(actionId)}/artifact`,
} as const;

/** Most samples one report may carry; the agent sends at most this many per request. */
export const MAX_SAMPLES_PER_REPORT = 500;

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
