import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Tests that run the real binary need the build; build once before any test file runs. */
export function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
