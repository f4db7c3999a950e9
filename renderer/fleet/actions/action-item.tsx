import { useState } from 'preact/hooks';
import type { ActionView } from '../../../src/shared/actions-api.js';
import { FLEET_API } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import { isFinishedStatus } from '../../../src/shared/protocol/action-constants.js';
import type { ActionResult } from '../../../src/shared/protocol/action-schemas.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ConfirmButton } from '../parts/confirm-button.js';
import { pathFor } from '../routes.js';
import { MESSAGE_LEVELS } from './action-form.js';
import type { MessageLevel } from './action-form.js';
import { actionErrorText, actionSummary, detailEntries, stageText } from './action-text.js';

interface ActionItemProps {
  client: FleetClient;
  action: ActionView;
  /** Operators and up may cancel and retry. */
  canOperate: boolean;
  /** Off on a machine's own page, where every action is that machine's. */
  showMachine: boolean;
  /** A cancelled action or a retry the server answered with: published to every history. */
  onChanged: (action: ActionView) => void;
}

/** One action on one machine: what, where, who, when, how far it got, and what came back. */
export function ActionItem({
  client,
  action,
  canOperate,
  showMachine,
  onChanged,
}: ActionItemProps) {
  const { t, locale } = useLanguage();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const summary = actionSummary(action);
  const isFinished = isFinishedStatus(action.status);
  const typeText = t(`fleet.actions.types.${action.type}`);
  const level = action.type === 'message' ? messageLevel(action.params.level) : undefined;
  const when = (at: number) => (
    <time dateTime={new Date(at).toISOString()}>{formatDateTime(at, locale)}</time>
  );

  const change = async (call: () => ReturnType<FleetClient['cancelAction']>): Promise<void> => {
    setIsBusy(true);
    const result = await call();
    setIsBusy(false);
    if (result.ok) {
      setError(null);
      onChanged(result.value);
    } else {
      setError(actionErrorText(t, result.error));
    }
  };

  return (
    <li class="action-item" data-id={action.id} data-status={action.status}>
      <div class="action-head">
        <strong>{typeText}</strong>
        {level !== undefined && (
          <span class={`tag level-${level}`}>{t(`fleet.actions.levels.${level}`)}</span>
        )}
        {summary !== '' && <span class="action-summary">{summary}</span>}
        <span class={`action-status st-${action.status}`}>
          {t(`fleet.actions.statuses.${action.status}`)}
          {action.stage !== null && ` · ${stageText(t, action.stage)}`}
        </span>
      </div>
      <p class="action-meta muted">
        {showMachine && (
          <>
            <a href={pathFor({ name: 'machine', id: action.machineId })}>{action.hostname}</a>
            {' · '}
          </>
        )}
        {t('fleet.actions.sentBy', { name: action.createdBy })} · {when(action.createdAt)}
        {action.retryOf !== null && ` · ${t('fleet.actions.isRetry')}`}
      </p>
      <p class="action-meta muted">
        {action.deliveredAt !== null && (
          <span>
            {t('fleet.actions.times.delivered')} {when(action.deliveredAt)}{' '}
          </span>
        )}
        {action.finishedAt !== null && (
          <span>
            {t('fleet.actions.times.finished')} {when(action.finishedAt)}{' '}
          </span>
        )}
        {!isFinished && (
          <span>
            {t('fleet.actions.times.expires')} {when(action.expiresAt)}
          </span>
        )}
      </p>
      {action.type === 'message' &&
        typeof action.params.body === 'string' &&
        action.params.body !== '' && (
          <details>
            <summary>{t('fleet.actions.messageText')}</summary>
            <p class="action-body">{action.params.body}</p>
          </details>
        )}
      {action.result !== null && <ResultView result={action.result} />}
      {(canOperate || action.hasArtifact) && (
        <div class="toolbar">
          {canOperate && !isFinished && (
            <ConfirmButton
              label={t('fleet.actions.cancelAction')}
              question={t('fleet.actions.cancelConfirm', {
                type: typeText,
                hostname: action.hostname,
              })}
              confirmLabel={t('fleet.actions.cancelAction')}
              onConfirm={() => change(() => client.cancelAction(action.id))}
            />
          )}
          {canOperate && (action.status === 'failed' || action.status === 'expired') && (
            <button
              type="button"
              disabled={isBusy}
              onClick={() => void change(() => client.retryAction(action.id))}
            >
              {t('fleet.actions.retry')}
            </button>
          )}
          {action.hasArtifact && (
            <a class="button" href={FLEET_API.actionArtifact(action.id)} download>
              {t('fleet.actions.download')}
            </a>
          )}
        </div>
      )}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Exit code, the agent's error, facts such as bytes freed or the boot time, and the output. */
function ResultView({ result }: { result: ActionResult }) {
  const { t, locale } = useLanguage();
  const facts: Array<[string, string]> = [];
  if (result.exitCode !== undefined) {
    facts.push([
      t('fleet.actions.result.exitCode'),
      result.exitCode === null ? '–' : String(result.exitCode),
    ]);
  }
  if (result.detail) facts.push(...detailEntries(result.detail, t, locale));
  return (
    <div class="action-result">
      {result.error && (
        <p class="error">
          <code>{result.error.code}</code> {result.error.message}
        </p>
      )}
      {facts.length > 0 && (
        <dl class="action-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {result.output !== undefined && result.output !== '' && (
        <details>
          <summary>{t('fleet.actions.result.output')}</summary>
          <pre class="action-output">{result.output}</pre>
        </details>
      )}
    </div>
  );
}

/** A message's level when it is one we know; anything else is not shown. */
function messageLevel(value: unknown): MessageLevel | undefined {
  return MESSAGE_LEVELS.find((level) => level === value);
}
