import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The account `npm start` created on a fresh server, kept (owner-only) in the server's data
 * dir so that starting again can remind the user how to log in, the way other self-hosted
 * tools keep their initial admin password. Deleting the file forgets it; the account stays.
 */
export interface FirstOwner {
  orgId: string;
  orgName: string;
  email: string;
  password: string;
}

const FILE_NAME = 'first-owner.json';

function firstOwnerFile(serverDataDir: string): string {
  return join(serverDataDir, FILE_NAME);
}

export function readFirstOwner(serverDataDir: string): FirstOwner | undefined {
  const file = firstOwnerFile(serverDataDir);
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<FirstOwner>;
    if (value.orgId && value.email && value.password && value.orgName) return value as FirstOwner;
  } catch {
    // A damaged file is as good as none: the launcher says how to create a user instead.
  }
  return undefined;
}

export function writeFirstOwner(serverDataDir: string, owner: FirstOwner): void {
  writeFileSync(firstOwnerFile(serverDataDir), `${JSON.stringify(owner, null, 2)}\n`, {
    mode: 0o600,
  });
}
