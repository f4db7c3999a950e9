import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import * as fuses from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const hook = require(resolve(import.meta.dirname, '../../build/after-pack.cjs')) as {
  default: (context: unknown) => Promise<void>;
  fuseConfigFor: (platform: string, api: typeof fuses) => Record<string, unknown>;
};

/** Electron marks its fuse wire with this string; the wire follows: version, length, states. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 49;
const DISABLE = 48;

/** A stand-in for the Electron binary: some bytes, the sentinel, an 8-fuse V1 wire as shipped. */
function fakeElectronBinary(path: string): void {
  const shipped = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.alloc(4096, 0xcc),
      Buffer.from(SENTINEL, 'ascii'),
      Buffer.from([1, shipped.length, ...shipped]),
      Buffer.alloc(4096, 0xcc),
    ]),
  );
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('build/after-pack.cjs', () => {
  it.each([
    ['linux', 'dashfleet', false],
    ['win32', 'DashFleet.exe', true],
  ])('flips the fuses of the packaged %s binary', async (platform, file, hasAsarIntegrity) => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'dashfleet-pack-'));
    dirs.push(appOutDir);
    mkdirSync(appOutDir, { recursive: true });
    fakeElectronBinary(join(appOutDir, file));

    await hook.default({
      appOutDir,
      electronPlatformName: platform,
      packager: { appInfo: { productFilename: 'DashFleet' }, executableName: 'dashfleet' },
    });

    const wire = await getCurrentFuseWire(join(appOutDir, file));
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(
      hasAsarIntegrity ? ENABLE : DISABLE,
    );
    // Everything around the wire is untouched.
    const bytes = readFileSync(join(appOutDir, file));
    expect(bytes.subarray(0, 4096).every((byte) => byte === 0xcc)).toBe(true);
  });

  it('asks for a fresh ad-hoc signature on macOS only', () => {
    expect(hook.fuseConfigFor('darwin', fuses)).toMatchObject({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    });
    expect(hook.fuseConfigFor('linux', fuses).resetAdHocDarwinSignature).toBe(false);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'dashfleet-pack-'));
    dirs.push(appOutDir);
    writeFileSync(join(appOutDir, 'dashfleet'), Buffer.alloc(1024));

    await expect(
      hook.default({
        appOutDir,
        electronPlatformName: 'linux',
        packager: { appInfo: { productFilename: 'DashFleet' }, executableName: 'dashfleet' },
      }),
    ).rejects.toThrow(/sentinel/);
  });
});
