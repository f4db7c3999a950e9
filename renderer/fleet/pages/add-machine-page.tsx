import { useEffect, useRef, useState } from 'preact/hooks';
import type { CreatedEnrollmentToken } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import { useLanguage } from '../../ui/i18n.js';
import { ENROLL_PLATFORMS, enrollCommand } from '../enroll-commands.js';
import type { FleetClient } from '../fleet-client.js';
import { CopyBlock } from '../parts/copy-button.js';
import { ErrorAlert } from '../parts/error-alert.js';
import { TextField } from '../parts/form-fields.js';
import { parseTags } from '../tags.js';
import { useSubmit } from '../use-submit.js';

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
  const [created, setCreated] = useState<CreatedEnrollmentToken | null>(null);
  const creation = useSubmit(setCreated);
  const createdCard = useRef<HTMLDivElement>(null);
  // The token appears below the form: move focus there so keyboard and screen-reader users land on it.
  useEffect(() => createdCard.current?.focus(), [created]);

  const submit = (event: Event): void => {
    event.preventDefault();
    const uses = Number.parseInt(maxUses, 10);
    void creation.run(() =>
      client.createEnrollmentToken({
        expiresInSeconds: expiresIn,
        ...(Number.isFinite(uses) && uses > 0 ? { maxUses: uses } : {}),
        ...(parseTags(tags).length > 0 ? { tags: parseTags(tags) } : {}),
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      }),
    );
  };

  return (
    <section>
      <h1>{t('fleet.add.title')}</h1>
      <p>{t('fleet.add.intro')}</p>
      <form class="form card" onSubmit={submit}>
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
        <TextField
          label={t('fleet.add.maxUses')}
          type="number"
          min={1}
          inputMode="numeric"
          value={maxUses}
          placeholder={t('fleet.add.unlimited')}
          onValue={setMaxUses}
        />
        <TextField
          label={t('fleet.add.tags')}
          value={tags}
          aria-describedby="token-tags-hint"
          onValue={setTags}
        />
        <span id="token-tags-hint" class="muted">
          {t('fleet.add.tagsHint')}
        </span>
        <TextField label={t('fleet.add.note')} value={note} maxLength={200} onValue={setNote} />
        <ErrorAlert error={creation.error} />
        <button type="submit" class="primary" disabled={creation.isBusy}>
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
