import type { ComponentChildren } from 'preact';
import { MAINTENANCE_TYPES } from '../../../src/shared/protocol/action-constants.js';
import type { MaintenanceType } from '../../../src/shared/protocol/action-constants.js';
import { useLanguage } from '../../ui/i18n.js';
import { FORM_BOUNDS, MESSAGE_LEVELS } from './action-form.js';
import type { ActionForm, FieldName, FieldProblem, MessageLevel } from './action-form.js';

interface FieldsProps {
  form: ActionForm;
  problems: readonly FieldProblem[];
  onForm: (change: Partial<ActionForm>) => void;
}

/** A labelled control with its hint and, once checked, what is wrong with it. */
function Field(props: {
  name: FieldName | 'level';
  label: string;
  hint?: string;
  problem?: FieldProblem | undefined;
  children: (aria: Record<string, string | boolean>) => ComponentChildren;
}) {
  const { t } = useLanguage();
  const { name, label, hint, problem, children } = props;
  const described = [hint && `af-${name}-hint`, problem && `af-${name}-problem`].filter(Boolean);
  return (
    <div class="field">
      <label for={`af-${name}`}>{label}</label>
      {children({
        id: `af-${name}`,
        'aria-invalid': problem !== undefined,
        ...(described.length > 0 ? { 'aria-describedby': described.join(' ') } : {}),
      })}
      {hint && (
        <span id={`af-${name}-hint`} class="muted">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`af-${name}-problem`} class="error">
          {t(`fleet.actions.problems.${problem.key}`, problem.params)}
        </span>
      )}
    </div>
  );
}

export function ActionFields({ form, problems, onForm }: FieldsProps) {
  const { t } = useLanguage();
  const problemOf = (field: FieldName) => problems.find((problem) => problem.field === field);
  const text = (field: 'title' | 'body' | 'reason', label: string, isLong = false) => (
    <Field name={field} label={label} problem={problemOf(field)}>
      {(aria) =>
        isLong ? (
          <textarea
            {...aria}
            rows={4}
            value={form[field]}
            onInput={(event) => onForm({ [field]: event.currentTarget.value })}
          />
        ) : (
          <input
            {...aria}
            value={form[field]}
            onInput={(event) => onForm({ [field]: event.currentTarget.value })}
          />
        )
      }
    </Field>
  );
  const number = (field: keyof typeof FORM_BOUNDS, label: string, hint?: string) => (
    <Field name={field} label={label} hint={hint} problem={problemOf(field)}>
      {(aria) => (
        <input
          {...aria}
          type="number"
          inputMode="numeric"
          min={FORM_BOUNDS[field].min}
          max={FORM_BOUNDS[field].max}
          step={1}
          value={form[field]}
          onInput={(event) => onForm({ [field]: event.currentTarget.value })}
        />
      )}
    </Field>
  );

  return (
    <>
      {form.kind === 'message' && (
        <>
          {text('title', t('fleet.actions.form.title'))}
          {text('body', t('fleet.actions.form.body'), true)}
          <Field name="level" label={t('fleet.actions.form.level')}>
            {(aria) => (
              <select
                {...aria}
                value={form.level}
                onChange={(event) => onForm({ level: event.currentTarget.value as MessageLevel })}
              >
                {MESSAGE_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t(`fleet.actions.levels.${level}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      {form.kind === 'restart' && (
        <>
          {number('delayMinutes', t('fleet.actions.form.delay'))}
          {text('reason', t('fleet.actions.form.reason'), true)}
          {number('snoozeCount', t('fleet.actions.form.snoozeCount'))}
          {number('snoozeMinutes', t('fleet.actions.form.snoozeMinutes'))}
        </>
      )}
      {form.kind === 'maintenance' && (
        <fieldset class="choices">
          <legend>{t('fleet.actions.form.task')}</legend>
          {MAINTENANCE_TYPES.map((task) => (
            <label key={task} class="choice">
              <input
                type="radio"
                name="af-task"
                value={task}
                checked={form.task === task}
                onChange={() => onForm({ task: task as MaintenanceType })}
              />
              <span>
                {t(`fleet.actions.types.${task}`)}
                <span class="muted"> — {t(`fleet.actions.taskHints.${task}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {number('expiryDays', t('fleet.actions.form.expiry'), t('fleet.actions.form.expiryHint'))}
    </>
  );
}
