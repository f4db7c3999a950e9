import { useRef, useState } from 'preact/hooks';
import type { ActionsState } from '../../../src/shared/local-api.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { ActionsClient } from '../actions-client.js';
import { ActionLog } from '../action-log.js';
import { newestFirst, shouldReportRead } from '../actions-view.js';
import { MessageItem } from '../message-item.js';

interface MessagesProps {
  actions: ActionsState | null;
  loadError: ApiError | null;
  markRead: ActionsClient['markRead'];
  onState: (state: ActionsState) => void;
}

/** The inbox (newest first) and, below it, what IT ran on this PC. */
export function MessagesPage({ actions, loadError, markRead, onState }: MessagesProps) {
  const { t } = useLanguage();
  const [openIds, setOpenIds] = useState<ReadonlySet<string>>(new Set());
  const [readError, setReadError] = useState<ApiError | null>(null);
  /** Ids whose `read` was asked for: opening again, or closing and reopening, asks no more. */
  const askedRead = useRef(new Set<string>());

  if (actions === null) {
    return (
      <section aria-busy={loadError === null}>
        <h1>{t('inbox.title')}</h1>
        {loadError === null ? (
          <p class="state">{t('common.loading')}</p>
        ) : (
          <p class="error" role="alert" data-code={loadError.code}>
            {t('inbox.loadError', { message: loadError.message })}
          </p>
        )}
      </section>
    );
  }

  const toggle = (id: string): void => {
    const isOpening = !openIds.has(id);
    const next = new Set(openIds);
    if (isOpening) next.add(id);
    else next.delete(id);
    setOpenIds(next);
    const message = actions.inbox.find((candidate) => candidate.id === id);
    if (!isOpening || !message || !shouldReportRead(message, askedRead.current)) return;
    askedRead.current.add(id);
    setReadError(null);
    void markRead(id).then((result) => {
      if (result.ok) {
        onState(result.value);
      } else {
        // Not reported: opening it again tries again.
        askedRead.current.delete(id);
        setReadError(result.error);
      }
    });
  };

  const now = Date.now();
  return (
    <section>
      <h1>{t('inbox.title')}</h1>
      <p class="muted">{t('inbox.intro')}</p>
      {readError !== null && (
        <p class="error" role="alert" data-code={readError.code}>
          {t('inbox.readError', { message: readError.message })}
        </p>
      )}
      {actions.inbox.length === 0 ? (
        <p class="state">{t('inbox.empty')}</p>
      ) : (
        <ul class="inbox" aria-label={t('inbox.title')}>
          {newestFirst(actions.inbox).map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              isOpen={openIds.has(message.id)}
              now={now}
              onToggle={() => toggle(message.id)}
            />
          ))}
        </ul>
      )}
      <ActionLog history={actions.history} now={now} />
    </section>
  );
}
