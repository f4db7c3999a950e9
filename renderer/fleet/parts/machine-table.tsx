import { useEffect, useRef, useState } from 'preact/hooks';
import type { MachineSummary } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import { useLanguage } from '../../ui/i18n.js';
import { useVirtualRows } from '../../ui/virtual-rows.js';
import { machineFigures } from '../machine-figures.js';
import { osLabel, SORT_KEYS } from '../machine-query.js';
import type { MachineQuery, SortKey } from '../machine-query.js';
import { lastSeenText } from '../relative-time.js';
import { pathFor } from '../routes.js';
import { HealthBadge, StatusBadge } from './status-badge.js';

/** Row heights of the two layouts; CSS gives rows exactly these heights (styles.css). */
const WIDE_ROW_PX = 44;
const NARROW_ROW_PX = 92;
const NARROW_QUERY = '(max-width: 760px)';

/** Set once, when the first rows are on screen: what the page's timing is measured to. */
export const FIRST_ROWS_MARK = 'fleet-first-rows';

/** Checkboxes in the first column, for sending actions (operators and up). */
export interface TableSelection {
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Selects every row the filters show, or clears them when all are selected already. */
  onToggleShown: () => void;
}

interface MachineTableProps {
  rows: readonly MachineSummary[];
  query: MachineQuery;
  onSort: (key: SortKey) => void;
  nowMs: number;
  selection?: TableSelection | undefined;
}

function useRowHeight(): number {
  const [isNarrow, setIsNarrow] = useState(() => matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const media = matchMedia(NARROW_QUERY);
    const onChange = (): void => setIsNarrow(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return isNarrow ? NARROW_ROW_PX : WIDE_ROW_PX;
}

/** The fleet as an ARIA table whose body renders only the rows in view. */
export function MachineTable({ rows, query, onSort, nowMs, selection }: MachineTableProps) {
  const { t, locale } = useLanguage();
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useRowHeight();
  const virtual = useVirtualRows(() => scroller.current, rows.length, rowHeight);

  useEffect(() => {
    if (rows.length > 0 && performance.getEntriesByName(FIRST_ROWS_MARK).length === 0) {
      performance.mark(FIRST_ROWS_MARK);
    }
  }, [rows.length > 0]);

  useEffect(() => {
    // A new filter shows its first rows, not wherever the old list was scrolled to.
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query.search, query.status, query.health, query.os, query.tag]);

  return (
    <div
      class={selection ? 'machine-table selectable' : 'machine-table'}
      role="table"
      aria-label={t('fleet.table.label')}
      aria-rowcount={rows.length + 1}
      data-rows={rows.length}
    >
      <div role="rowgroup" class="mt-head">
        <div role="row" aria-rowindex={1} class="mt-row">
          {selection && (
            <div role="columnheader" class="mt-cell c-select">
              <SelectShown rows={rows} selection={selection} />
            </div>
          )}
          {SORT_KEYS.map((key) => {
            const isSorted = query.sort === key;
            return (
              <div
                key={key}
                role="columnheader"
                class={`mt-cell c-${key}`}
                aria-sort={isSorted ? query.direction : 'none'}
              >
                <button type="button" class="sort" onClick={() => onSort(key)}>
                  {t(`fleet.columns.${key}`)}
                  <span aria-hidden="true" class="sort-arrow">
                    {isSorted ? (query.direction === 'ascending' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div class="mt-scroll" ref={scroller} tabIndex={-1}>
        <div role="rowgroup" class="mt-body" style={{ height: `${virtual.totalHeight}px` }}>
          {virtual.items.map((item) => {
            const machine = rows[item.index];
            if (!machine) return null;
            const seen = lastSeenText(machine.lastSeenAt, nowMs, locale);
            const figures = machineFigures(machine, locale);
            return (
              <div
                key={machine.id}
                role="row"
                aria-rowindex={item.index + 2}
                class="mt-row"
                data-id={machine.id}
                data-status={machine.status}
                style={{ transform: `translateY(${item.start}px)`, height: `${rowHeight}px` }}
              >
                {selection && (
                  <div role="cell" class="mt-cell c-select">
                    <input
                      type="checkbox"
                      checked={selection.selected.has(machine.id)}
                      onChange={() => selection.onToggle(machine.id)}
                      aria-label={t('fleet.actions.select.one', { hostname: machine.hostname })}
                    />
                  </div>
                )}
                <div role="cell" class="mt-cell c-status">
                  <StatusBadge status={machine.status} />
                </div>
                <div role="cell" class="mt-cell c-hostname">
                  <a href={pathFor({ name: 'machine', id: machine.id })}>{machine.hostname}</a>
                </div>
                <div role="cell" class="mt-cell c-health">
                  <HealthBadge health={machine.health} />
                </div>
                <Cell name="cpu" label={t('fleet.columnsShort.cpu')}>
                  {figures.cpu}
                </Cell>
                <Cell name="memory" label={t('fleet.columnsShort.memory')}>
                  {figures.memory}
                </Cell>
                <Cell name="disk" label={t('fleet.columnsShort.disk')}>
                  {figures.disk}
                </Cell>
                <div
                  role="cell"
                  class="mt-cell c-lastSeen"
                  title={
                    machine.lastSeenAt === null
                      ? undefined
                      : formatDateTime(machine.lastSeenAt, locale)
                  }
                >
                  {seen ?? t('fleet.never')}
                </div>
                <div role="cell" class="mt-cell c-os">
                  {osLabel(machine)}
                </div>
                <div role="cell" class="mt-cell c-tags">
                  {machine.tags.map((tag) => (
                    <span key={tag} class="tag">
                      {tag}
                    </span>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The header's checkbox: all rows the filters show; half-checked when only some are. */
function SelectShown({
  rows,
  selection,
}: {
  rows: readonly MachineSummary[];
  selection: TableSelection;
}) {
  const { t } = useLanguage();
  const box = useRef<HTMLInputElement>(null);
  const count = rows.reduce((sum, row) => sum + (selection.selected.has(row.id) ? 1 : 0), 0);
  const isAll = count > 0 && count === rows.length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && !isAll;
  }, [count, isAll]);
  return (
    <input
      ref={box}
      type="checkbox"
      checked={isAll}
      onChange={selection.onToggleShown}
      aria-label={t('fleet.actions.select.shown')}
    />
  );
}

/** A figure cell; on narrow screens a short column name is shown before the value. */
function Cell({ name, label, children }: { name: string; label: string; children: string }) {
  return (
    <div role="cell" class={`mt-cell c-${name}`}>
      <span class="cell-label" aria-hidden="true">
        {label}{' '}
      </span>
      {children}
    </div>
  );
}
