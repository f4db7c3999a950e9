import { useState } from 'preact/hooks';
import type { LinkState } from '../../src/shared/local-api.js';
import type { FetchLike } from '../ui/api-client.js';
import { useLanguage } from '../ui/i18n.js';
import { enrollLink } from './link-client.js';
import { linkErrorText } from './link-text.js';

interface LinkFormProps {
  /** The page's fetch; the browser's own unless a test passes one. */
  fetchFn?: FetchLike;
  /** The current link, from the last status; null before the first one arrived. */
  link: LinkState | null;
}

type Outcome =
  | { kind: 'enrolled'; link: Extract<LinkState, { serverUrl: string }> }
  | { kind: 'error'; error: { code: string; message: string } }
  | null;

/** Settings' "Connect to a server": server address + enrolment token → enrolled. */
const browserFetch: FetchLike = (input, init) => fetch(input, init);

export function LinkForm({ fetchFn = browserFetch, link }: LinkFormProps) {
  const { t } = useLanguage();
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const submit = async (): Promise<void> => {
    setIsBusy(true);
    setOutcome(null);
    const result = await enrollLink(fetchFn, { serverUrl, enrollmentToken: token });
    setIsBusy(false);
    if (!result.ok) {
      setOutcome({ kind: 'error', error: result.error });
    } else if (result.value.state !== 'not-enrolled') {
      setToken('');
      setOutcome({ kind: 'enrolled', link: result.value });
    }
  };

  return (
    <form
      class="settings card link-form"
      aria-labelledby="link-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 id="link-form-title">{t('link.settings.title')}</h2>
      <p class="muted">{t('link.settings.intro')}</p>
      {link && link.state !== 'not-enrolled' && (
        <p>{t('link.settings.current', { url: link.serverUrl, org: link.orgName })}</p>
      )}
      <label class="field">
        <span>{t('link.settings.serverUrl')}</span>
        <input
          type="url"
          name="serverUrl"
          required
          autoComplete="url"
          placeholder="https://fleet.example.com"
          value={serverUrl}
          onInput={(event) => setServerUrl(event.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{t('link.settings.token')}</span>
        <input
          type="password"
          name="enrollmentToken"
          required
          autoComplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
      </label>
      <div class="toolbar">
        <button type="submit" class="primary" disabled={isBusy}>
          {isBusy ? t('link.settings.submitting') : t('link.settings.submit')}
        </button>
      </div>
      <p aria-live="polite" class="link-result">
        {outcome?.kind === 'enrolled' &&
          t('link.settings.success', {
            org: outcome.link.orgName,
            agentId: outcome.link.agentId,
            url: outcome.link.serverUrl,
          })}
      </p>
      {outcome?.kind === 'error' && (
        <p class="error" role="alert" data-code={outcome.error.code}>
          {t('link.settings.error', { message: linkErrorText(t, outcome.error) })}
        </p>
      )}
    </form>
  );
}
