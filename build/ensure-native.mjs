/* global console, URL -- Node globals */
// Makes better-sqlite3 loadable by the runtime about to use it:
//   node build/ensure-native.mjs node
// `npm run app` and `npm run dist` rebuild better-sqlite3 for Electron's ABI; the tests run on
// Node, whose ABI differs. This loads the module under Node and, only when it was built for
// another ABI (NODE_MODULE_VERSION mismatch), runs `npm rebuild better-sqlite3` and checks
// again in a fresh process. Any other failure is reported as it is, without a rebuild.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** True when the error says the native module was compiled for another Node/Electron ABI. */
export function isAbiMismatch(error) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    /NODE_MODULE_VERSION/.test(message) ||
    /was compiled against a different Node\.js version/.test(message)
  );
}

/** Opens an in-memory database: the native binding is only loaded on first use. */
export function loadBetterSqlite(root = ROOT) {
  const require = createRequire(`${root}/package.json`);
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
}

/**
 * @param {{
 *   load: () => void | Promise<void>,
 *   rebuild: () => { ok: boolean, detail?: string },
 *   checkAgain: () => { ok: boolean, detail?: string },
 *   log: (line: string) => void,
 * }} deps
 * @returns {Promise<{ ok: boolean, action: 'none' | 'rebuilt' | 'failed', detail?: string }>}
 */
export async function ensureNative(deps) {
  try {
    await deps.load();
    return { ok: true, action: 'none' };
  } catch (error) {
    if (!isAbiMismatch(error)) {
      return {
        ok: false,
        action: 'failed',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
    deps.log(
      'ensure-native: better-sqlite3 is built for another runtime (Electron?); rebuilding for Node',
    );
  }
  const rebuilt = deps.rebuild();
  if (!rebuilt.ok) return { ok: false, action: 'failed', detail: rebuilt.detail };
  const check = deps.checkAgain();
  if (!check.ok) return { ok: false, action: 'failed', detail: check.detail };
  deps.log('ensure-native: better-sqlite3 rebuilt for Node');
  return { ok: true, action: 'rebuilt' };
}

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  return result.status === 0
    ? { ok: true }
    : {
        ok: false,
        detail: `${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`,
      };
}

async function main(target) {
  if (target !== 'node') {
    console.error(
      'usage: node build/ensure-native.mjs node   (Electron builds are rebuilt by electron-builder)',
    );
    return 2;
  }
  const result = await ensureNative({
    load: () => loadBetterSqlite(),
    rebuild: () => run('npm', ['rebuild', 'better-sqlite3']),
    // A module that failed to load may stay half-registered in this process: check in a new one.
    checkAgain: () => run(process.execPath, [fileURLToPath(import.meta.url), '--check']),
    log: (line) => console.log(line),
  });
  if (!result.ok) console.error(`ensure-native: better-sqlite3 cannot be loaded: ${result.detail}`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag] = process.argv.slice(2);
  if (flag === '--check') {
    try {
      loadBetterSqlite();
      process.exitCode = 0;
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  } else {
    process.exitCode = await main(flag);
  }
}
