import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Settings, StatusResponse } from '../../src/shared/local-api.js';
import type { ApiClient } from '../ui/api-client.js';
import { createPageLanguage, LanguageContext, resolveLanguage } from '../ui/i18n.js';
import { followStatus } from '../ui/live-status.js';
import type { EventSourceLike, LiveMode } from '../ui/live-status.js';
import { HistoryPage } from './pages/history.js';
import { OverviewPage } from './pages/overview.js';
import { SettingsPage } from './pages/settings.js';
import { ThisPcPage } from './pages/this-pc.js';
import { hrefFor, routeFromHash, ROUTES } from './routes.js';
import type { Route } from './routes.js';

interface AppProps {
  client: ApiClient;
  browserLanguages: readonly string[];
  createEventSource: ((url: string) => EventSourceLike) | undefined;
}

const NAV_KEYS: Readonly<Record<Route, string>> = {
  overview: 'nav.overview',
  history: 'nav.history',
  'this-pc': 'nav.thisPc',
  settings: 'nav.settings',
};

/** The page's shell: language, live status, settings and the hash route. */
export function App({ client, browserLanguages, createEventSource }: AppProps) {
  const [route, setRoute] = useState<Route>(() => routeFromHash(location.hash));
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<StatusResponse | null>(null);
  const [mode, setMode] = useState<LiveMode>('connecting');

  const page = useMemo(
    () =>
      createPageLanguage(resolveLanguage(settings?.language, browserLanguages), browserLanguages),
    [settings?.language, browserLanguages],
  );

  useEffect(() => {
    const onHash = (): void => setRoute(routeFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    void client.settings().then((result) => {
      if (result.ok) setSettings(result.value);
    });
  }, [client]);

  useEffect(() => {
    let intervalMs = 5_000;
    return followStatus(
      { client, createEventSource, pollIntervalMs: () => intervalMs },
      {
        onStatus: (next) => {
          intervalMs = Math.max(1, next.agent.intervalSeconds) * 1000;
          setStatus(next);
        },
        onMode: setMode,
      },
    );
  }, [client, createEventSource]);

  useEffect(() => {
    document.documentElement.lang = page.locale;
    document.title = page.t('app.title');
  }, [page]);

  const { t } = page;
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
                <a href={hrefFor(name)} aria-current={route === name ? 'page' : undefined}>
                  {t(NAV_KEYS[name])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
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
