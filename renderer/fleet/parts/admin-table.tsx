import type { ComponentChildren } from 'preact';
import { useLanguage } from '../../ui/i18n.js';
import { ConfirmButton } from './confirm-button.js';

interface AdminTableProps<T> {
  /** The column headings, in order; a last, unlabelled column holds each row's actions. */
  columns: readonly string[];
  items: readonly T[];
  rowKey: (item: T) => string;
  /** The row's cells (<td>s) before the actions cell. */
  cells: (item: T) => ComponentChildren;
  /** What goes in the actions cell: a button, or nothing when the row cannot be touched. */
  actions: (item: T) => ComponentChildren;
  /** Shown instead of the table when there are no items; without it the table stays, empty. */
  emptyText?: string;
}

/** A list on the administration page: one row per item, its actions in the last column. */
export function AdminTable<T>(props: AdminTableProps<T>) {
  const { t } = useLanguage();
  const { columns, items, rowKey, cells, actions, emptyText } = props;
  if (items.length === 0 && emptyText !== undefined) return <p class="muted">{emptyText}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span class="sr-only">{t('fleet.admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={rowKey(item)}>
              {cells(item)}
              <td>{actions(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Revoking an API key or an enrolment token: the same button, behind its own question. */
export function RevokeButton({
  question,
  onConfirm,
}: {
  question: string;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useLanguage();
  const label = t('fleet.admin.revoke');
  return (
    <ConfirmButton label={label} question={question} confirmLabel={label} onConfirm={onConfirm} />
  );
}
