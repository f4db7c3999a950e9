import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  ACCEPTED_PROTOCOL_VERSIONS,
  AGENT_ERROR_CODES,
  PROTOCOL_VERSION,
} from '../../src/shared/protocol/index.js';
import type { EnrollRequest, EnrollResponse } from '../../src/shared/protocol/index.js';
import { issueSecret, sha256Hex } from '../auth/secrets.js';
import { enrollmentTokenState } from '../enrollment/enrollment-tokens.js';
import { ApiError } from '../http/api-error.js';
import type { Database } from '../store/schema.js';
import { AGENT_TOKEN_PREFIX } from './agent-token-cache.js';

/** How often agents are asked to report; they may send less often when idle or offline. */
const REPORT_INTERVAL_SECONDS = 10;

const REFUSALS = {
  revoked: [AGENT_ERROR_CODES.enrollTokenRevoked, 'this enrolment token was revoked'],
  expired: [AGENT_ERROR_CODES.enrollTokenExpired, 'this enrolment token has expired'],
  'used-up': [AGENT_ERROR_CODES.enrollTokenUsedUp, 'this enrolment token has no uses left'],
} as const;

function refusal(state: keyof typeof REFUSALS): ApiError {
  const [code, message] = REFUSALS[state];
  return new ApiError(code, message);
}

export function isAcceptedProtocolVersion(version: number): boolean {
  return (ACCEPTED_PROTOCOL_VERSIONS as readonly number[]).includes(version);
}

/**
 * Enrols an agent (design §3), all in one transaction: the token's use is counted, the
 * machine is created (new hardware id in the org) or taken over (same hardware id: same id,
 * tags and history; its earlier agent tokens revoked, its seq space restarted at 0 since the
 * agent's data dir may have been wiped), and a new agent token is issued. `onMachineReset`
 * runs inside the transaction, before it commits, so no report can slip in between the
 * revocation and the caches forgetting the old token.
 */
export async function enrollAgent(
  db: Kysely<Database>,
  request: EnrollRequest,
  now: number,
  onMachineReset: (machineId: string) => void,
): Promise<{ response: EnrollResponse; orgId: string }> {
  if (!isAcceptedProtocolVersion(request.protocolVersion)) {
    throw new ApiError(
      AGENT_ERROR_CODES.protocolVersion,
      `protocol version ${request.protocolVersion} is not accepted (accepted: ${ACCEPTED_PROTOCOL_VERSIONS.join(', ')})`,
    );
  }
  const tokenHash = sha256Hex(request.enrollmentToken);
  return db.transaction().execute(async (trx) => {
    const token = await trx
      .selectFrom('enrollment_tokens')
      .innerJoin('orgs', 'orgs.id', 'enrollment_tokens.org_id')
      .select([
        'enrollment_tokens.id',
        'enrollment_tokens.org_id',
        'enrollment_tokens.tags_json',
        'enrollment_tokens.revoked_at',
        'enrollment_tokens.expires_at',
        'enrollment_tokens.max_uses',
        'enrollment_tokens.uses',
        'orgs.name as org_name',
      ])
      .where('enrollment_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) {
      throw new ApiError(AGENT_ERROR_CODES.enrollTokenInvalid, 'unknown enrolment token');
    }
    const state = enrollmentTokenState(token, now);
    if (state !== 'active') throw refusal(state);
    await countUse(trx, token.id);

    const machine = await upsertMachine(trx, token.org_id, token.tags_json, request, now);
    const machineId = machine.id;
    if (machine.isExisting) {
      await trx
        .updateTable('agent_tokens')
        .set({ revoked_at: now })
        .where('machine_id', '=', machineId)
        .where('revoked_at', 'is', null)
        .execute();
      onMachineReset(machineId);
    }

    const { secret: agentToken, hash: agentTokenHash } = issueSecret(AGENT_TOKEN_PREFIX);
    await trx
      .insertInto('agent_tokens')
      .values({
        token_hash: agentTokenHash,
        machine_id: machineId,
        org_id: token.org_id,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    return {
      orgId: token.org_id,
      response: {
        protocolVersion: PROTOCOL_VERSION,
        agentId: machineId,
        agentToken,
        orgName: token.org_name,
        reportIntervalSeconds: REPORT_INTERVAL_SECONDS,
      },
    };
  });
}

/** Counted only while uses remain, in the same statement: two agents racing for the last use cannot both get it. */
async function countUse(trx: Transaction<Database>, tokenId: string): Promise<void> {
  const counted = await trx
    .updateTable('enrollment_tokens')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  if (counted.numUpdatedRows === 0n) throw refusal('used-up');
}

async function upsertMachine(
  trx: Transaction<Database>,
  orgId: string,
  tokenTagsJson: string,
  request: EnrollRequest,
  now: number,
): Promise<{ id: string; isExisting: boolean }> {
  const described = {
    hostname: request.hostname,
    os_platform: request.os.platform,
    os_distro: request.os.distro,
    os_release: request.os.release,
    os_arch: request.os.arch,
    agent_version: request.agentVersion,
  };
  const existing = await trx
    .selectFrom('machines')
    .select('id')
    .where('org_id', '=', orgId)
    .where('hardware_id', '=', request.hardwareId)
    .executeTakeFirst();
  if (existing) {
    await trx
      .updateTable('machines')
      .set({ ...described, last_seq: 0 })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, isExisting: true };
  }
  const id = randomUUID();
  await trx
    .insertInto('machines')
    .values({
      id,
      org_id: orgId,
      hardware_id: request.hardwareId,
      ...described,
      tags_json: tokenTagsJson,
      enrolled_at: now,
      last_seen_at: null,
    })
    .execute();
  return { id, isExisting: false };
}
