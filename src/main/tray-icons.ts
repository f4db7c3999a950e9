import { join } from 'node:path';
import type { TrayIconName } from './tray-model.js';

/**
 * The tray image file for a status. macOS menu bars want a monochrome template image that the
 * system tints for light and dark bars, so there it is one shape for every status (the tooltip
 * carries the status); elsewhere the colour is the status. Electron picks the `@2x` file
 * (32 px) beside each 16 px one on high-density screens.
 */
export function trayIconPath(
  name: TrayIconName,
  platform: NodeJS.Platform,
  iconsDir: string,
): string {
  return join(iconsDir, platform === 'darwin' ? 'trayTemplate.png' : `tray-${name}.png`);
}
