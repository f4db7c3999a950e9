import type { NotificationRequest, Notifier } from './notifier.js';
import { escapeNotificationText, notificationTitle } from './notification-text.js';
import { createNotifySend } from './notify-send.js';

/** The part of node-notifier this uses. */
export interface NodeNotifierModule {
  notify(options: Record<string, unknown>, callback: (error: unknown) => void): unknown;
}

export interface NodeNotifierOptions {
  /** Decides the backend and the escaping; default process.platform. */
  platform?: string;
  /** Shown as the sender on Linux (notify-send --app-name). Default "DashFleet". */
  appName?: string;
  /** Windows AppUserModelID the desktop app registered; absent: the toaster's own. */
  appId?: string;
  /** How node-notifier is loaded (Windows, macOS); default a runtime import (see below). */
  load?: () => Promise<NodeNotifierModule>;
}

/**
 * node-notifier is imported at run time, on the first notification, and out of reach of the
 * bundler (the specifier is a variable): it picks its backend at import (terminal-notifier on
 * macOS, SnoreToast on Windows) and finds its helper binaries next to its own files, which
 * bundling would break; and an agent nobody sends a message to never loads it.
 */
async function loadNodeNotifier(): Promise<NodeNotifierModule> {
  const specifier = 'node-notifier';
  const loaded = (await import(specifier)) as { default?: NodeNotifierModule };
  return loaded.default ?? (loaded as unknown as NodeNotifierModule);
}

/**
 * The agent's native notifications: Windows toasts and the macOS Notification Center through
 * node-notifier; on Linux notify-send run directly, without node-notifier (it would run
 * notify-send through a shell, and let a body starting with `--` pass for an option: see
 * notify-send.ts).
 */
export function createNodeNotifier(options: NodeNotifierOptions = {}): Notifier {
  const platform = options.platform ?? process.platform;
  const appName = options.appName ?? 'DashFleet';
  if (platform === 'linux') return createNotifySend({ appName });
  const load = options.load ?? loadNodeNotifier;
  let loading: Promise<NodeNotifierModule> | undefined;

  return {
    async notify(notification: NotificationRequest): Promise<void> {
      loading ??= load();
      const notifier = await loading;
      const request = toNodeNotifierOptions(notification, {
        platform,
        appName,
        ...(options.appId ? { appId: options.appId } : {}),
      });
      await new Promise<void>((resolve, reject) => {
        notifier.notify(request, (error) => {
          // node-notifier also passes a successful command's stderr here, as a string: only an
          // Error means the notification was not shown.
          if (error instanceof Error) reject(error);
          else resolve();
        });
      });
    },
  };
}

/** The options node-notifier gets (Windows, macOS): safe text, no waiting for a click, the sender's name. */
export function toNodeNotifierOptions(
  notification: NotificationRequest,
  options: { platform: string; appName: string; appId?: string },
): Record<string, unknown> {
  const body = escapeNotificationText(notification.body, options.platform);
  return {
    title: notificationTitle(notification.title) || options.appName,
    // node-notifier refuses an empty message.
    message: body === '' ? ' ' : body,
    urgency: notification.urgency,
    wait: false,
    'app-name': options.appName,
    ...(options.appId ? { appID: options.appId } : {}),
  };
}
