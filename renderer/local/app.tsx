import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ActionsState, Settings, StatusResponse } from '../../src/shared/local-api.js';
import type { ApiClient, ApiError } from '../ui/api-client.js';
import { createPageLanguage, LanguageContext, resolveLanguage } from '../ui/i18n.js';
import { followStatus } from '../ui/live-status.js';
import type { EventSourceLike, LiveMode } from '../ui/live-status.js';
import type { ActionsClient } from './actions-client.js';
import { isActionsState } from './actions-client.js';
import { createActionsFeed } from './actions-feed.js';
import { HistoryPage } from './pages/history.js';
import { MessagesPage } from './pages/messages.js';
import { OverviewPage } from './pages/overview.js';
import { SettingsPage } from './pages/settings.js';
import { ThisPcPage } from './pages/this-pc.js';
import { RestartBanner } from './restart-banner.js';
import { hrefFor, routeFromHash, ROUTES } from './routes.js';
import type { Route } from './routes.js';

interface AppProps {
  client: ApiClient;
  actionsClient: ActionsClient;
  browserLanguages: readonly string[];
  createEventSource: ((url: string) => EventSourceLike) | undefined;
}

const NAV_KEYS: Readonly<Record<Route, string>> = {
  overview: 'nav.overview',
  messages: 'inbox.nav',
  history: 'nav.history',
  'this-pc': 'nav.thisPc',
  settings: 'nav.settings',
};

/** The page's shell: language, live status and actions, settings and the hash route. */
export function App({ client, actionsClient, browserLanguages, createEventSource }: AppProps) {
  const [route, setRoute] = useState<Route>(() => routeFromHash(location.hash));
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<StatusResponse | null>(null);
  const [mode, setMode] = useState<LiveMode>('connecting');
  const [actions, setActions] = useState<ActionsState | null>(null);
  const [actionsError, setActionsError] = useState<ApiError | null>(null);
  const actionsFeed = useMemo(
    () =>
      createActionsFeed({
        load: () => actionsClient.load(),
        onState: (state) => {
          setActions(state);
          setActionsError(null);
        },
        onError: setActionsError,
      }),
    [actionsClient],
  );

  const page = useMemo(
    () =>
      createPageLanguage(resolveLanguage(settings?.language, browserLanguages), browserLanguages),
    [settings?.language, browserLanguages],
  );

  useEffect(() => {
    const onHash = (): void => setRoute(routeFromHash(location.hash));
    addEventListener('hashchange', onHash);
    // The hash may have changed between the first render and now (a link opened while the
    // page was still loading): catch up once.
    onHash();
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    void client.settings().then((result) => {
      if (result.ok) setSettings(result.value);
    });
  }, [client]);

  useEffect(() => {
    let intervalMs = 5_000;
    let currentMode: LiveMode = 'connecting';
    void actionsFeed.refresh();
    return followStatus(
      { client, createEventSource, pollIntervalMs: () => intervalMs },
      {
        onStatus: (next) => {
          intervalMs = Math.max(1, next.agent.intervalSeconds) * 1000;
          setStatus(next);
          // Without the stream no `actions` event comes: ask at the sampling cadence instead.
          if (currentMode === 'polling') void actionsFeed.refresh();
        },
        onMode: (next) => {
          // A (re)connected stream may have missed changes while it was down.
          if (next === 'live' && currentMode !== 'live') void actionsFeed.refresh();
          currentMode = next;
          setMode(next);
        },
        events: {
          actions: (payload) => {
            if (isActionsState(payload)) actionsFeed.apply(payload);
          },
        },
      },
    );
  }, [client, createEventSource, actionsFeed]);

  useEffect(() => {
    document.documentElement.lang = page.locale;
    document.title = page.t('app.title');
  }, [page]);

  const { t } = page;
  const unread = actions?.unread ?? 0;
  return (
    <LanguageContext.Provider value={page}>
      <button
        type="button"
        class="skip-link"
        onClick={() => document.getElementById('main')?.focus()}
      >
        {t('nav.skip')}
      </button>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        <nav aria-label={t('nav.label')}>
          <ul class="nav">
            {ROUTES.map((name) => (
              <li key={name}>
                <a
                  href={hrefFor(name)}
                  aria-current={route === name ? 'page' : undefined}
                  aria-label={
                    name === 'messages' && unread > 0
                      ? `${t(NAV_KEYS[name])}, ${t('inbox.unread', { count: unread })}`
                      : undefined
                  }
                >
                  {t(NAV_KEYS[name])}
                  {name === 'messages' && unread > 0 && (
                    <span class="badge" aria-hidden="true">
                      {unread}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {actions?.pendingRestart && (
        <RestartBanner
          key={actions.pendingRestart.id}
          restart={actions.pendingRestart}
          snooze={actionsClient.snooze}
          onState={actionsFeed.apply}
        />
      )}
      <main id="main" tabIndex={-1}>
        {route === 'overview' && (
          <OverviewPage
            client={client}
            status={status}
            mode={mode}
            settings={settings}
            onStatus={setStatus}
          />
        )}
        {route === 'messages' && (
          <MessagesPage
            actions={actions}
            loadError={actionsError}
            markRead={actionsClient.markRead}
            onState={actionsFeed.apply}
          />
        )}
        {route === 'history' && <HistoryPage client={client} status={status} />}
        {route === 'this-pc' && <ThisPcPage client={client} />}
        {route === 'settings' && (
          <SettingsPage
            client={client}
            settings={settings}
            onSaved={setSettings}
            link={status ? (status.link ?? undefined) : null}
          />
        )}
      </main>
    </LanguageContext.Provider>
  );
}
