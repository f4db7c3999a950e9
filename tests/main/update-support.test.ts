import { describe, expect, it } from 'vitest';
import { detectPackaging, isUpdateSupported } from '../../src/main/update-support.js';
import type { Packaging, PackagingClues } from '../../src/main/update-support.js';

describe('isUpdateSupported', () => {
  it.each([
    ['linux', 'appimage', true],
    ['win32', 'nsis', true],
    ['darwin', 'dmg-or-zip', true],
    ['linux', 'deb', false],
    ['linux', 'rpm', false],
    ['win32', 'msi', false],
    ['win32', 'portable', false],
    ['linux', 'unpackaged', false],
    ['win32', 'unpackaged', false],
    ['darwin', 'unpackaged', false],
    ['linux', 'unknown', false],
    ['win32', 'appimage', false],
  ] as const)('%s + %s → %s', (platform, packaging, expected) => {
    const support = isUpdateSupported({ platform, packaging });

    expect(support.isSupported).toBe(expected);
    if (!support.isSupported) expect(support.reason).not.toBe('');
  });
});

describe('detectPackaging', () => {
  const clues = (overrides: Partial<PackagingClues>): PackagingClues => ({
    platform: 'linux',
    isPackaged: true,
    env: {},
    exeDir: 'C:\\Users\\ana\\AppData\\Local\\Programs\\DashFleet',
    productName: 'DashFleet',
    packageType: undefined,
    exists: () => false,
    ...overrides,
  });

  it.each<[string, Partial<PackagingClues>, Packaging]>([
    ['development', { isPackaged: false, env: { APPIMAGE: '/x.AppImage' } }, 'unpackaged'],
    ['AppImage', { env: { APPIMAGE: '/home/ana/DashFleet.AppImage' } }, 'appimage'],
    ['deb', { packageType: 'deb\n' }, 'deb'],
    ['rpm', { packageType: 'rpm' }, 'rpm'],
    ['Linux, no mark', {}, 'unknown'],
    ['portable', { platform: 'win32', env: { PORTABLE_EXECUTABLE_DIR: 'D:\\' } }, 'portable'],
    [
      'NSIS',
      {
        platform: 'win32',
        exists: (path) =>
          path === 'C:\\Users\\ana\\AppData\\Local\\Programs\\DashFleet\\Uninstall DashFleet.exe',
      },
      'nsis',
    ],
    ['MSI', { platform: 'win32' }, 'msi'],
    ['macOS', { platform: 'darwin' }, 'dmg-or-zip'],
  ])('recognises %s', (_name, overrides, expected) => {
    expect(detectPackaging(clues(overrides))).toBe(expected);
  });
});
