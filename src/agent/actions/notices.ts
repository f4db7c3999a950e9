import type { Language } from '../../shared/i18n.js';
import type { MessageParams } from '../../shared/protocol/action-schemas.js';
import type { NotificationRequest } from '../notify/notifier.js';

/** i18next's t, narrowed to what the notifications use. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A translator per language, loaded on the first notification: every language's text and
 * i18next stay out of an agent that is never sent anything.
 */
export function createTranslations(language: () => Language): () => Promise<Translate> {
  const cache = new Map<Language, Translate>();
  return async () => {
    const wanted = language();
    let t = cache.get(wanted);
    if (!t) {
      const { createTranslator } = await import('../../shared/translator.js');
      t = createTranslator(wanted) as unknown as Translate;
      cache.set(wanted, t);
    }
    return t;
  };
}

/** The notifications' words around the server's text; plain text (the Notifier escapes). */
export function messageNotice(
  t: Translate,
  message: MessageParams & { sentBy: string },
): NotificationRequest {
  const lines = [message.body.trim()];
  if (message.sentBy.trim() !== '') lines.push(t('notify.from', { sentBy: message.sentBy }));
  return {
    title: t('notify.messageTitle', { title: message.title }),
    body: lines.filter((line) => line !== '').join('\n\n'),
    urgency: message.level === 'critical' ? 'critical' : 'normal',
  };
}

export interface RestartNoticeFacts {
  kind: 'scheduled' | 'reminder' | 'snoozed';
  /** Until the reboot. */
  msLeft: number;
  reason: string;
  sentBy: string;
  snoozesLeft: number;
}

/** The last reminder is shown as critical: daemons keep it on screen until dismissed. */
const CRITICAL_WITHIN_MS = 2 * 60_000;

export function restartNotice(t: Translate, facts: RestartNoticeFacts): NotificationRequest {
  const minutes = Math.max(1, Math.ceil(facts.msLeft / 60_000));
  const countdown =
    minutes >= 120
      ? t('notify.restartInHours', { count: Math.round(minutes / 60) })
      : t('notify.restartInMinutes', { count: minutes });
  const lines = [`${countdown} ${t('notify.saveWork')}`];
  if (facts.reason.trim() !== '') lines.push(t('notify.restartReason', { reason: facts.reason }));
  if (facts.snoozesLeft > 0) lines.push(t('notify.canPostpone', { count: facts.snoozesLeft }));
  if (facts.sentBy.trim() !== '') lines.push(t('notify.from', { sentBy: facts.sentBy }));
  return {
    title: t(facts.kind === 'snoozed' ? 'notify.restartSnoozedTitle' : 'notify.restartTitle'),
    body: lines.join('\n'),
    urgency: facts.msLeft <= CRITICAL_WITHIN_MS ? 'critical' : 'normal',
  };
}

export function restartCancelledNotice(t: Translate): NotificationRequest {
  return {
    title: t('notify.restartCancelledTitle'),
    body: t('notify.restartCancelledBody'),
    urgency: 'normal',
  };
}
