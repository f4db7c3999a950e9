import { useState } from 'preact/hooks';
import type { Me } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ErrorAlert } from '../parts/error-alert.js';
import { NewPasswordField, TextField } from '../parts/form-fields.js';
import { useSubmit } from '../use-submit.js';

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
  const setup = useSubmit(onMe);

  if (setupToken === null) {
    return (
      <section class="door">
        <h1>{t('fleet.setup.title')}</h1>
        <p class="state">{t('fleet.setup.noToken')}</p>
      </section>
    );
  }

  const submit = (event: Event): void => {
    event.preventDefault();
    void setup.run(() =>
      client.setup({
        setupToken,
        orgName: orgName.trim(),
        email: email.trim(),
        password,
        ...(name.trim() === '' ? {} : { name: name.trim() }),
      }),
    );
  };

  return (
    <section class="door">
      <h1>{t('fleet.setup.title')}</h1>
      <p>{t('fleet.setup.intro')}</p>
      <form class="form card" onSubmit={submit}>
        <TextField
          label={t('fleet.fields.orgName')}
          required
          autocomplete="organization"
          value={orgName}
          onValue={setOrgName}
        />
        <TextField
          label={t('fleet.fields.name')}
          autocomplete="name"
          value={name}
          onValue={setName}
        />
        <TextField
          label={t('fleet.fields.email')}
          type="email"
          required
          autocomplete="username"
          value={email}
          onValue={setEmail}
        />
        <NewPasswordField
          label={t('fleet.fields.password')}
          hintId="password-hint"
          value={password}
          onValue={setPassword}
        />
        <ErrorAlert error={setup.error} />
        <button type="submit" class="primary" disabled={setup.isBusy}>
          {t('fleet.setup.submit')}
        </button>
      </form>
    </section>
  );
}
