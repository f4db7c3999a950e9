import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ActionView } from '../../../src/shared/actions-api.js';
import type { ApiError } from '../../ui/api-client.js';
import type { FleetClient } from '../fleet-client.js';
import type { ActionFeed } from './action-feed.js';
import { appendPage, createActionJournal, mergeActions } from './action-merge.js';
import type { ActionJournal } from './action-merge.js';
import { filterFromSearch, matchesFilter, searchFromFilter } from './action-query.js';
import type { ActionFilter } from './action-query.js';

export interface ActionHistoryState {
  /** Null until the first page is in. */
  actions: readonly ActionView[] | null;
  error: ApiError | null;
  hasMore: boolean;
  isLoadingMore: boolean;
  loadMore: () => void;
}

interface Loaded {
  /** The filter it was loaded for: a list of another filter is never shown or merged into. */
  key: string;
  actions: readonly ActionView[];
  nextBefore: string | undefined;
}

/**
 * One filtered history: the first page, older pages on demand, and every live change from the
 * feed merged by id, including the changes that arrive while a page is on its way.
 */
export function useActionHistory(
  client: FleetClient,
  feed: ActionFeed,
  filterIn: ActionFilter,
  pageSize = 50,
): ActionHistoryState {
  const key = searchFromFilter(filterIn);
  const filter = useMemo(() => filterFromSearch(key), [key]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [generation, setGeneration] = useState(0);
  const journal = useRef<ActionJournal>(createActionJournal());
  /** Bumped by each new first-page request, so a late older page is dropped. */
  const request = useRef(0);

  useEffect(() => {
    const current = createActionJournal();
    journal.current = current;
    request.current += 1;
    const mine = request.current;
    const accepts = (action: ActionView): boolean => matchesFilter(action, filter);
    const unsubscribe = feed.subscribe({
      onActions: (actions) => {
        current.record(actions);
        setLoaded((shown) =>
          shown?.key === key
            ? {
                ...shown,
                actions: mergeActions(shown.actions, actions, {
                  accepts,
                  isComplete: shown.nextBefore === undefined,
                }),
              }
            : shown,
        );
      },
      onResync: () => setGeneration((n) => n + 1),
    });
    const askedAt = current.position;
    void client.actions({ ...filter, limit: pageSize }).then((result) => {
      if (request.current !== mine) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const { actions, nextBefore } = result.value;
      const isComplete = nextBefore === undefined;
      setLoaded({
        key,
        actions: mergeActions(actions, current.since(askedAt), { accepts, isComplete }),
        nextBefore,
      });
      setError(null);
    });
    return unsubscribe;
  }, [client, feed, key, generation, pageSize]);

  const loadMore = (): void => {
    const before = loaded?.key === key ? loaded.nextBefore : undefined;
    if (before === undefined || isLoadingMore) return;
    const mine = request.current;
    const current = journal.current;
    const askedAt = current.position;
    setIsLoadingMore(true);
    void client.actions({ ...filter, limit: pageSize, before }).then((result) => {
      setIsLoadingMore(false);
      if (request.current !== mine) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const { actions, nextBefore } = result.value;
      const changes = current.since(askedAt);
      setLoaded((shown) =>
        shown?.key === key
          ? {
              key,
              actions: mergeActions(appendPage(shown.actions, actions), changes, {
                accepts: (action) => matchesFilter(action, filter),
                isComplete: nextBefore === undefined,
              }),
              nextBefore,
            }
          : shown,
      );
      setError(null);
    });
  };

  const isShown = loaded !== null && loaded.key === key;
  return {
    actions: isShown ? loaded.actions : null,
    error,
    hasMore: isShown && loaded.nextBefore !== undefined,
    isLoadingMore,
    loadMore,
  };
}
