import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrayBadge, TrayIconName } from './tray-model.js';

/**
 * The tray image file for a status. macOS menu bars want a monochrome template image that the
 * system tints for light and dark bars, so there it is one shape for every status (the tooltip
 * carries the status, the title beside it the unread count and restart time); elsewhere the
 * colour is the status. Electron picks the `@2x` file (32 px) beside each 16 px one on
 * high-density screens.
 *
 * A badge (unread messages, a pending restart) uses `tray-<status>-<badge>.png` when the icon
 * set has that file, and the plain status icon otherwise: the tooltip and the menu say the same
 * in words either way.
 */
export function trayIconPath(
  name: TrayIconName,
  platform: NodeJS.Platform,
  iconsDir: string,
  badge: TrayBadge = null,
  exists: (path: string) => boolean = existsSync,
): string {
  if (platform === 'darwin') return join(iconsDir, 'trayTemplate.png');
  const plain = join(iconsDir, `tray-${name}.png`);
  if (badge === null) return plain;
  const badged = join(iconsDir, `tray-${name}-${badge}.png`);
  return exists(badged) ? badged : plain;
}
