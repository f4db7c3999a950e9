import { useEffect, useState } from 'preact/hooks';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { parseTags } from '../tags.js';
import { errorText } from './error-text.js';

interface TagsEditorProps {
  client: FleetClient;
  machine: MachineSummary;
  canEdit: boolean;
  onSaved: (machine: MachineSummary) => void;
}

/** The machine's tags; operators edit them as one comma-separated field. */
export function TagsEditor({ client, machine, canEdit, onSaved }: TagsEditorProps) {
  const { t } = useLanguage();
  const [text, setText] = useState(machine.tags.join(', '));
  const [message, setMessage] = useState<{ isError: boolean; text: string } | null>(null);
  const tagsKey = machine.tags.join('\n');
  useEffect(() => setText(machine.tags.join(', ')), [tagsKey]);

  const tagList = (
    <p class="tags">
      {machine.tags.length === 0 ? (
        <span class="muted">{t('fleet.machine.noTags')}</span>
      ) : (
        machine.tags.map((tag) => (
          <span key={tag} class="tag">
            {tag}
          </span>
        ))
      )}
    </p>
  );
  if (!canEdit) return tagList;

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const result = await client.setTags(machine.id, parseTags(text));
    if (result.ok) {
      onSaved(result.value);
      setMessage({ isError: false, text: t('fleet.machine.tagsSaved') });
    } else {
      setMessage({ isError: true, text: errorText(t, result.error) });
    }
  };
  return (
    <form class="toolbar" onSubmit={(event) => void save(event)}>
      {tagList}
      <label class="grow">
        {t('fleet.machine.tagsField')}
        <input value={text} onInput={(event) => setText(event.currentTarget.value)} />
      </label>
      <button type="submit">{t('fleet.machine.saveTags')}</button>
      {message && (
        <span role="status" class={message.isError ? 'error' : 'muted'}>
          {message.text}
        </span>
      )}
    </form>
  );
}
