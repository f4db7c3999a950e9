import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** electron-builder's own loader and validator: the code `electron-builder` runs before building. */
const { getConfig, validateConfiguration } =
  require('app-builder-lib/out/util/config/config.js') as {
    getConfig(
      projectDir: string,
      configPath: string | null,
      fromOptions: null,
    ): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
const { DebugLogger } = require('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

interface BuilderConfig {
  appId?: string;
  productName?: string;
  /** Normalised by getConfig to `[{ filter: [...] }]`. */
  files?: Array<string | { filter: string[] }>;
  asarUnpack?: string[];
  afterPack?: string;
  publish?: { provider: string; url: string };
  win?: { icon: string; target: string[] };
  mac?: { icon: string; target: string[] };
  linux?: { icon: string; target: string[] };
  extraResources?: Array<{ from: string; to: string; filter: string[] }>;
  [key: string]: unknown;
}

const validate = (config: BuilderConfig) => validateConfiguration(config, new DebugLogger(false));

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A project dir holding our package.json and a variant of electron-builder.yml. */
function projectWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashfleet-builder-'));
  temporaryDirs.push(dir);
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  writeFileSync(join(dir, 'electron-builder.yml'), yaml);
  return dir;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own configuration validation', async () => {
    const config = await getConfig(ROOT, null, null);

    await expect(validate(config)).resolves.toBeUndefined();
    expect(config.appId).toBe('com.dashfleet.agent');
    expect(config.productName).toBe('DashFleet');
  });

  it('is rejected by the same validation when it is wrong (the check can fail)', async () => {
    const yaml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    const unknownKey = await getConfig(projectWith(`${yaml}\nnotAnOption: true\n`), null, null);
    const wrongType = await getConfig(
      projectWith(yaml.replace('oneClick: false', 'oneClick: "sometimes"')),
      null,
      null,
    );

    await expect(validate(unknownKey)).rejects.toThrow(/notAnOption/);
    await expect(validate(wrongType)).rejects.toThrow(/oneClick/);
  });

  it('builds the installers the fleet needs, with an update feed', async () => {
    const config = await getConfig(ROOT, null, null);

    expect(config.win?.target).toEqual(['nsis', 'msi']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.publish?.provider).toBe('generic');
    expect(config.publish?.url).toMatch(/^https:\/\//);
    expect(config.asarUnpack).toContain('node_modules/node-notifier/vendor/**');
    const files = (config.files ?? []).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : entry.filter,
    );
    expect(files).toEqual(expect.arrayContaining(['dist/**', 'locales/**', 'package.json']));
  });

  it('points at files that exist', async () => {
    const config = await getConfig(ROOT, null, null);
    const paths = [
      config.afterPack,
      config.win?.icon,
      config.mac?.icon,
      config.linux?.icon,
      ...(config.extraResources ?? []).map((resource) => resource.from),
    ];

    for (const path of paths) {
      expect(path, 'a path in electron-builder.yml').toBeTypeOf('string');
      expect(existsSync(join(ROOT, path as string)), path).toBe(true);
    }
  });

  it('starts the bundled main process', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main?: string };

    expect(pkg.main).toBe('dist/main/main.cjs');
  });
});
