import { useEffect, useRef, useState } from 'preact/hooks';
import type { CreatedEnrollmentToken } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import { ENROLL_PLATFORMS, enrollCommand } from '../enroll-commands.js';
import type { FleetClient } from '../fleet-client.js';
import { CopyBlock } from '../parts/copy-button.js';
import { errorText } from '../parts/error-text.js';
import { parseTags } from '../tags.js';

/** Expiry choices, seconds. */
const EXPIRIES = [
  ['1h', 3_600],
  ['1d', 86_400],
  ['7d', 7 * 86_400],
  ['30d', 30 * 86_400],
] as const;

export function AddMachinePage({ client }: { client: FleetClient }) {
  const { t, locale } = useLanguage();
  const [expiresIn, setExpiresIn] = useState<number>(7 * 86_400);
  const [maxUses, setMaxUses] = useState('');
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<CreatedEnrollmentToken | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const createdCard = useRef<HTMLDivElement>(null);
  // The token appears below the form: move focus there so keyboard and screen-reader users land on it.
  useEffect(() => createdCard.current?.focus(), [created]);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setIsBusy(true);
    const uses = Number.parseInt(maxUses, 10);
    const result = await client.createEnrollmentToken({
      expiresInSeconds: expiresIn,
      ...(Number.isFinite(uses) && uses > 0 ? { maxUses: uses } : {}),
      ...(parseTags(tags).length > 0 ? { tags: parseTags(tags) } : {}),
      ...(note.trim() === '' ? {} : { note: note.trim() }),
    });
    setIsBusy(false);
    if (result.ok) {
      setCreated(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  };

  return (
    <section>
      <h1>{t('fleet.add.title')}</h1>
      <p>{t('fleet.add.intro')}</p>
      <form class="form card" onSubmit={(event) => void submit(event)}>
        <div class="field">
          <label for="token-expiry">{t('fleet.add.expiry')}</label>
          <select
            id="token-expiry"
            value={String(expiresIn)}
            onChange={(event) => setExpiresIn(Number(event.currentTarget.value))}
          >
            {EXPIRIES.map(([key, seconds]) => (
              <option key={key} value={String(seconds)}>
                {t(`fleet.add.expiries.${key}`)}
              </option>
            ))}
          </select>
        </div>
        <label>
          {t('fleet.add.maxUses')}
          <input
            type="number"
            min={1}
            inputMode="numeric"
            value={maxUses}
            placeholder={t('fleet.add.unlimited')}
            onInput={(event) => setMaxUses(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('fleet.add.tags')}
          <input
            value={tags}
            aria-describedby="token-tags-hint"
            onInput={(event) => setTags(event.currentTarget.value)}
          />
        </label>
        <span id="token-tags-hint" class="muted">
          {t('fleet.add.tagsHint')}
        </span>
        <label>
          {t('fleet.add.note')}
          <input
            value={note}
            maxLength={200}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </label>
        {error !== null && (
          <p class="error" role="alert">
            {errorText(t, error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={isBusy}>
          {t('fleet.add.create')}
        </button>
      </form>

      {created !== null && (
        <div
          class="created card"
          role="region"
          aria-label={t('fleet.add.createdTitle')}
          tabIndex={-1}
          ref={createdCard}
        >
          <h2>{t('fleet.add.createdTitle')}</h2>
          <p class="warning">{t('fleet.add.shownOnce')}</p>
          <p class="muted">
            {t('fleet.add.expires', { date: formatDateTime(created.expiresAt, locale) })}
          </p>
          <h3>{t('fleet.add.headless')}</h3>
          {ENROLL_PLATFORMS.map((platform) => (
            <div key={platform} class="platform">
              <h4>{t(`fleet.add.platforms.${platform}`)}</h4>
              <p class="muted">{t(`fleet.add.platformHints.${platform}`)}</p>
              <CopyBlock
                text={enrollCommand(platform, created.serverUrl, created.token)}
                label={t('fleet.add.commandFor', {
                  platform: t(`fleet.add.platforms.${platform}`),
                })}
              />
            </div>
          ))}
          <h3>{t('fleet.add.desktop')}</h3>
          <p>{t('fleet.add.desktopSteps')}</p>
          <p class="field-title">{t('fleet.add.serverUrl')}</p>
          <CopyBlock text={created.serverUrl} label={t('fleet.add.serverUrl')} />
          <p class="field-title">{t('fleet.add.token')}</p>
          <CopyBlock text={created.token} label={t('fleet.add.token')} />
        </div>
      )}
    </section>
  );
}
