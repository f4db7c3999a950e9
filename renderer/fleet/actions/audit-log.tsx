import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../src/shared/actions-api.js';
import { formatDateTime, formatNumber } from '../../../src/shared/format.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ErrorAlert } from '../parts/error-alert.js';

const PAGE_SIZE = 50;
const KNOWN_EVENTS = new Set(['actions.create', 'actions.cancel', 'actions.retry']);

/**
 * How the target was named, when it says more than the machine count: a tag, or the whole
 * org, in the reader's language; any other wording is shown as the server wrote it.
 */
function TargetNote({ target }: { target: string }) {
  const { t } = useLanguage();
  const tag = /^tag (.+)$/.exec(target)?.[1];
  const text =
    tag !== undefined
      ? t('fleet.audit.target.tag', { tag })
      : target === 'all machines'
        ? t('fleet.audit.target.all')
        : /^\d+ machines?$/.test(target) || target === ''
          ? null
          : target;
  return text === null ? null : <span class="muted"> ({text})</span>;
}

/** Who sent, cancelled or retried which action, from where (admins and owners). */
export function AuditLog({ client }: { client: FleetClient }) {
  const { t, locale } = useLanguage();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [generation, setGeneration] = useState(0);

  const load = async (before: string | undefined): Promise<void> => {
    setIsBusy(true);
    const result = await client.audit({ limit: PAGE_SIZE, ...(before ? { before } : {}) });
    setIsBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    const known = new Set(before ? (entries ?? []).map((entry) => entry.id) : []);
    const page = result.value.entries.filter((entry) => !known.has(entry.id));
    setEntries((current) => (before ? [...(current ?? []), ...page] : page));
    setNextBefore(result.value.nextBefore);
  };
  useEffect(() => void load(undefined), [client, generation]);

  return (
    <div class="admin-block">
      <div class="page-head">
        <h2>{t('fleet.audit.title')}</h2>
        <button type="button" disabled={isBusy} onClick={() => setGeneration((n) => n + 1)}>
          {t('fleet.audit.refresh')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {entries !== null &&
        (entries.length === 0 ? (
          <p class="muted">{t('fleet.audit.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="audit">
              <thead>
                <tr>
                  {(['when', 'who', 'ip', 'event', 'type', 'machines', 'summary'] as const).map(
                    (column) => (
                      <th key={column} scope="col">
                        {t(`fleet.audit.columns.${column}`)}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id} data-id={entry.id}>
                    <td>{formatDateTime(entry.at, locale)}</td>
                    <td>
                      {entry.actorName}
                      {entry.actorType === 'api-key' && (
                        <span class="muted"> ({t('fleet.audit.apiKey')})</span>
                      )}
                    </td>
                    <td>
                      <code>{entry.ip}</code>
                    </td>
                    <td>
                      {KNOWN_EVENTS.has(entry.event)
                        ? t(`fleet.audit.events.${entry.event.replace('actions.', '')}`)
                        : entry.event}
                    </td>
                    <td>
                      {entry.actionType === null
                        ? '–'
                        : t(`fleet.actions.types.${entry.actionType}`)}
                    </td>
                    <td>{formatNumber(entry.machineIds.length, locale, 0)}</td>
                    <td>
                      {entry.summary}
                      <TargetNote target={entry.target} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {nextBefore !== undefined && (
        <button type="button" disabled={isBusy} onClick={() => void load(nextBefore)}>
          {t('fleet.audit.more')}
        </button>
      )}
    </div>
  );
}
