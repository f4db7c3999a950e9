import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Tests that run the real binaries need the build; build once before any test file runs.
 * DASHFLEET_SKIP_BUILD=1 skips it when only in-process tests are run against a fresh build.
 */
export function setup(): void {
  if (process.env['DASHFLEET_SKIP_BUILD'] === '1') return;
  const root = resolve(import.meta.dirname, '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
