import { useState } from 'preact/hooks';
import type { Me } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ErrorAlert } from '../parts/error-alert.js';
import { TextField } from '../parts/form-fields.js';
import { useSubmit } from '../use-submit.js';

export function LoginPage({ client, onMe }: { client: FleetClient; onMe: (me: Me) => void }) {
  const { t } = useLanguage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useSubmit(onMe);

  const submit = (event: Event): void => {
    event.preventDefault();
    void login.run(() => client.login({ email: email.trim(), password }));
  };

  return (
    <section class="door">
      <h1>{t('fleet.login.title')}</h1>
      <form class="form card" onSubmit={submit}>
        <TextField
          label={t('fleet.fields.email')}
          type="email"
          autocomplete="username"
          required
          value={email}
          onValue={setEmail}
        />
        <TextField
          label={t('fleet.fields.password')}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <ErrorAlert error={login.error} />
        <button type="submit" class="primary" disabled={login.isBusy}>
          {t('fleet.login.submit')}
        </button>
      </form>
    </section>
  );
}
