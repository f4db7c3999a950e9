import { describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/shared/actions-api.js';
import type { LiveEvent } from '../../../server/live/live-hub.js';
import { createLiveHub } from '../../../server/live/live-hub.js';

function hubWithActions(views: Map<string, Partial<ActionView>>) {
  const loads: string[][] = [];
  const hub = createLiveHub({
    loadSummaries: async () => [],
    loadActions: async (_orgId, ids) => {
      loads.push([...ids]);
      return ids.flatMap((id) => (views.has(id) ? [{ id, ...views.get(id) } as ActionView] : []));
    },
    onError: (error) => {
      throw error;
    },
  });
  return { hub, loads };
}

describe('live hub: actions', () => {
  it('sends each changed action once per tick, in its state at the tick', async () => {
    const views = new Map<string, Partial<ActionView>>([['a1', { status: 'queued' }]]);
    const { hub, loads } = hubWithActions(views);
    const events: LiveEvent[] = [];
    hub.subscribe('org-1', (event) => events.push(event));

    hub.actionsChanged('org-1', ['a1']);
    views.set('a1', { status: 'delivered' });
    hub.actionsChanged('org-1', ['a1', 'gone']);
    await hub.tick();
    expect(loads).toEqual([['a1', 'gone']]);
    expect(events).toEqual([
      { event: 'actions', data: { actions: [{ id: 'a1', status: 'delivered' }] } },
    ]);

    await hub.tick();
    expect(events).toHaveLength(1);
  });

  it('keeps nothing for an org nobody watches, and splits a large batch', async () => {
    const views = new Map<string, Partial<ActionView>>(
      Array.from({ length: 2500 }, (_, i) => [`a${i}`, { status: 'queued' }] as const),
    );
    const { hub, loads } = hubWithActions(views);
    hub.actionsChanged('nobody', ['a1']);
    await hub.tick();
    expect(loads).toEqual([]);

    const events: LiveEvent[] = [];
    hub.subscribe('org-1', (event) => events.push(event));
    hub.actionsChanged('org-1', views.keys());
    await hub.tick();
    expect(events.map((e) => (e.data as { actions: unknown[] }).actions.length)).toEqual([
      1000, 1000, 500,
    ]);
  });
});
