import type { ComponentChildren } from 'preact';
import type { TFunction } from 'i18next';
import { formatBytes, formatNumber } from '../../src/shared/format.js';
import type { Inventory } from '../../src/shared/inventory.js';

/** One term and its value, as a fact list shows them. */
export type Fact = readonly [term: string, value: ComponentChildren];

/** Terms and values in a card (`<dl class="facts card">`), as many columns as fit. */
export function FactList({ facts }: { facts: readonly Fact[] }) {
  return (
    <dl class="facts card">
      {facts.map(([term, value]) => (
        <div key={term} class="fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What an inventory says about the machine itself (name, OS, model, processor, memory), the
 * same on this PC's page and on a fleet machine's; each page adds what it shows besides.
 */
export function inventoryFacts(inventory: Inventory, t: TFunction, locale: string): Fact[] {
  const unknown = t('common.notAvailable');
  const { os, hardware, cpu } = inventory;
  return [
    [t('thisPc.hostname'), inventory.hostname],
    [t('thisPc.os'), `${os.distro} ${os.release} (${os.arch})`.trim()],
    [t('thisPc.kernel'), os.kernel || unknown],
    [t('thisPc.model'), `${hardware.vendor} ${hardware.model}`.trim() || unknown],
    [t('thisPc.serial'), hardware.serial ?? unknown],
    [t('thisPc.cpu'), cpu.model],
    [
      t('thisPc.cores'),
      t('thisPc.coresValue', {
        physical: formatNumber(cpu.physicalCores, locale, 0),
        logical: formatNumber(cpu.logicalCores, locale, 0),
      }),
    ],
    [t('thisPc.memory'), formatBytes(inventory.memoryTotalBytes, locale)],
  ];
}
