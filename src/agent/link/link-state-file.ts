import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkState } from '../../shared/local-api.js';
import { MINUTE_MS } from '../../shared/time.js';
import { writeOwnerOnlyFile } from '../config/owner-only-file.js';

/**
 * The running agent's link state, for `dashfleet-agent status` in another process. It holds
 * no secret (the token stays in link.json) and is only meaningful while the agent runs.
 */
const LINK_STATE_FILE_NAME = 'link-state.json';

/** While connected, a newer upload time alone is written at most this often. */
const UPLOAD_TIME_REFRESH_MS = MINUTE_MS;

/**
 * Keeps link-state.json up to date without writing it every cycle: a change of state (or of
 * its error, server, next attempt) is written at once, but each stored report moves only
 * `lastUploadAt` and `waiting`, and that is written at most once a minute. `status` may thus
 * give the last upload up to a minute late.
 */
export function createLinkStateWriter(
  dataDir: string,
  now: () => number,
): (state: LinkState) => void {
  const target = join(dataDir, LINK_STATE_FILE_NAME);
  let writtenKey: string | undefined;
  let writtenAt = 0;
  return (state) => {
    const key = JSON.stringify({ ...state, lastUploadAt: 0, waiting: 0 });
    const at = now();
    if (key === writtenKey && at - writtenAt < UPLOAD_TIME_REFRESH_MS) return;
    writeOwnerOnlyFile(target, `${JSON.stringify(state)}\n`);
    writtenKey = key;
    writtenAt = at;
  };
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
