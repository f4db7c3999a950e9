import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { describeProblem } from '../../shared/validation.js';
import type { Result } from '../../shared/validation.js';
import { ensureDataDir } from '../config/data-dir.js';
import { writeOwnerOnlyFile } from '../config/owner-only-file.js';

/** The agent's credentials for its server, owner-only, in the data dir. */
const LINK_FILE_NAME = 'link.json';

const LinkFileSchema = Type.Object(
  {
    serverUrl: Type.String({ minLength: 1, maxLength: 2000 }),
    agentId: Type.String({ minLength: 1, maxLength: 200 }),
    agentToken: Type.String({ minLength: 1, maxLength: 1000 }),
    orgName: Type.String({ maxLength: 500 }),
    /** ISO 8601. */
    enrolledAt: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type LinkFile = Static<typeof LinkFileSchema>;

export const linkFilePath = (dataDir: string): string => join(dataDir, LINK_FILE_NAME);

/** The enrolment; null when this PC is not enrolled; an error when the file is damaged. */
export function readLinkFile(dataDir: string): Result<LinkFile | null> {
  let text: string;
  try {
    text = readFileSync(linkFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: null };
    return { ok: false, error: `${LINK_FILE_NAME} cannot be read (${(error as Error).message})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `${LINK_FILE_NAME} is not valid JSON` };
  }
  const problem = describeProblem(LinkFileSchema, value);
  if (problem !== undefined) return { ok: false, error: `${LINK_FILE_NAME}: ${problem}` };
  return { ok: true, value: value as LinkFile };
}

/**
 * Writes link.json owner-only (0600, in a 0700 dir) and atomically: a running agent that reads
 * it at that moment sees the old file or the new, never half.
 */
export function writeLinkFile(dataDir: string, link: LinkFile): void {
  ensureDataDir(dataDir);
  writeOwnerOnlyFile(linkFilePath(dataDir), `${JSON.stringify(link, null, 2)}\n`);
}

/**
 * What changes when link.json is written again (inode, size, mtime), or null when there is
 * none: one stat() per cycle tells a running agent that `dashfleet-agent enroll` ran.
 */
export function linkFileStamp(dataDir: string): string | null {
  try {
    const stats = statSync(linkFilePath(dataDir), { bigint: true });
    return `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
  } catch {
    return null;
  }
}
