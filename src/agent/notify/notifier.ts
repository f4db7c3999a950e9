/** How insistent a notification is; daemons that know urgency keep `critical` ones on screen. */
export type NotificationUrgency = 'low' | 'normal' | 'critical';

/** One notification, in plain text: the implementation makes it safe for its medium. */
export interface NotificationRequest {
  title: string;
  body: string;
  urgency: NotificationUrgency;
}

/**
 * The agent's way to tell the person at the PC something (a message from IT, a restart
 * countdown). Plain text in: an implementation escapes it for what renders it (notification
 * daemons on Linux read markup) and bounds it. Resolves once the notification was handed to the
 * OS; rejects when it could not be.
 */
export interface Notifier {
  notify(notification: NotificationRequest): Promise<void>;
}
