import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type {
  TrayBadge,
  TrayCommand,
  TrayIconName,
  TrayMenuItem,
  TrayModel,
} from './tray-model.js';

export interface TrayRenderer {
  /** Rebuilds icon, tooltip and menu from the model; cheap enough to call on every change. */
  render(model: TrayModel): void;
}

export interface TrayRendererDeps {
  tray: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;
  /** `Menu.buildFromTemplate`, passed in so this file loads without Electron. */
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  icon: (name: TrayIconName, badge: TrayBadge) => NativeImage | string;
  onCommand: (command: TrayCommand) => void;
  /** Text beside the icon (`tray.setTitle`), given only where the menu bar shows it (macOS). */
  showTitle?: (title: string) => void;
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
  let lastIcon: string | undefined;
  let lastTitle: string | undefined;
  return {
    render(model) {
      const iconKey = `${model.iconName}/${model.badge ?? ''}`;
      if (iconKey !== lastIcon) {
        deps.tray.setImage(deps.icon(model.iconName, model.badge));
        lastIcon = iconKey;
      }
      if (deps.showTitle && model.title !== lastTitle) {
        deps.showTitle(model.title);
        lastTitle = model.title;
      }
      deps.tray.setToolTip(model.tooltip);
      deps.tray.setContextMenu(deps.buildMenu(model.menu.map(toTemplate)));
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`tray: unexpected menu item ${JSON.stringify(value)}`);
}
