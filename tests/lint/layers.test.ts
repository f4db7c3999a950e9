import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer arrows', () => {
  it.each([
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/shared/x.ts', "import { openStore } from '../agent/store/open-store.js';"],
    ['src/shared/x.ts', "import { app } from 'electron';"],
    ['src/agent/store/x.ts', "import { app } from 'electron';"],
    ['src/agent/x.ts', "import { tray } from '../main/tray.js';"],
    ['src/cli/x.ts', "import { BrowserWindow } from 'electron/main';"],
    ['renderer/local/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/local/x.ts', "import { openStore } from '../../src/agent/store/open-store.js';"],
    ['server/routes/x.ts', "import { createAgent } from '../../src/agent/create-agent.js';"],
    ['server/x.ts', "import { tray } from '../src/main/tray.js';"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it.each([
    ['src/agent/store/x.ts', "import type { Sample } from '../../shared/sample.js';"],
    ['src/agent/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/main/x.ts', "import { app } from 'electron';"],
    ['src/main/x.ts', "import { createAgent } from '../agent/create-agent.js';"],
    ['renderer/ui/x.ts', "import type { Sample } from '../../src/shared/sample.js';"],
    ['server/routes/x.ts', "import { enroll } from './agent/enroll.js';"],
    ['server/x.ts', "import { METRICS } from '../src/shared/metrics.js';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});

describe('renderer tsconfig', () => {
  it('has no Node types: a renderer file using node: does not compile', () => {
    const dir = mkdtempSync(join(root, 'renderer', '.probe-'));
    const file = join(dir, 'probe.ts');
    writeFileSync(
      file,
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    const tsconfig = join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, JSON.stringify({ extends: '../tsconfig.json', include: ['probe.ts'] }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(output).toContain("Cannot find module 'node:fs'");
  });
});
