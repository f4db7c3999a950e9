import { useLayoutEffect, useMemo, useReducer } from 'preact/hooks';
import {
  Virtualizer,
  elementScroll,
  observeElementOffset,
  observeElementRect,
} from '@tanstack/virtual-core';
import type { VirtualItem } from '@tanstack/virtual-core';

export interface VirtualRows {
  items: VirtualItem[];
  totalHeight: number;
}

/**
 * Fixed-height rows in a scrolling element: only the rows in view (plus a few) are rendered,
 * so ten thousand rows cost what thirty do. `viewportGuess` lets the first paint already show
 * rows, before the scroll element has been measured.
 */
export function useVirtualRows(
  scrollElement: () => HTMLElement | null,
  count: number,
  rowHeight: number,
  viewportGuess = 600,
): VirtualRows {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const virtualizer = useMemo(
    () =>
      new Virtualizer<HTMLElement, HTMLElement>({
        count,
        getScrollElement: scrollElement,
        estimateSize: () => rowHeight,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        initialRect: { width: 0, height: viewportGuess },
        overscan: 8,
      }),
    [],
  );
  virtualizer.setOptions({
    ...virtualizer.options,
    count,
    getScrollElement: scrollElement,
    estimateSize: () => rowHeight,
    onChange: () => rerender(0),
  });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  useLayoutEffect(() => {
    // A new row height (narrow ↔ wide layout) invalidates every cached position.
    virtualizer.measure();
  }, [virtualizer, rowHeight]);
  return {
    items: virtualizer.getVirtualItems(),
    totalHeight: virtualizer.getTotalSize(),
  };
}
