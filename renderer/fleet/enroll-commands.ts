/** What to run on each OS to enrol a headless agent with a freshly created token. */
export const ENROLL_PLATFORMS = ['linux', 'macos', 'windows'] as const;
export type EnrollPlatform = (typeof ENROLL_PLATFORMS)[number];

const SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;

/** POSIX shell quoting, only when needed: URLs and tokens are usually safe as they are. */
export function quotePosix(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell quoting: single quotes, a single quote doubled. */
export function quotePowerShell(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

/**
 * `dashfleet-agent enroll --server <url> --token <token>`, as root on Linux and macOS (the
 * service's data directory is system-wide) and in an administrator PowerShell on Windows.
 */
export function enrollCommand(platform: EnrollPlatform, serverUrl: string, token: string): string {
  if (platform === 'windows') {
    return `dashfleet-agent enroll --server ${quotePowerShell(serverUrl)} --token ${quotePowerShell(token)}`;
  }
  return `sudo dashfleet-agent enroll --server ${quotePosix(serverUrl)} --token ${quotePosix(token)}`;
}
