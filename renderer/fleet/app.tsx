import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Me } from '../../src/shared/fleet-api.js';
import type { Language } from '../../src/shared/i18n.js';
import type { ComponentChildren } from 'preact';
import type { FetchLike } from '../ui/api-client.js';
import { createPageLanguage, LanguageContext, useLanguage } from '../ui/i18n.js';
import type { EventSourceLike } from '../ui/live-status.js';
import { createFleetClient } from './fleet-client.js';
import { initialLanguage, storeLanguage } from './language-choice.js';
import type { StorageLike } from './language-choice.js';
import { DEFAULT_QUERY } from './machine-query.js';
import type { MachineQuery } from './machine-query.js';
import { interceptLinks, navigate, onNavigate } from './navigate.js';
import { ActionsPage } from './pages/actions-page.js';
import { AdminPage } from './pages/admin-page.js';
import { AddMachinePage } from './pages/add-machine-page.js';
import { FleetPage } from './pages/fleet-page.js';
import { LoginPage } from './pages/login-page.js';
import { LazyMachinePage } from './pages/lazy-machine-page.js';
import { SetupPage } from './pages/setup-page.js';
import { PageHeader } from './parts/page-header.js';
import { hasRole } from './roles.js';
import { isPublic, routeFromPath, setupTokenFromHash } from './routes.js';
import type { Route } from './routes.js';
import { useFleet } from './use-fleet.js';

interface AppProps {
  fetch: FetchLike;
  browserLanguages: readonly string[];
  storage: StorageLike | null;
  createEventSource: ((url: string) => EventSourceLike) | undefined;
}

type Session = { state: 'checking' } | { state: 'out' } | { state: 'in'; me: Me };

/** The page's shell: language, session, the live fleet and the path route. */
export function App({ fetch, browserLanguages, storage, createEventSource }: AppProps) {
  const [route, setRoute] = useState<Route>(() => routeFromPath(location.pathname));
  const [language, setLanguage] = useState<Language>(() =>
    initialLanguage(storage, browserLanguages),
  );
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [query, setQuery] = useState<MachineQuery>(DEFAULT_QUERY);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  // The setup token lives in the fragment; it is taken from there and the fragment cleared.
  const [setupToken, setSetupToken] = useState(() => setupTokenFromHash(location.hash));
  const csrf = useRef<string | null>(null);
  const me = session.state === 'in' ? session.me : null;
  csrf.current = me?.csrfToken ?? null;

  const client = useMemo(
    () =>
      createFleetClient({
        fetch,
        csrfToken: () => csrf.current,
        onUnauthenticated: () => {
          setSession({ state: 'out' });
          navigate({ name: 'login' }, { replace: true });
        },
      }),
    [fetch],
  );
  const page = useMemo(
    () => createPageLanguage(language, browserLanguages),
    [language, browserLanguages],
  );
  const fleet = useFleet(client, me?.org.id ?? null, createEventSource);
  // A selection belongs to one org's machines.
  useEffect(() => setSelected(new Set()), [me?.org.id]);

  useEffect(() => onNavigate(() => setRoute(routeFromPath(location.pathname))), []);
  useEffect(() => {
    const takeToken = (): void => {
      const token = setupTokenFromHash(location.hash);
      if (token === null) return;
      setSetupToken(token);
      history.replaceState(null, '', location.pathname);
    };
    takeToken();
    addEventListener('hashchange', takeToken);
    return () => removeEventListener('hashchange', takeToken);
  }, []);

  useEffect(() => {
    void client.me().then(async (result) => {
      if (result.ok) {
        setSession({ state: 'in', me: result.value });
        return;
      }
      setSession({ state: 'out' });
      const setup = await client.setupState();
      const needsSetup = setup.ok && setup.value.isSetupNeeded;
      const current = routeFromPath(location.pathname);
      if (needsSetup) navigate({ name: 'setup' }, { replace: true });
      else if (!isPublic(current) || current.name === 'setup') {
        navigate({ name: 'login' }, { replace: true });
      }
    });
  }, [client]);

  useEffect(() => {
    document.documentElement.lang = page.locale;
    document.title = page.t('fleet.brand');
  }, [page]);

  const signedIn = useCallback((next: Me) => {
    setSession({ state: 'in', me: next });
    navigate({ name: 'fleet' }, { replace: true });
  }, []);

  const chooseLanguage = (next: Language): void => {
    storeLanguage(storage, next);
    setLanguage(next);
  };
  const switchOrg = async (orgId: string): Promise<void> => {
    const result = await client.switchOrg(orgId);
    if (result.ok) {
      setSession({ state: 'in', me: result.value });
      navigate({ name: 'fleet' });
    }
  };
  const logout = async (): Promise<void> => {
    await client.logout();
    setSession({ state: 'out' });
    navigate({ name: 'login' });
  };

  const { t } = page;
  return (
    <LanguageContext.Provider value={page}>
      <div class="shell" onClick={interceptLinks}>
        <a class="skip-link" href="#main">
          {t('fleet.nav.skip')}
        </a>
        <PageHeader
          me={me}
          route={route}
          onLanguage={chooseLanguage}
          onSwitchOrg={(orgId) => void switchOrg(orgId)}
          onLogout={() => void logout()}
        />
        <main id="main" tabIndex={-1}>
          {session.state === 'checking' ? (
            <p class="state" aria-busy="true">
              {t('common.loading')}
            </p>
          ) : me === null || isPublic(route) ? (
            route.name === 'setup' ? (
              <SetupPage client={client} setupToken={setupToken} onMe={signedIn} />
            ) : (
              <LoginPage client={client} onMe={signedIn} />
            )
          ) : (
            <SignedIn route={route} me={me}>
              {route.name === 'machine' ? (
                <LazyMachinePage
                  client={client}
                  id={route.id}
                  role={me.role}
                  offsetMs={fleet.offsetMs}
                  live={fleet.machines?.find((machine) => machine.id === route.id) ?? null}
                  onChanged={fleet.applyLocal}
                  actionFeed={fleet.actionFeed}
                />
              ) : route.name === 'add' ? (
                <AddMachinePage client={client} />
              ) : route.name === 'actions' ? (
                <ActionsPage
                  client={client}
                  feed={fleet.actionFeed}
                  machines={fleet.machines}
                  canOperate={hasRole(me.role, 'operator')}
                />
              ) : route.name === 'admin' ? (
                <AdminPage client={client} me={me} />
              ) : (
                <FleetPage
                  fleet={fleet}
                  query={query}
                  onQuery={setQuery}
                  canAdd={hasRole(me.role, 'admin')}
                  operate={
                    hasRole(me.role, 'operator')
                      ? { client, selected, onSelected: setSelected }
                      : null
                  }
                />
              )}
            </SignedIn>
          )}
        </main>
      </div>
    </LanguageContext.Provider>
  );
}

/** Pages that need a role say so instead of showing a page of errors. */
function SignedIn({ route, me, children }: { route: Route; me: Me; children: ComponentChildren }) {
  const { t } = useLanguage();
  const needsAdmin = route.name === 'add' || route.name === 'admin';
  if (needsAdmin && !hasRole(me.role, 'admin')) {
    return <p class="state">{t('fleet.forbidden')}</p>;
  }
  if (route.name === 'not-found') {
    return (
      <section>
        <h1>{t('fleet.notFound.title')}</h1>
        <p>
          <a href="/">{t('fleet.notFound.back')}</a>
        </p>
      </section>
    );
  }
  return <>{children}</>;
}
