import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface Finding {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
}
/** Electronegativity's programmatic entry (its CLI exits 0 even when it finds problems). */
const electronegativity = require('@doyensec/electronegativity') as (options: {
  input: string;
  electronVersionOverride: string;
  isRelative: boolean;
  excludeFromScan: string[];
}) => Promise<{
  issues: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}>;

const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Runs every check offline (the release-list check would download Electron's release list). */
async function scan(input: string) {
  const result = await electronegativity({
    input,
    electronVersionOverride: ELECTRON_VERSION,
    isRelative: true,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
  const high = result.issues
    .filter((issue) => issue.severity.name === 'HIGH')
    .map((issue) => `${issue.id} ${issue.file}:${issue.location.line}`);
  return { ...result, high };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('Electronegativity', () => {
  it('finds nothing of HIGH severity in src/main + src/preload', async () => {
    // Global checks (navigation limits, permission handlers) judge the shell as a whole, so
    // both folders are scanned together.
    const shell = mkdtempSync(join(tmpdir(), 'dashfleet-shell-'));
    dirs.push(shell);
    cpSync(join(ROOT, 'src/main'), join(shell, 'main'), { recursive: true });
    cpSync(join(ROOT, 'src/preload'), join(shell, 'preload'), { recursive: true });

    const { high, errors, issues } = await scan(shell);

    expect(issues.length, 'the scan read the shell').toBeGreaterThan(0);
    expect(high).toEqual([]);
    expect(errors.filter((error) => !error.tolerable)).toEqual([]);
  });

  it('fails on a deliberately insecure main process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashfleet-insecure-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'main.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({',
        '  webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false },',
        '});',
        "win.loadURL('http://example.com/');",
      ].join('\n'),
    );

    const { high } = await scan(dir);

    expect(high.length).toBeGreaterThan(0);
    expect(high.join('\n')).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
  });

  it('is silenced in src/main only where createWindowOptions() sets the flags', () => {
    const dir = join(ROOT, 'src/main');
    const silenced = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .filter((line) => line.includes('eng-disable'))
          .map((line) => `${file}: ${line.trim()}`),
      );

    for (const line of silenced) {
      expect(line).toMatch(/new BrowserWindow\(createWindowOptions\(\)\)/);
    }
  });
});
