import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkState } from '../../shared/local-api.js';

/**
 * The running agent's link state, for `dashfleet-agent status` in another process. It holds
 * no secret (the token stays in link.json) and is only meaningful while the agent runs.
 */
export const LINK_STATE_FILE_NAME = 'link-state.json';

export function writeLinkState(dataDir: string, state: LinkState): void {
  const target = join(dataDir, LINK_STATE_FILE_NAME);
  const pending = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(pending, `${JSON.stringify(state)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(pending, target);
  } finally {
    rmSync(pending, { force: true });
  }
}

/** The last state the running agent wrote; undefined when there is none or it is unreadable. */
export function readLinkState(dataDir: string): LinkState | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dataDir, LINK_STATE_FILE_NAME), 'utf8')) as unknown;
    if (typeof value === 'object' && value !== null && 'state' in value) return value as LinkState;
  } catch {
    // Absent or half-written by an older agent: status then reports the enrolment only.
  }
  return undefined;
}

export function removeLinkState(dataDir: string): void {
  rmSync(join(dataDir, LINK_STATE_FILE_NAME), { force: true });
}
