import { useState } from 'preact/hooks';
import type { Me } from '../../../src/shared/fleet-api.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { errorText } from '../parts/error-text.js';

export function LoginPage({ client, onMe }: { client: FleetClient; onMe: (me: Me) => void }) {
  const { t } = useLanguage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setIsBusy(true);
    const result = await client.login({ email: email.trim(), password });
    setIsBusy(false);
    if (result.ok) onMe(result.value);
    else setError(result.error);
  };

  return (
    <section class="door">
      <h1>{t('fleet.login.title')}</h1>
      <form class="form card" onSubmit={(event) => void submit(event)}>
        <label>
          {t('fleet.fields.email')}
          <input
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('fleet.fields.password')}
          <input
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {error !== null && (
          <p class="error" role="alert">
            {errorText(t, error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={isBusy}>
          {t('fleet.login.submit')}
        </button>
      </form>
    </section>
  );
}
