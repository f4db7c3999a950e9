import { useState } from 'preact/hooks';
import { useLanguage } from '../../ui/i18n.js';

/** Copies `text`; says "Copied" in words (announced), or how to copy by hand when it cannot. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useLanguage();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard needs a secure context or a permission; the text stays selectable.
      setState('failed');
    }
  };
  return (
    <span class="copy">
      <button
        type="button"
        onClick={() => void copy()}
        aria-label={t('fleet.copy.copyLabel', { what: label })}
      >
        {t('fleet.copy.copy')}
      </button>
      <span role="status" class="muted">
        {state === 'copied'
          ? t('fleet.copy.copied')
          : state === 'failed'
            ? t('fleet.copy.failed')
            : ''}
      </span>
    </span>
  );
}

/** A command or secret in a box, with its copy button. */
export function CopyBlock({ text, label }: { text: string; label: string }) {
  return (
    <div class="copy-block">
      <pre tabIndex={0} aria-label={label}>
        <code>{text}</code>
      </pre>
      <CopyButton text={text} label={label} />
    </div>
  );
}
