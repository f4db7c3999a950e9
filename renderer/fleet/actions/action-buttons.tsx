import { useRef, useState } from 'preact/hooks';
import type { ActionTarget, CreatedActions } from '../../../src/shared/actions-api.js';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { ActionDialog } from './action-dialog.js';
import type { ActionKind } from './action-form.js';

const KINDS: readonly ActionKind[] = ['message', 'restart', 'maintenance'];

interface ActionButtonsProps {
  client: FleetClient;
  /** Null while there is nowhere to send to: the buttons are then disabled. */
  target: ActionTarget | null;
  machines: readonly MachineSummary[];
  onSent: (created: CreatedActions) => void;
}

/** "Send message", "Restart", "Maintenance": each opens its form for the target. */
export function ActionButtons({ client, target, machines, onSent }: ActionButtonsProps) {
  const { t } = useLanguage();
  const [open, setOpen] = useState<{ kind: ActionKind; target: ActionTarget } | null>(null);
  // The dialog goes away with its form; focus goes back to the button that opened it.
  const opener = useRef<HTMLButtonElement | null>(null);
  return (
    <div class="toolbar">
      {KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          disabled={target === null}
          onClick={(event) => {
            opener.current = event.currentTarget;
            if (target) setOpen({ kind, target });
          }}
        >
          {t(`fleet.actions.buttons.${kind}`)}
        </button>
      ))}
      {open !== null && (
        <ActionDialog
          client={client}
          kind={open.kind}
          target={open.target}
          machines={machines}
          onSent={onSent}
          onClose={() => {
            setOpen(null);
            opener.current?.focus();
          }}
        />
      )}
    </div>
  );
}
