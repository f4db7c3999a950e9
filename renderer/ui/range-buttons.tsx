import { useLanguage } from './i18n.js';

interface RangeButtonsProps<C extends string> {
  choices: readonly C[];
  value: C;
  onChoose: (choice: C) => void;
}

/** The history's time ranges as a group of toggle buttons, the chosen one pressed. */
export function RangeButtons<C extends string>({ choices, value, onChoose }: RangeButtonsProps<C>) {
  const { t } = useLanguage();
  return (
    <div class="toolbar" role="group" aria-label={t('history.rangeLabel')}>
      {choices.map((name) => (
        <button
          key={name}
          type="button"
          aria-pressed={value === name}
          onClick={() => onChoose(name)}
        >
          {t(`history.range.${name}`)}
        </button>
      ))}
    </div>
  );
}
