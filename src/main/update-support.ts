/**
 * Whether this copy of the app can update itself. electron-updater can replace an AppImage, an
 * NSIS install and a macOS .app (installed from the DMG or the zip; the update itself is the
 * zip); for every other form someone else owns the files, so updating from inside would fight
 * them:
 * - deb/rpm: the system package manager owns the files and updates need root; fleets that
 *   install packages update them through their package repository.
 * - MSI: administrators deploy it (GPO, Intune) and decide versions centrally; the NSIS-based
 *   updater would install a second, per-user copy beside it.
 * - portable (Windows): a single exe with no installer to hand the update to.
 * - not packaged (development): there is no installed app and no update feed file.
 */
export type Packaging =
  | 'appimage'
  | 'nsis'
  | 'dmg-or-zip'
  | 'deb'
  | 'rpm'
  | 'msi'
  | 'portable'
  | 'unpackaged'
  | 'unknown';

export type UpdateSupport = { isSupported: true } | { isSupported: false; reason: string };

const UNSUPPORTED_REASONS: Partial<Record<Packaging, string>> = {
  deb: 'installed from a deb package: the system package manager updates it',
  rpm: 'installed from an rpm package: the system package manager updates it',
  msi: 'installed from an MSI: the administrator deploys updates',
  portable: 'portable copy: download the new version to update it',
  unpackaged: 'not packaged (development run)',
  unknown: 'installation type not recognised',
};

export function isUpdateSupported(input: {
  platform: NodeJS.Platform;
  packaging: Packaging;
}): UpdateSupport {
  const { platform, packaging } = input;
  const isSupported =
    (platform === 'linux' && packaging === 'appimage') ||
    (platform === 'win32' && packaging === 'nsis') ||
    (platform === 'darwin' && packaging === 'dmg-or-zip');
  if (isSupported) return { isSupported: true };
  return {
    isSupported: false,
    reason: UNSUPPORTED_REASONS[packaging] ?? `${packaging} is not a ${platform} installer`,
  };
}

export interface PackagingClues {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  /** Folder of the app's executable. */
  exeDir: string;
  productName: string;
  /** Contents of `<resources>/package-type` (written by electron-builder for deb/rpm/pacman), if any. */
  packageType: string | undefined;
  exists: (path: string) => boolean;
}

/** How this copy was installed, from the marks each installer leaves behind. */
export function detectPackaging(clues: PackagingClues): Packaging {
  if (!clues.isPackaged) return 'unpackaged';
  switch (clues.platform) {
    case 'linux': {
      if (clues.env.APPIMAGE) return 'appimage';
      const type = clues.packageType?.trim();
      if (type === 'deb' || type === 'rpm') return type;
      return 'unknown';
    }
    case 'win32':
      // electron-builder's portable launcher sets this; NSIS leaves its uninstaller beside the
      // exe; an MSI install leaves neither.
      if (clues.env.PORTABLE_EXECUTABLE_DIR) return 'portable';
      return clues.exists(`${clues.exeDir}\\Uninstall ${clues.productName}.exe`) ? 'nsis' : 'msi';
    case 'darwin':
      return 'dmg-or-zip';
    default:
      return 'unknown';
  }
}
