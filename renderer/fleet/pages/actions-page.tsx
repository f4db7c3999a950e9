import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import { ACTION_STATUSES, ACTION_TYPES } from '../../../src/shared/protocol/action-constants.js';
import type { ActionStatus, ActionType } from '../../../src/shared/protocol/action-constants.js';
import { useLanguage } from '../../ui/i18n.js';
import { ActionHistory } from '../actions/action-history.js';
import type { ActionFeed } from '../actions/action-feed.js';
import { filterFromSearch, searchFromFilter } from '../actions/action-query.js';
import type { ActionFilter } from '../actions/action-query.js';
import type { FleetClient } from '../fleet-client.js';

interface ActionsPageProps {
  client: FleetClient;
  feed: ActionFeed;
  machines: readonly MachineSummary[] | null;
  canOperate: boolean;
}

/** Every action of the org, newest first, filtered by status, type and machine. */
export function ActionsPage({ client, feed, machines, canOperate }: ActionsPageProps) {
  const { t } = useLanguage();
  const [filter, setFilter] = useState<ActionFilter>(() => filterFromSearch(location.search));
  const byName = useMemo(
    () => [...(machines ?? [])].sort((a, b) => a.hostname.localeCompare(b.hostname)),
    [machines],
  );

  // The address keeps the filter, so a reload or a shared link shows the same list.
  useEffect(() => {
    history.replaceState(null, '', `/actions${searchFromFilter(filter)}`);
  }, [filter]);

  const set = <K extends keyof ActionFilter>(key: K, value: string): void => {
    setFilter((current) => {
      const next = { ...current };
      if (value === '') delete next[key];
      else next[key] = value as ActionFilter[K];
      return next;
    });
  };

  return (
    <section>
      <h1>{t('fleet.actions.title')}</h1>
      <div class="toolbar filters">
        <div class="field">
          <label for="actions-status">{t('fleet.actions.filters.status')}</label>
          <select
            id="actions-status"
            value={filter.status ?? ''}
            onChange={(event) => set('status', event.currentTarget.value)}
          >
            <option value="">{t('fleet.actions.filters.any')}</option>
            {ACTION_STATUSES.map((status: ActionStatus) => (
              <option key={status} value={status}>
                {t(`fleet.actions.statuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="actions-type">{t('fleet.actions.filters.type')}</label>
          <select
            id="actions-type"
            value={filter.type ?? ''}
            onChange={(event) => set('type', event.currentTarget.value)}
          >
            <option value="">{t('fleet.actions.filters.any')}</option>
            {ACTION_TYPES.map((type: ActionType) => (
              <option key={type} value={type}>
                {t(`fleet.actions.types.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="actions-machine">{t('fleet.actions.filters.machine')}</label>
          <select
            id="actions-machine"
            value={filter.machineId ?? ''}
            onChange={(event) => set('machineId', event.currentTarget.value)}
          >
            <option value="">{t('fleet.actions.filters.any')}</option>
            {byName.map((machine) => (
              <option key={machine.id} value={machine.id}>
                {machine.hostname}
              </option>
            ))}
          </select>
        </div>
        {filter.batchId !== undefined && (
          <button type="button" onClick={() => set('batchId', '')}>
            {t('fleet.actions.filters.wholeHistory')}
          </button>
        )}
      </div>
      <ActionHistory
        client={client}
        feed={feed}
        filter={filter}
        canOperate={canOperate}
        showMachine
      />
    </section>
  );
}
