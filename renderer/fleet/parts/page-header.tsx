import type { Me } from '../../../src/shared/fleet-api.js';
import { LANGUAGES } from '../../../src/shared/i18n.js';
import type { Language } from '../../../src/shared/i18n.js';
import { LANGUAGE_NAMES, useLanguage } from '../../ui/i18n.js';
import { hasRole } from '../roles.js';
import type { Route } from '../routes.js';

interface PageHeaderProps {
  me: Me | null;
  route: Route;
  onLanguage: (language: Language) => void;
  onSwitchOrg: (orgId: string) => void;
  onLogout: () => void;
}

/** Brand and org, the org switcher, navigation, language and the user menu. */
export function PageHeader({ me, route, onLanguage, onSwitchOrg, onLogout }: PageHeaderProps) {
  const { t, language } = useLanguage();
  const links: Array<{ name: Route['name']; href: string; label: string }> = me
    ? [
        { name: 'fleet', href: '/', label: t('fleet.nav.fleet') },
        { name: 'actions', href: '/actions', label: t('fleet.actions.title') },
        ...(hasRole(me.role, 'admin')
          ? [
              { name: 'add' as const, href: '/add', label: t('fleet.nav.add') },
              { name: 'admin' as const, href: '/admin', label: t('fleet.nav.admin') },
            ]
          : []),
      ]
    : [];
  const current = route.name === 'machine' ? 'fleet' : route.name;
  return (
    <header class="top">
      <div class="brand-line">
        <a class="brand" href="/">
          {t('fleet.brand')}
        </a>
        {me && <span class="org-name">{me.org.name}</span>}
      </div>
      {me && me.orgs.length > 1 && (
        <div class="field inline">
          <label for="org-switcher" class="sr-only">
            {t('fleet.header.org')}
          </label>
          <select
            id="org-switcher"
            value={me.org.id}
            onChange={(event) => onSwitchOrg(event.currentTarget.value)}
          >
            {me.orgs.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {links.length > 0 && (
        <nav aria-label={t('fleet.nav.label')}>
          <ul class="nav">
            {links.map((link) => (
              <li key={link.name}>
                <a href={link.href} aria-current={current === link.name ? 'page' : undefined}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div class="header-end">
        <div class="field inline">
          <label for="language" class="sr-only">
            {t('fleet.header.language')}
          </label>
          <select
            id="language"
            class="language"
            value={language}
            onChange={(event) => onLanguage(event.currentTarget.value as Language)}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {LANGUAGE_NAMES[code]}
              </option>
            ))}
          </select>
        </div>
        {me && (
          <details class="user-menu">
            <summary>
              <span class="sr-only">{t('fleet.header.userMenu')}: </span>
              {me.user.name || me.user.email}
            </summary>
            <div class="menu card">
              <p>
                <strong>{me.user.name || me.user.email}</strong>
                <br />
                <span class="muted">{me.user.email}</span>
                <br />
                <span class="muted">{t(`fleet.roles.${me.role}`)}</span>
              </p>
              <button type="button" onClick={onLogout}>
                {t('fleet.header.logout')}
              </button>
            </div>
          </details>
        )}
      </div>
    </header>
  );
}
