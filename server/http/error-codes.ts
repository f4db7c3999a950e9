import { AGENT_ERROR_CODES } from '../../src/shared/protocol/agent-protocol.js';

/**
 * Every error the server answers, registered once: the code is the contract (clients switch
 * on it), the status is its HTTP meaning, the description is what /api/docs publishes.
 * Keep codes stable; add new ones rather than repurposing.
 */
export interface ErrorCodeInfo {
  status: number;
  description: string;
}

export const ERROR_CODES = {
  // Request shape
  E_BAD_REQUEST: { status: 400, description: 'The body or query does not match the schema.' },
  E_MALFORMED_JSON: { status: 400, description: 'The body is not valid JSON.' },
  E_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'Content-Type or Content-Encoding not accepted (JSON, optionally gzip).',
  },
  E_BODY_TOO_LARGE: { status: 413, description: 'The body is larger than the route allows.' },
  E_NOT_FOUND: { status: 404, description: 'No such route, or no such object in your org.' },
  E_METHOD_NOT_ALLOWED: { status: 405, description: 'The route does not take this method.' },
  E_RATE_LIMITED: {
    status: 429,
    description: 'Too many requests; retry after Retry-After seconds.',
  },
  // Fleet auth
  E_UNAUTHENTICATED: { status: 401, description: 'No valid session or API key.' },
  E_LOGIN_FAILED: { status: 401, description: 'Wrong email or password.' },
  E_CSRF: { status: 403, description: 'Missing or wrong X-CSRF-Token on a session request.' },
  E_FORBIDDEN: { status: 403, description: 'Your role in this org does not allow this.' },
  E_SETUP_DONE: { status: 409, description: 'The server already has its first owner.' },
  E_SETUP_TOKEN_INVALID: { status: 401, description: 'The setup link is unknown or expired.' },
  E_EMAIL_TAKEN: { status: 409, description: 'A user with this email is already in this org.' },
  E_WEAK_PASSWORD: { status: 400, description: 'Passwords need at least 10 characters.' },
  E_LAST_OWNER: { status: 409, description: 'An org must keep at least one owner.' },
  // Agent protocol
  [AGENT_ERROR_CODES.enrollTokenInvalid]: { status: 401, description: 'Unknown enrolment token.' },
  [AGENT_ERROR_CODES.enrollTokenExpired]: { status: 401, description: 'Enrolment token expired.' },
  [AGENT_ERROR_CODES.enrollTokenRevoked]: { status: 401, description: 'Enrolment token revoked.' },
  [AGENT_ERROR_CODES.enrollTokenUsedUp]: {
    status: 401,
    description: 'Enrolment token has no uses left.',
  },
  [AGENT_ERROR_CODES.agentTokenInvalid]: {
    status: 401,
    description: 'Unknown or revoked agent token: the agent must enrol again.',
  },
  [AGENT_ERROR_CODES.protocolVersion]: {
    status: 400,
    description: 'This server does not accept that protocol version.',
  },
  E_DUPLICATE_SEQ: { status: 400, description: 'The same seq appears twice in one report.' },
  E_UPGRADE_REQUIRED: {
    status: 426,
    description: 'The live channel is a WebSocket: send the upgrade request.',
  },
  // Actions
  E_ACTION_UNKNOWN_TYPE: { status: 400, description: 'Not an action type this server knows.' },
  E_ACTION_INVALID: {
    status: 400,
    description: "The params do not match the action type's schema.",
  },
  E_ACTION_NO_TARGET: {
    status: 400,
    description: 'The target names no machine (empty list, a tag nobody has, an empty org).',
  },
  E_ACTION_UNKNOWN_MACHINES: {
    status: 404,
    description: 'Some target machine ids are not machines of your org.',
  },
  E_ACTION_FINISHED: {
    status: 409,
    description: 'The action has finished: it can no longer be cancelled or take a logs bundle.',
  },
  E_ACTION_NOT_RETRYABLE: {
    status: 409,
    description: 'Only a failed or expired action can be retried.',
  },
  E_ARTIFACT_NOT_FOUND: { status: 404, description: 'The action has no collected-logs bundle.' },
  // Anything else: a bug, logged with its stack, never the client's fault.
  E_INTERNAL: { status: 500, description: 'Unexpected server error (a bug; see the server log).' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
