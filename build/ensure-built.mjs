// Builds the product when the build is missing or older than its sources, so that
// `npm start`, `npm run server` and `npm run agent` work on a fresh clone and stay quick after.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
// The build's last step writes this file: it is as old as the last complete build.
const lastOutput = join(root, 'dist', 'main', 'main.cjs');
const SOURCES = ['src', 'server', 'renderer', 'locales', 'package.json', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'dist', '.git']);

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const sourcesChangedAt = Math.max(
  ...SOURCES.map((name) => join(root, name))
    .filter(existsSync)
    .map(newestMtime),
);
const builtAt = existsSync(lastOutput) ? statSync(lastOutput).mtimeMs : 0;
if (builtAt < sourcesChangedAt) {
  process.stderr.write('Building DashFleet (sources changed since the last build)…\n');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
