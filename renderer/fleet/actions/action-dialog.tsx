import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  ActionTarget,
  CreateActionRequest,
  CreatedActions,
} from '../../../src/shared/actions-api.js';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import { ACTION_LIMITS } from '../../../src/shared/protocol/action-constants.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ActionFields } from './action-fields.js';
import { buildRequest, defaultForm } from './action-form.js';
import type { ActionForm, ActionKind, FieldProblem } from './action-form.js';
import { targetSummary } from './action-target.js';
import { actionErrorText, actionSummary } from './action-text.js';

/** Hostnames listed by name in the confirmation; the rest are counted. */
const NAMED_OFFLINE = 20;

interface ActionDialogProps {
  client: FleetClient;
  kind: ActionKind;
  target: ActionTarget;
  /** The fleet as the page has it: the confirmation counts and names from it. */
  machines: readonly MachineSummary[];
  onSent: (created: CreatedActions) => void;
  onClose: () => void;
}

/**
 * The form for one kind of action, then a confirmation that says how many machines it goes
 * to and which of them are offline (they get it when they come back, until it expires).
 */
export function ActionDialog({
  client,
  kind,
  target,
  machines,
  onSent,
  onClose,
}: ActionDialogProps) {
  const { t, locale } = useLanguage();
  const dialog = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState<ActionForm>(() => defaultForm(kind));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [request, setRequest] = useState<CreateActionRequest | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const summary = useMemo(() => targetSummary(target, machines), [target, machines]);
  const title = t(`fleet.actions.kinds.${kind}`);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const review = (event: Event): void => {
    event.preventDefault();
    const checked = buildRequest(form, target);
    if (checked.ok) {
      setProblems([]);
      setRequest(checked.request);
    } else {
      setProblems(checked.problems);
      dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  };
  const send = async (): Promise<void> => {
    if (request === null) return;
    setIsBusy(true);
    const result = await client.createAction(request);
    setIsBusy(false);
    if (result.ok) {
      onSent(result.value);
      onClose();
    } else {
      setError(result.error);
    }
  };

  const expiresAt =
    Date.now() + (request?.expiresInSeconds ?? ACTION_LIMITS.defaultExpirySeconds) * 1000;
  const what =
    request &&
    [
      t(`fleet.actions.types.${request.type}`),
      actionSummary({ type: request.type, params: request.params ?? {} }),
    ]
      .filter(Boolean)
      .join(' — ');

  return (
    <dialog
      ref={dialog}
      class="action-dialog"
      aria-labelledby="action-dialog-title"
      onClose={onClose}
    >
      <h2 id="action-dialog-title">{title}</h2>
      {request === null ? (
        <form class="form" noValidate onSubmit={review}>
          <p class="muted">{t('fleet.actions.confirm.count', { count: summary.count })}</p>
          <ActionFields
            form={form}
            problems={problems}
            onForm={(change) => setForm((current) => ({ ...current, ...change }))}
          />
          <div class="toolbar">
            <button type="button" onClick={onClose}>
              {t('fleet.cancel')}
            </button>
            <button type="submit" class="primary">
              {t('fleet.actions.confirm.review')}
            </button>
          </div>
        </form>
      ) : (
        <div class="confirm-step">
          <p>{what}</p>
          <p>
            <strong>{t('fleet.actions.confirm.count', { count: summary.count })}</strong>
          </p>
          {summary.offline.length > 0 && (
            <div class="offline-note" role="note">
              <p>
                {t('fleet.actions.confirm.offline', {
                  count: summary.offline.length,
                  until: formatDateTime(expiresAt, locale),
                })}
              </p>
              <ul class="hostnames">
                {summary.offline.slice(0, NAMED_OFFLINE).map((hostname) => (
                  <li key={hostname}>{hostname}</li>
                ))}
              </ul>
              {summary.offline.length > NAMED_OFFLINE && (
                <p class="muted">
                  {t('fleet.actions.confirm.more', {
                    count: summary.offline.length - NAMED_OFFLINE,
                  })}
                </p>
              )}
            </div>
          )}
          {request.type === 'restart-print-spooler' && summary.notWindows > 0 && (
            <p class="warning">
              {t('fleet.actions.confirm.notWindows', { count: summary.notWindows })}
            </p>
          )}
          {summary.count === 0 && <p class="error">{t('fleet.actions.confirm.none')}</p>}
          {error !== null && (
            <p class="error" role="alert">
              {actionErrorText(t, error)}
            </p>
          )}
          <div class="toolbar">
            <button type="button" onClick={() => setRequest(null)}>
              {t('fleet.actions.confirm.back')}
            </button>
            <button
              type="button"
              class="primary"
              disabled={isBusy || summary.count === 0}
              onClick={() => void send()}
              autoFocus
            >
              {t('fleet.actions.confirm.send')}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
