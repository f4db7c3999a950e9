import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a file in the data dir readable by its owner only (0600), aside first and then renamed
 * over the old one: a reader in another process (the running agent, `dashfleet-agent status`)
 * sees the old file or the new, never half of one. The aside name is random and created
 * exclusively, so two writers never share it.
 */
export function writeOwnerOnlyFile(path: string, text: string): void {
  const pending = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(pending, text, { mode: 0o600, flag: 'wx' });
    // The mode passed to open() is filtered by the umask; owner-only must not depend on it.
    if (process.platform !== 'win32') chmodSync(pending, 0o600);
    renameSync(pending, path);
  } finally {
    rmSync(pending, { force: true });
  }
}
