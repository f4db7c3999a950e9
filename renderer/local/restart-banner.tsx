import { useState } from 'preact/hooks';
import { formatDuration } from '../../src/shared/format.js';
import type { ActionsState, PendingRestart } from '../../src/shared/local-api.js';
import type { ApiError } from '../ui/api-client.js';
import { useLanguage } from '../ui/i18n.js';
import type { ActionsClient } from './actions-client.js';
import { snoozeOption, splitAroundValue } from './actions-view.js';
import { formatTimeLeft, formatWallTime, secondsUntil } from './countdown.js';
import { useCountdownNow } from './use-countdown.js';

interface RestartBannerProps {
  restart: PendingRestart;
  snooze: ActionsClient['snooze'];
  onState: (state: ActionsState) => void;
}

/** Shown above every page while a restart is pending: the countdown, why, who, and snooze. */
export function RestartBanner({ restart, snooze, onState }: RestartBannerProps) {
  const { t, locale } = useLanguage();
  const now = useCountdownNow(restart.rebootAt);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const left = secondsUntil(restart.rebootAt, now);
  const option = snoozeOption(restart);
  const sender = restart.sentBy.trim() || t('inbox.unknownSender');
  const [before, after] = splitAroundValue((time) => t('restart.countdown', { time }));

  const onSnooze = async (): Promise<void> => {
    setIsBusy(true);
    setError(null);
    const result = await snooze(restart.id);
    setIsBusy(false);
    if (result.ok) onState(result.value);
    else setError(result.error);
  };

  return (
    <section
      class="restart-banner"
      aria-labelledby="restart-banner-title"
      data-restart-id={restart.id}
      data-reboot-at={restart.rebootAt}
    >
      <div class="restart-inner">
        <h2 id="restart-banner-title" class="visually-hidden">
          {t('restart.label')}
        </h2>
        <p class="restart-countdown">
          {left > 0 ? (
            <>
              {before}
              <strong class="restart-time">{formatTimeLeft(left, locale)}</strong>
              {after}
            </>
          ) : (
            t('restart.restartingNow')
          )}
        </p>
        <p aria-live="polite">
          {t('restart.plannedAt', { time: formatWallTime(restart.rebootAt, now, locale) })}
        </p>
        {restart.reason.trim() !== '' && (
          <p class="restart-reason">{t('restart.reason', { reason: restart.reason })}</p>
        )}
        <p class="restart-sender">{t('restart.sentBy', { name: sender })}</p>
        <div class="toolbar">
          {option.kind === 'available' ? (
            <>
              <button
                type="button"
                class="primary"
                disabled={isBusy || left <= 0}
                onClick={() => void onSnooze()}
              >
                {isBusy
                  ? t('restart.snoozing')
                  : t('restart.snooze', { duration: formatDuration(option.lengthSeconds, locale) })}
              </button>
              <span class="restart-snoozes">
                {t('restart.snoozesLeft', { count: option.remaining })}
              </span>
            </>
          ) : (
            <span class="restart-snoozes">
              {t(option.kind === 'used-up' ? 'restart.snoozesUsed' : 'restart.noSnooze')}
            </span>
          )}
        </div>
        {error !== null && (
          <p class="error" role="alert" data-code={error.code}>
            {t('restart.snoozeError', {
              message: t(`restart.errors.${error.code}`, { defaultValue: error.message }),
            })}
          </p>
        )}
      </div>
    </section>
  );
}
