import type { ActionView } from '../../../src/shared/actions-api.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ErrorAlert } from '../parts/error-alert.js';
import type { ActionFeed } from './action-feed.js';
import { ActionItem } from './action-item.js';
import type { ActionFilter } from './action-query.js';
import { useActionHistory } from './use-action-history.js';

interface ActionHistoryProps {
  client: FleetClient;
  feed: ActionFeed;
  filter: ActionFilter;
  canOperate: boolean;
  showMachine: boolean;
  /** How many per page; the fleet page's "just sent" list asks for one batch at most. */
  pageSize?: number;
}

/** Actions, newest first, with their live status; older ones a page at a time. */
export function ActionHistory(props: ActionHistoryProps) {
  const { client, feed, filter, canOperate, showMachine, pageSize } = props;
  const { t } = useLanguage();
  const history = useActionHistory(client, feed, filter, pageSize);
  const publish = (action: ActionView): void => feed.publish([action]);

  return (
    <div class="action-history">
      <ErrorAlert error={history.error} />
      {history.actions === null ? (
        history.error === null && (
          <p class="state" aria-busy="true">
            {t('common.loading')}
          </p>
        )
      ) : history.actions.length === 0 ? (
        <p class="state">{t('fleet.actions.empty')}</p>
      ) : (
        <ul class="action-list">
          {history.actions.map((action) => (
            <ActionItem
              key={action.id}
              client={client}
              action={action}
              canOperate={canOperate}
              showMachine={showMachine}
              onChanged={publish}
            />
          ))}
        </ul>
      )}
      {history.hasMore && (
        <button type="button" disabled={history.isLoadingMore} onClick={history.loadMore}>
          {t('fleet.actions.more')}
        </button>
      )}
    </div>
  );
}
