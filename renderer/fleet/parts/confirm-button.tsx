import { useEffect, useRef, useState } from 'preact/hooks';
import { useLanguage } from '../../ui/i18n.js';

interface ConfirmButtonProps {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
}

/**
 * A destructive action behind a modal question (the native <dialog>: focus moves in, Escape
 * cancels, focus returns to the button afterwards).
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm }: ConfirmButtonProps) {
  const { t } = useLanguage();
  const dialog = useRef<HTMLDialogElement>(null);
  const [isOpen, setIsOpen] = useState(false);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (isOpen && !element.open) element.showModal();
    if (!isOpen && element.open) element.close();
  }, [isOpen]);

  const confirm = async (): Promise<void> => {
    setIsBusy(true);
    try {
      await onConfirm();
    } finally {
      setIsBusy(false);
      setIsOpen(false);
    }
  };

  return (
    <>
      <button type="button" class="danger" onClick={() => setIsOpen(true)}>
        {label}
      </button>
      <dialog ref={dialog} class="confirm" onClose={() => setIsOpen(false)} aria-label={label}>
        <p>{question}</p>
        <div class="toolbar">
          <button type="button" onClick={() => setIsOpen(false)} autoFocus>
            {t('fleet.cancel')}
          </button>
          <button type="button" class="danger" disabled={isBusy} onClick={() => void confirm()}>
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
