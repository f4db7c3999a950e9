import { formatDateTime, formatRelative } from '../../src/shared/format.js';
import type { LocalAction } from '../../src/shared/local-api.js';
import { useLanguage } from '../ui/i18n.js';
import { newestFirst, stateTone } from './actions-view.js';

/** "What IT ran on this PC": every action IT sent here, for the person's own record. */
export function ActionLog({ history, now }: { history: readonly LocalAction[]; now: number }) {
  const { t, locale } = useLanguage();
  const when = (at: number) => (
    <span title={formatDateTime(at, locale)}>{formatRelative(at, now, locale)}</span>
  );
  return (
    <section class="action-log-section" aria-labelledby="action-log-title">
      <h2 id="action-log-title">{t('local.actions.title')}</h2>
      <p class="muted">{t('local.actions.intro')}</p>
      {history.length === 0 ? (
        <p class="state">{t('local.actions.empty')}</p>
      ) : (
        <ul class="action-log">
          {newestFirst(history).map((action) => (
            <li
              key={action.id}
              class="action-entry card"
              data-action-id={action.id}
              data-action-type={action.type}
              data-state={action.state}
            >
              <p class="action-line">
                <strong>
                  {t(`local.actions.types.${action.type}`, { defaultValue: action.type })}
                </strong>
                <span class={`state-tag tone-${stateTone(action.state)}`}>
                  {t(`local.actions.states.${action.state}`, { defaultValue: action.state })}
                </span>
              </p>
              <p class="muted action-meta">
                <span>
                  {t('local.actions.by', {
                    name: action.sentBy.trim() || t('inbox.unknownSender'),
                  })}
                </span>
                {when(action.receivedAt)}
                {action.stage !== null && (
                  <span class="action-stage">
                    {t('local.actions.stage', {
                      stage: t(`local.actions.stages.${action.stage}`, {
                        defaultValue: action.stage,
                      }),
                    })}
                  </span>
                )}
              </p>
              {action.error !== null && action.error !== '' && (
                <p class="error action-error">{action.error}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
