import { formatDateTime, formatRelative } from '../../src/shared/format.js';
import type { InboxMessage } from '../../src/shared/local-api.js';
import { useLanguage } from '../ui/i18n.js';

interface MessageItemProps {
  message: InboxMessage;
  isOpen: boolean;
  now: number;
  onToggle: () => void;
}

/**
 * One message as a disclosure: the title is a button (click, Enter or Space) that shows the
 * body. Everything IT wrote is rendered as text (Preact escapes it); markup stays visible as
 * characters and is never interpreted.
 */
export function MessageItem({ message, isOpen, now, onToggle }: MessageItemProps) {
  const { t, locale } = useLanguage();
  const isUnread = message.readAt === null;
  const bodyId = `message-body-${message.id}`;
  const sender = message.sentBy.trim() || t('inbox.unknownSender');
  return (
    <li
      class={`message card level-${message.level}${isUnread ? ' is-unread' : ''}`}
      data-message-id={message.id}
    >
      <h3 class="message-head">
        <button
          type="button"
          class="message-toggle"
          aria-expanded={isOpen}
          aria-controls={bodyId}
          onClick={onToggle}
        >
          <span class="message-chevron" aria-hidden="true">
            {isOpen ? '▾' : '▸'}
          </span>
          <span class="message-title">{message.title}</span>
        </button>
      </h3>
      <p class="message-meta">
        <span class={`level-tag level-${message.level}`}>{t(`inbox.level.${message.level}`)}</span>
        {isUnread && <span class="new-tag">{t('inbox.new')}</span>}
        <span class="muted">{t('inbox.from', { name: sender })}</span>
        <span class="muted" title={formatDateTime(message.receivedAt, locale)}>
          {t('inbox.received', { when: formatRelative(message.receivedAt, now, locale) })}
        </span>
      </p>
      <div id={bodyId} class="message-body" hidden={!isOpen}>
        {message.body.trim() === '' ? (
          <p class="muted">{t('inbox.noBody')}</p>
        ) : (
          <p>{message.body}</p>
        )}
      </div>
    </li>
  );
}
