import { useMemo, useState } from 'preact/hooks';
import type { CreatedActions } from '../../../src/shared/actions-api.js';
import type { MachineStatus, MachineSummary } from '../../../src/shared/fleet-api.js';
import { formatNumber } from '../../../src/shared/format.js';
import { useLanguage } from '../../ui/i18n.js';
import { applyQuery, filterChoices, statusCounts, toggleSort } from '../machine-query.js';
import type { HealthFilter, MachineQuery } from '../machine-query.js';
import { ActionHistory } from '../actions/action-history.js';
import { ActionsBar } from '../actions/actions-bar.js';
import type { FleetClient } from '../fleet-client.js';
import { MachineTable } from '../parts/machine-table.js';
import type { TableSelection } from '../parts/machine-table.js';
import { serverNow, tickIntervalMs } from '../relative-time.js';
import type { FleetState } from '../use-fleet.js';
import { useNow } from '../use-fleet.js';

interface FleetPageProps {
  fleet: FleetState;
  query: MachineQuery;
  onQuery: (query: MachineQuery) => void;
  canAdd: boolean;
  /** Operators and up: machines can be selected and sent actions. */
  operate: FleetOperate | null;
}

export interface FleetOperate {
  client: FleetClient;
  selected: ReadonlySet<string>;
  onSelected: (selected: ReadonlySet<string>) => void;
}

const STATUSES: MachineStatus[] = ['online', 'stale', 'offline'];
const HEALTHS: HealthFilter[] = ['ok', 'warn', 'critical', 'unknown'];

export function FleetPage({ fleet, query, onQuery, canAdd, operate }: FleetPageProps) {
  const { t, locale } = useLanguage();
  const machines = fleet.machines;
  const rows = useMemo(() => (machines ? applyQuery(machines, query) : []), [machines, query]);
  const counts = useMemo(() => statusCounts(machines ?? []), [machines]);
  const choices = useMemo(() => filterChoices(machines ?? []), [machines]);
  const newest = useMemo(() => newestLastSeen(machines ?? []), [machines]);
  const localNow = useNow(tickIntervalMs(newest, serverNow(Date.now(), fleet.offsetMs)));
  const nowMs = serverNow(localNow, fleet.offsetMs);
  const set = (change: Partial<MachineQuery>): void => onQuery({ ...query, ...change });
  const [sent, setSent] = useState<CreatedActions | null>(null);
  const selectedIds = useMemo(
    () => (machines ?? []).filter((m) => operate?.selected.has(m.id)).map((m) => m.id),
    [machines, operate?.selected],
  );
  const selection: TableSelection | undefined = operate
    ? {
        selected: operate.selected,
        onToggle: (id) => {
          const next = new Set(operate.selected);
          if (!next.delete(id)) next.add(id);
          operate.onSelected(next);
        },
        onToggleShown: () => {
          const next = new Set(operate.selected);
          const isAll = rows.length > 0 && rows.every((row) => next.has(row.id));
          for (const row of rows) {
            if (isAll) next.delete(row.id);
            else next.add(row.id);
          }
          operate.onSelected(next);
        },
      }
    : undefined;
  const onSent = (created: CreatedActions): void => {
    fleet.actionFeed.publish(created.actions);
    setSent(created);
  };

  return (
    <section class="fleet">
      <div class="page-head">
        <h1>{t('fleet.fleet.title')}</h1>
        <span class={`live live-${fleet.mode}`} role="status">
          <span class="dot" aria-hidden="true" />
          {t(`fleet.live.${fleet.mode}`)}
        </span>
      </div>

      <div class="counts" role="group" aria-label={t('fleet.fleet.countsLabel')}>
        <button
          type="button"
          aria-pressed={query.status === null}
          onClick={() => set({ status: null })}
        >
          {t('fleet.fleet.all', {
            count: counts.total,
            formatted: formatNumber(counts.total, locale, 0),
          })}
        </button>
        {STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            class={`count status-${status}`}
            aria-pressed={query.status === status}
            onClick={() => set({ status: query.status === status ? null : status })}
          >
            <span class="dot" aria-hidden="true" />
            {t(`fleet.status.${status}`)} <strong>{formatNumber(counts[status], locale, 0)}</strong>
          </button>
        ))}
      </div>

      <div class="toolbar filters">
        <label class="search">
          {t('fleet.fleet.search')}
          <input
            type="search"
            value={query.search}
            placeholder={t('fleet.fleet.searchPlaceholder')}
            onInput={(event) => set({ search: event.currentTarget.value })}
          />
        </label>
        <div class="field">
          <label for="filter-health">{t('fleet.fleet.health')}</label>
          <select
            id="filter-health"
            value={query.health ?? ''}
            onChange={(event) =>
              set({ health: (event.currentTarget.value || null) as HealthFilter | null })
            }
          >
            <option value="">{t('fleet.fleet.any')}</option>
            {HEALTHS.map((health) => (
              <option key={health} value={health}>
                {health === 'unknown' ? t('fleet.notReported') : t(`health.status.${health}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-os">{t('fleet.fleet.os')}</label>
          <select
            id="filter-os"
            value={query.os ?? ''}
            onChange={(event) => set({ os: event.currentTarget.value || null })}
          >
            <option value="">{t('fleet.fleet.any')}</option>
            {choices.os.map((os) => (
              <option key={os} value={os}>
                {os}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-tag">{t('fleet.fleet.tag')}</label>
          <select
            id="filter-tag"
            value={query.tag ?? ''}
            onChange={(event) => set({ tag: event.currentTarget.value || null })}
          >
            <option value="">{t('fleet.fleet.any')}</option>
            {choices.tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
      </div>

      {fleet.error !== null && (
        <p class="error" role="alert">
          {t('common.error', { message: fleet.error.message })}
        </p>
      )}
      {machines === null ? (
        fleet.error === null && (
          <p class="state" aria-busy="true">
            {t('common.loading')}
          </p>
        )
      ) : machines.length === 0 ? (
        <div class="state">
          <p>{t('fleet.fleet.empty')}</p>
          {canAdd && (
            <a class="button primary" href="/add">
              {t('fleet.nav.add')}
            </a>
          )}
        </div>
      ) : (
        <>
          <p class="muted" aria-live="polite">
            {t('fleet.fleet.showing', {
              count: rows.length,
              total: formatNumber(machines.length, locale, 0),
            })}
          </p>
          {operate && (
            <ActionsBar
              client={operate.client}
              machines={machines}
              selectedIds={selectedIds}
              tags={choices.tags}
              onSent={onSent}
            />
          )}
          {operate && sent && (
            <section class="just-sent" aria-labelledby="sent-title">
              <div class="page-head">
                <h2 id="sent-title">{t('fleet.actions.justSent')}</h2>
                <span class="toolbar">
                  <a href="/actions">{t('fleet.actions.all')}</a>
                  <button type="button" onClick={() => setSent(null)}>
                    {t('fleet.actions.hide')}
                  </button>
                </span>
              </div>
              <ActionHistory
                client={operate.client}
                feed={fleet.actionFeed}
                filter={{ batchId: sent.batchId }}
                canOperate
                showMachine
                pageSize={10}
              />
            </section>
          )}
          {rows.length === 0 ? (
            <p class="state">{t('fleet.fleet.noMatch')}</p>
          ) : (
            <MachineTable
              rows={rows}
              query={query}
              onSort={(key) => onQuery(toggleSort(query, key))}
              nowMs={nowMs}
              selection={selection}
            />
          )}
        </>
      )}
    </section>
  );
}

function newestLastSeen(machines: readonly MachineSummary[]): number | null {
  let newest: number | null = null;
  for (const machine of machines) {
    if (machine.lastSeenAt !== null && (newest === null || machine.lastSeenAt > newest)) {
      newest = machine.lastSeenAt;
    }
  }
  return newest;
}
