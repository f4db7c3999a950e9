import { useEffect, useState } from 'preact/hooks';
import { formatBytes, formatRelative } from '../../../src/shared/format.js';
import type { Inventory } from '../../../src/shared/inventory.js';
import type { ApiClient, Result } from '../../ui/api-client.js';
import { FactList, inventoryFacts } from '../../ui/facts.js';
import type { Fact } from '../../ui/facts.js';
import { useLanguage } from '../../ui/i18n.js';

export function ThisPcPage({ client }: { client: ApiClient }) {
  const { t, locale } = useLanguage();
  const [loaded, setLoaded] = useState<Result<Inventory> | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void client.inventory().then((result) => {
      if (isCurrent) setLoaded(result);
    });
    return () => {
      isCurrent = false;
    };
  }, [client]);

  if (loaded === null) {
    return (
      <section aria-busy="true">
        <h1>{t('thisPc.title')}</h1>
        <p class="state">{t('common.loading')}</p>
      </section>
    );
  }
  if (!loaded.ok) {
    return (
      <section>
        <h1>{t('thisPc.title')}</h1>
        {loaded.error.code === 'E_NO_INVENTORY' ? (
          <p class="state">{t('thisPc.noInventory')}</p>
        ) : (
          <p class="error" role="alert">
            {t('common.error', { message: loaded.error.message })}
          </p>
        )}
      </section>
    );
  }

  const inventory = loaded.value;
  const unknown = t('common.notAvailable');
  const facts: Fact[] = [
    ...inventoryFacts(inventory, t, locale),
    [t('thisPc.agentVersion'), inventory.agentVersion],
  ];

  return (
    <section>
      <h1>{t('thisPc.title')}</h1>
      <p class="muted">
        {t('thisPc.readAt', { ago: formatRelative(inventory.readAt, Date.now(), locale) })}
      </p>
      <FactList facts={facts} />

      <h2>{t('thisPc.disks')}</h2>
      {inventory.disks.length === 0 ? (
        <p class="state">{t('thisPc.noDisks')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('thisPc.diskName')}</th>
                <th scope="col">{t('thisPc.diskModel')}</th>
                <th scope="col">{t('thisPc.diskType')}</th>
                <th scope="col">{t('thisPc.diskSize')}</th>
              </tr>
            </thead>
            <tbody>
              {inventory.disks.map((disk) => (
                <tr key={disk.name}>
                  <td>{disk.name}</td>
                  <td>{disk.model || unknown}</td>
                  <td>{disk.type || unknown}</td>
                  <td>{formatBytes(disk.sizeBytes, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('thisPc.network')}</h2>
      {inventory.networkInterfaces.length === 0 ? (
        <p class="state">{t('thisPc.noInterfaces')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('thisPc.interfaceName')}</th>
                <th scope="col">{t('thisPc.mac')}</th>
                <th scope="col">{t('thisPc.addresses')}</th>
              </tr>
            </thead>
            <tbody>
              {inventory.networkInterfaces.map((nic) => (
                <tr key={nic.name}>
                  <td>{nic.name}</td>
                  <td>{nic.mac || unknown}</td>
                  <td>{[...nic.ipv4, ...nic.ipv6].join(', ') || unknown}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
