import { useState } from 'preact/hooks';
import type { Me } from '../../../src/shared/fleet-api.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { errorText } from '../parts/error-text.js';

interface SetupPageProps {
  client: FleetClient;
  /** From the link the server printed (`/setup#token=…`); the fragment never reaches a log. */
  setupToken: string | null;
  onMe: (me: Me) => void;
}

export function SetupPage({ client, setupToken, onMe }: SetupPageProps) {
  const { t } = useLanguage();
  const [orgName, setOrgName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  if (setupToken === null) {
    return (
      <section class="door">
        <h1>{t('fleet.setup.title')}</h1>
        <p class="state">{t('fleet.setup.noToken')}</p>
      </section>
    );
  }

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setIsBusy(true);
    const result = await client.setup({
      setupToken,
      orgName: orgName.trim(),
      email: email.trim(),
      password,
      ...(name.trim() === '' ? {} : { name: name.trim() }),
    });
    setIsBusy(false);
    if (result.ok) onMe(result.value);
    else setError(result.error);
  };

  return (
    <section class="door">
      <h1>{t('fleet.setup.title')}</h1>
      <p>{t('fleet.setup.intro')}</p>
      <form class="form card" onSubmit={(event) => void submit(event)}>
        <label>
          {t('fleet.fields.orgName')}
          <input
            required
            autocomplete="organization"
            value={orgName}
            onInput={(event) => setOrgName(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('fleet.fields.name')}
          <input
            autocomplete="name"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('fleet.fields.email')}
          <input
            type="email"
            required
            autocomplete="username"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('fleet.fields.password')}
          <input
            type="password"
            required
            minLength={10}
            autocomplete="new-password"
            aria-describedby="password-hint"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        <span id="password-hint" class="muted">
          {t('fleet.fields.passwordHint')}
        </span>
        {error !== null && (
          <p class="error" role="alert">
            {errorText(t, error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={isBusy}>
          {t('fleet.setup.submit')}
        </button>
      </form>
    </section>
  );
}
