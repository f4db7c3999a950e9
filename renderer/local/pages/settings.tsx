import { useEffect, useState } from 'preact/hooks';
import { LANGUAGES } from '../../../src/shared/i18n.js';
import type { LinkState, Settings } from '../../../src/shared/local-api.js';
import type { ApiClient } from '../../ui/api-client.js';
import { CARD_BASES } from '../../ui/cards.js';
import { LANGUAGE_NAMES, useLanguage } from '../../ui/i18n.js';
import { LinkForm } from '../link-form.js';

interface SettingsProps {
  client: ApiClient;
  settings: Settings | null;
  onSaved: (settings: Settings) => void;
  /** The link to a server, from the live status; undefined where the agent has none. */
  link?: LinkState | null;
}

type Feedback = { kind: 'saved' } | { kind: 'error'; message: string } | null;

export function SettingsPage({ client, settings, onSaved, link }: SettingsProps) {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<Settings | null>(settings);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => setDraft(settings), [settings]);

  if (!draft) {
    return (
      <section aria-busy="true">
        <h1>{t('settings.title')}</h1>
        <p class="state">{t('common.loading')}</p>
      </section>
    );
  }

  const save = async (changes: Partial<Settings>): Promise<void> => {
    setIsSaving(true);
    setFeedback(null);
    const result = await client.saveSettings(changes);
    setIsSaving(false);
    if (result.ok) {
      onSaved(result.value);
      setFeedback({ kind: 'saved' });
    } else {
      setFeedback({ kind: 'error', message: result.error.message });
    }
  };

  const toggleCard = (base: string, isOn: boolean): void => {
    const others = draft.visibleMetrics.filter((name) => name !== base);
    setDraft({ ...draft, visibleMetrics: isOn ? [...others, base] : others });
  };

  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <form
        class="settings card"
        onSubmit={(event) => {
          event.preventDefault();
          const { intervalSeconds, visibleMetrics, autostart } = draft;
          void save(
            autostart === null
              ? { intervalSeconds, visibleMetrics }
              : { intervalSeconds, visibleMetrics, autostart },
          );
        }}
      >
        <label class="field">
          <span>{t('settings.language')}</span>
          <select
            value={draft.language ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              const language = LANGUAGES.find((name) => name === value) ?? null;
              setDraft({ ...draft, language });
              // Applies at once: the language is saved on its own, without the Save button.
              void save({ language });
            }}
          >
            <option value="">{t('settings.languageOs')}</option>
            {LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
        </label>

        <label class="field">
          <span>{t('settings.interval')}</span>
          <input
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={draft.intervalSeconds}
            onInput={(event) =>
              setDraft({ ...draft, intervalSeconds: Number(event.currentTarget.value) })
            }
          />
          <small class="muted">{t('settings.intervalHint')}</small>
        </label>

        <fieldset class="field">
          <legend>{t('settings.cards')}</legend>
          {CARD_BASES.map(({ kind, base }) => (
            <label key={base} class="check">
              <input
                type="checkbox"
                checked={draft.visibleMetrics.includes(base)}
                onChange={(event) => toggleCard(base, event.currentTarget.checked)}
              />
              {t(kind === 'disk' ? 'cards.disks' : `cards.${kind}`)}
            </label>
          ))}
        </fieldset>

        {draft.autostart !== null && (
          <label class="check">
            <input
              type="checkbox"
              checked={draft.autostart}
              onChange={(event) => setDraft({ ...draft, autostart: event.currentTarget.checked })}
            />
            {t('settings.autostart')}
          </label>
        )}

        <div class="toolbar">
          <button type="submit" class="primary" disabled={isSaving}>
            {t('settings.save')}
          </button>
          <span aria-live="polite">{feedback?.kind === 'saved' && t('settings.saved')}</span>
        </div>
        {feedback?.kind === 'error' && (
          <p class="error" role="alert">
            {t('settings.error', { message: feedback.message })}
          </p>
        )}
      </form>
      {link !== undefined && <LinkForm link={link} />}
    </section>
  );
}
