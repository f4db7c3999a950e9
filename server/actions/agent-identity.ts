import type { FastifyRequest } from 'fastify';
import { ACCEPTED_PROTOCOL_VERSIONS, AGENT_ERROR_CODES } from '../../src/shared/protocol/index.js';
import { ApiError } from '../http/api-error.js';

/**
 * The enrolled agent behind a request, as far as actions need it. The agent routes'
 * authentication hook (handed in by server/fleet-data.ts) sets `request.agentIdentity`;
 * `isRevoked` turns true the moment the machine is deleted or enrolled again.
 */
export interface ActionAgent {
  readonly machineId: string;
  readonly orgId: string;
  readonly isRevoked: boolean;
}

const invalidToken = (): ApiError =>
  new ApiError(AGENT_ERROR_CODES.agentTokenInvalid, 'unknown or revoked agent token: enrol again');

/** The request's agent, or 401 E_AGENT_TOKEN_INVALID (a route without the hook never crashes). */
export function agentOf(request: FastifyRequest): ActionAgent {
  const agent: ActionAgent | null = request.agentIdentity;
  if (!agent || agent.isRevoked) throw invalidToken();
  return agent;
}

/** 400 E_PROTOCOL_VERSION for a version this server does not speak. */
export function checkProtocolVersion(version: number): void {
  if (!(ACCEPTED_PROTOCOL_VERSIONS as readonly number[]).includes(version)) {
    throw new ApiError(
      AGENT_ERROR_CODES.protocolVersion,
      `protocol version ${version} is not accepted`,
    );
  }
}
