import type { MessageParams } from '../../../shared/protocol/action-schemas.js';
import { messageNotice } from '../notices.js';
import type { ActionHandler } from '../registry.js';
import type { AcceptedAction } from '../types.js';

/**
 * A message from IT: kept in the inbox (as sent; the dashboard escapes it), shown as a native
 * notification, reported `shown` once the OS took it; `read` follows when the person opens it.
 * Without a notification service (a desktop with none running, a headless kiosk) the message
 * still reached the person's inbox: it succeeds at stage `inbox`, with the reason the
 * notification failed, and `read` can still follow.
 */
export const messageHandler: ActionHandler = {
  async run(accepted, { tables, report, notify, translate, logger }) {
    const action = accepted as AcceptedAction<MessageParams>;
    const { title, body, level } = action.params;
    tables.addToInbox({
      id: action.id,
      title,
      body,
      level,
      sentBy: action.sentBy,
      receivedAt: action.receivedAt,
      readAt: null,
    });
    report.running(action.id, 'shown');
    try {
      await notify(messageNotice(await translate(), { ...action.params, sentBy: action.sentBy }));
      report.succeeded(action.id, 'shown');
      logger.info(`actions: message ${action.id} shown`);
    } catch (error) {
      logger.warn({ err: error }, `actions: message ${action.id} could not be shown`);
      report.succeeded(action.id, 'inbox', {
        detail: { notification: `not shown: ${(error as Error).message}`.slice(0, 1000) },
      });
    }
  },
};
