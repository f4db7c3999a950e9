import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { TrayCommand, TrayIconName, TrayMenuItem, TrayModel } from './tray-model.js';

export interface TrayRenderer {
  /** Rebuilds icon, tooltip and menu from the model; cheap enough to call on every change. */
  render(model: TrayModel): void;
}

export interface TrayRendererDeps {
  tray: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;
  /** `Menu.buildFromTemplate`, passed in so this file loads without Electron. */
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  icon: (name: TrayIconName) => NativeImage | string;
  onCommand: (command: TrayCommand) => void;
}

/** One `render()` that rebuilds the Electron tray from the model: no state kept in menu items. */
export function createTrayRenderer(deps: TrayRendererDeps): TrayRenderer {
  const toTemplate = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { type: 'submenu', label: item.label, submenu: item.items.map(toTemplate) };
      case 'normal':
        return { type: 'normal', label: item.label, click: () => deps.onCommand(item.command) };
      case 'radio':
        return {
          type: 'radio',
          label: item.label,
          checked: item.checked,
          click: () => deps.onCommand(item.command),
        };
      default:
        return assertNever(item);
    }
  };
  let lastIcon: TrayIconName | undefined;
  return {
    render(model) {
      if (model.iconName !== lastIcon) {
        deps.tray.setImage(deps.icon(model.iconName));
        lastIcon = model.iconName;
      }
      deps.tray.setToolTip(model.tooltip);
      deps.tray.setContextMenu(deps.buildMenu(model.menu.map(toTemplate)));
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`tray: unexpected menu item ${JSON.stringify(value)}`);
}
