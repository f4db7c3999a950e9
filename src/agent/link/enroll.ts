import { PROTOCOL_VERSION } from '../../shared/protocol/protocol-constants.js';
import type { EnrollRequest } from '../../shared/protocol/agent-protocol.js';
import type { Inventory } from '../../shared/inventory.js';
import type { LinkError } from '../../shared/local-api.js';
import { LINK_ERROR_CODES, enrollFailure } from './link-errors.js';
import type { LinkFile } from './link-file.js';
import { writeLinkFile } from './link-file.js';
import type { ProtocolClient } from './protocol-client.js';
import { parseServerUrl } from './server-url.js';

export interface EnrollInput {
  /** As typed by the user; validated here. */
  serverUrl: string;
  enrollmentToken: string;
  dataDir: string;
  /** This PC's inventory: hardware id, hostname, OS, agent version. */
  readInventory(): Promise<Inventory>;
  client: ProtocolClient;
  now(): number;
}

export type EnrollResult = { ok: true; value: LinkFile } | { ok: false; error: LinkError };

/** What the server needs to know to enrol this PC, from its inventory. */
function enrollRequestFor(inventory: Inventory, enrollmentToken: string): EnrollRequest {
  const { platform, distro, release, arch } = inventory.os;
  return {
    protocolVersion: PROTOCOL_VERSION,
    enrollmentToken,
    hardwareId: inventory.hardwareId,
    hostname: inventory.hostname,
    os: { platform, distro, release, arch },
    agentVersion: inventory.agentVersion,
  };
}

/**
 * Enrols this PC with a server and stores the agent's credentials in link.json. Used by
 * `dashfleet-agent enroll` and by the dashboard's settings; a running agent notices the new
 * file by itself. Every failure is a value with a code and one sentence.
 */
export async function enrollAgent(input: EnrollInput): Promise<EnrollResult> {
  const url = parseServerUrl(input.serverUrl);
  if (!url.ok) {
    return { ok: false, error: { code: LINK_ERROR_CODES.urlInvalid, message: url.error } };
  }
  const token = input.enrollmentToken.trim();
  if (token === '' || token.length > 200) {
    const message = 'The enrolment token must be 1 to 200 characters long.';
    return { ok: false, error: { code: LINK_ERROR_CODES.tokenMissing, message } };
  }
  const inventory = await input.readInventory();
  const answer = await input.client.enroll(url.value, enrollRequestFor(inventory, token));
  if (!answer.ok) {
    return { ok: false, error: enrollFailure(answer.code, answer.detail, url.value) };
  }
  const link: LinkFile = {
    serverUrl: url.value,
    agentId: answer.value.agentId,
    agentToken: answer.value.agentToken,
    orgName: answer.value.orgName,
    enrolledAt: new Date(input.now()).toISOString(),
  };
  try {
    writeLinkFile(input.dataDir, link);
  } catch (error) {
    const message = `The enrolment worked but ${input.dataDir} could not store it (${(error as Error).message}).`;
    return { ok: false, error: { code: LINK_ERROR_CODES.fileUnwritable, message } };
  }
  return { ok: true, value: link };
}

/** "Enrolled in Acme as ag_123; the agent will report to https://fleet.acme.example". */
export function enrolledSentence(link: LinkFile): string {
  return `Enrolled in ${link.orgName} as ${link.agentId}; the agent will report to ${link.serverUrl}`;
}
