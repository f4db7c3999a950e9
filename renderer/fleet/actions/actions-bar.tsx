import { useState } from 'preact/hooks';
import type { ActionTarget, CreatedActions } from '../../../src/shared/actions-api.js';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import { formatNumber } from '../../../src/shared/format.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ActionButtons } from './action-buttons.js';

type Choice = 'selected' | 'tag' | 'all';

interface ActionsBarProps {
  client: FleetClient;
  machines: readonly MachineSummary[];
  /** The selected machines' ids that are still in the fleet. */
  selectedIds: readonly string[];
  tags: readonly string[];
  onSent: (created: CreatedActions) => void;
}

/** Above the fleet table (operators and up): where an action goes, and the three kinds. */
export function ActionsBar({ client, machines, selectedIds, tags, onSent }: ActionsBarProps) {
  const { t, locale } = useLanguage();
  const [choice, setChoice] = useState<Choice>('selected');
  const [tag, setTag] = useState('');
  const chosenTag = tags.includes(tag) ? tag : (tags[0] ?? '');
  const target: ActionTarget | null =
    choice === 'selected'
      ? selectedIds.length > 0
        ? { machineIds: [...selectedIds] }
        : null
      : choice === 'tag'
        ? chosenTag === ''
          ? null
          : { tag: chosenTag }
        : { all: true };

  const radio = (value: Choice, label: string, isDisabled = false) => (
    <label class="choice">
      <input
        type="radio"
        name="action-target"
        value={value}
        checked={choice === value}
        disabled={isDisabled}
        onChange={() => setChoice(value)}
      />
      {label}
    </label>
  );

  return (
    <section class="actions-bar card" aria-labelledby="actions-bar-title">
      <h2 id="actions-bar-title" class="sr-only">
        {t('fleet.actions.bar.title')}
      </h2>
      <fieldset class="choices inline">
        <legend>{t('fleet.actions.bar.sendTo')}</legend>
        {radio(
          'selected',
          t('fleet.actions.bar.selected', {
            count: selectedIds.length,
            formatted: formatNumber(selectedIds.length, locale, 0),
          }),
        )}
        <span class="choice">
          {radio('tag', t('fleet.actions.bar.tag'), tags.length === 0)}
          <label class="sr-only" for="action-tag">
            {t('fleet.actions.bar.tagChoice')}
          </label>
          <select
            id="action-tag"
            value={chosenTag}
            disabled={tags.length === 0}
            onChange={(event) => {
              setTag(event.currentTarget.value);
              setChoice('tag');
            }}
          >
            {tags.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </span>
        {radio(
          'all',
          t('fleet.actions.bar.all', {
            count: machines.length,
            formatted: formatNumber(machines.length, locale, 0),
          }),
        )}
      </fieldset>
      <ActionButtons client={client} target={target} machines={machines} onSent={onSent} />
      {target === null && choice === 'selected' && (
        <p class="muted">{t('fleet.actions.bar.selectHint')}</p>
      )}
    </section>
  );
}
