import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Tests that run the real binary need the build; compile once before any test file runs. */
export function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
