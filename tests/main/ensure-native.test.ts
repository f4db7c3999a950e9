import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { ensureNative, isAbiMismatch, loadBetterSqlite } from '../../build/ensure-native.mjs';

const SCRIPT = resolve(import.meta.dirname, '../../build/ensure-native.mjs');
/** What Node says when it loads better-sqlite3 after `npm run app` rebuilt it for Electron. */
const ABI_ERROR = new Error(
  "The module '/work/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
    'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 140. This ' +
    'version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or ' +
    're-installing\nthe module (for instance, using `npm rebuild` or `npm install`).',
);

interface Outcome {
  ok: boolean;
  action: 'none' | 'rebuilt' | 'failed';
  detail?: string;
}
const ensure = ensureNative as (deps: {
  load: () => void;
  rebuild: () => { ok: boolean; detail?: string };
  checkAgain: () => { ok: boolean; detail?: string };
  log: (line: string) => void;
}) => Promise<Outcome>;

function fakes(load: () => void, rebuildOk = true, checkOk = true) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      load,
      rebuild: () => (calls.push('rebuild'), { ok: rebuildOk, detail: 'npm rebuild failed' }),
      checkAgain: () => (calls.push('check'), { ok: checkOk, detail: 'still broken' }),
      log: () => undefined,
    },
  };
}

describe('ensureNative', () => {
  it('does nothing when the module loads', async () => {
    const { calls, deps } = fakes(() => undefined);

    await expect(ensure(deps)).resolves.toEqual({ ok: true, action: 'none' });
    expect(calls).toEqual([]);
  });

  it('rebuilds for Node on an ABI mismatch, then checks again', async () => {
    const { calls, deps } = fakes(() => {
      throw ABI_ERROR;
    });

    await expect(ensure(deps)).resolves.toEqual({ ok: true, action: 'rebuilt' });
    expect(calls).toEqual(['rebuild', 'check']);
  });

  it('reports a failed rebuild or a module still broken after it', async () => {
    const failedRebuild = fakes(() => {
      throw ABI_ERROR;
    }, false);
    const stillBroken = fakes(
      () => {
        throw ABI_ERROR;
      },
      true,
      false,
    );

    await expect(ensure(failedRebuild.deps)).resolves.toMatchObject({ ok: false });
    expect(failedRebuild.calls).toEqual(['rebuild']);
    await expect(ensure(stillBroken.deps)).resolves.toMatchObject({
      ok: false,
      detail: 'still broken',
    });
  });

  it('does not rebuild for other failures', async () => {
    const { calls, deps } = fakes(() => {
      throw new Error("Cannot find module 'better-sqlite3'");
    });

    await expect(ensure(deps)).resolves.toMatchObject({ ok: false, action: 'failed' });
    expect(calls).toEqual([]);
  });

  it('recognises the ABI mismatch message only', () => {
    expect(isAbiMismatch(ABI_ERROR)).toBe(true);
    expect(isAbiMismatch(new Error('SQLITE_CANTOPEN'))).toBe(false);
  });
});

describe('build/ensure-native.mjs (real)', () => {
  it('loads the installed better-sqlite3 under this Node', () => {
    expect(() => loadBetterSqlite()).not.toThrow();
  });

  it('exits 0 without rebuilding when the module already fits', () => {
    const output = execFileSync(process.execPath, [SCRIPT, 'node'], { encoding: 'utf8' });

    expect(output).not.toMatch(/rebuil/);
  });

  it('fails, without a rebuild, where better-sqlite3 is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'dashfleet-native-'));
    try {
      writeFileSync(join(root, 'package.json'), '{"name":"empty","private":true}');
      expect(() => loadBetterSqlite(root)).toThrow(/better-sqlite3/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses targets other than node', () => {
    const result = spawnSync(process.execPath, [SCRIPT, 'electron'], { encoding: 'utf8' });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage/);
  });
});
