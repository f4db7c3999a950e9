import { AGENT_ERROR_CODES } from '../../shared/protocol/protocol-constants.js';
import type { LinkError } from '../../shared/local-api.js';

export type { LinkError };

/** Codes the agent itself gives to what went wrong on the way to the server. */
export const LINK_ERROR_CODES = {
  urlInvalid: 'E_LINK_URL_INVALID',
  tokenMissing: 'E_LINK_TOKEN_MISSING',
  unreachable: 'E_SERVER_UNREACHABLE',
  timeout: 'E_TIMEOUT',
  /** The server answered with an error the agent has no specific words for. */
  serverError: 'E_SERVER_ERROR',
  /** The answer was not the protocol's (a web page, another service on that address). */
  badResponse: 'E_SERVER_BAD_RESPONSE',
  /** The server acknowledged seqs this agent never issued (its data dir was replaced). */
  ackBeyondLastSeq: 'E_ACK_BEYOND_LAST_SEQ',
  fileUnwritable: 'E_LINK_FILE_UNWRITABLE',
} as const;

/** One clear sentence per refusal the server may answer an enrolment with. */
const ENROLL_REFUSALS: Readonly<Record<string, string>> = {
  [AGENT_ERROR_CODES.enrollTokenInvalid]:
    'The server does not know this enrolment token: check that it was copied in full.',
  [AGENT_ERROR_CODES.enrollTokenExpired]:
    'This enrolment token has expired: ask for a new one on the fleet page.',
  [AGENT_ERROR_CODES.enrollTokenRevoked]:
    'This enrolment token was revoked by an administrator: ask for a new one.',
  [AGENT_ERROR_CODES.enrollTokenUsedUp]:
    'This enrolment token has been used as many times as it allows: ask for a new one.',
  [AGENT_ERROR_CODES.protocolVersion]:
    'The server does not accept this version of the agent: update the agent or the server.',
  [AGENT_ERROR_CODES.rateLimited]:
    'The server is receiving too many requests: try again in a minute.',
};

/** The sentence for an enrolment that failed, whatever the reason. */
export function enrollFailure(code: string, detail: string, serverUrl: string): LinkError {
  // Own keys only: the code is the server's text ("constructor" must not find Object's).
  const known = Object.hasOwn(ENROLL_REFUSALS, code) ? ENROLL_REFUSALS[code] : undefined;
  if (known !== undefined) return { code, message: known };
  switch (code) {
    case LINK_ERROR_CODES.unreachable:
    case LINK_ERROR_CODES.timeout:
      return { code, message: `The server at ${serverUrl} could not be reached (${detail}).` };
    case LINK_ERROR_CODES.badResponse:
      return {
        code,
        message: `${serverUrl} did not answer as a DashFleet server does (${detail}): check the address.`,
      };
    default:
      return { code, message: `The server refused the enrolment (${code}: ${detail}).` };
  }
}
