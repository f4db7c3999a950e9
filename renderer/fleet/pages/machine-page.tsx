import { useEffect, useState } from 'preact/hooks';
import type { MachineDetail, MachineSummary, Role } from '../../../src/shared/fleet-api.js';
import { formatBytes, formatDateTime } from '../../../src/shared/format.js';
import type { Result } from '../../ui/api-client.js';
import { FactList, inventoryFacts } from '../../ui/facts.js';
import type { Fact } from '../../ui/facts.js';
import { useLanguage } from '../../ui/i18n.js';
import { ActionButtons } from '../actions/action-buttons.js';
import type { ActionFeed } from '../actions/action-feed.js';
import { ActionHistory } from '../actions/action-history.js';
import type { FleetClient } from '../fleet-client.js';
import { machineFigures } from '../machine-figures.js';
import { osLabel } from '../machine-query.js';
import { navigate } from '../navigate.js';
import { ConfirmButton } from '../parts/confirm-button.js';
import { errorText } from '../parts/error-text.js';
import { HealthBadge, StatusBadge } from '../parts/status-badge.js';
import { MachineHistory } from '../parts/machine-history.js';
import { TagsEditor } from '../parts/tags-editor.js';
import { lastSeenText, serverNow } from '../relative-time.js';
import { hasRole } from '../roles.js';
import { useNow } from '../use-fleet.js';

export interface MachinePageProps {
  client: FleetClient;
  id: string;
  role: Role;
  offsetMs: number;
  /** The live summary from the stream, newer than the detail once it changes. */
  live: MachineSummary | null;
  onChanged: (change: { changed?: MachineSummary[]; removed?: string[] }) => void;
  actionFeed: ActionFeed;
}

export function MachinePage(props: MachinePageProps) {
  const { client, id, role, offsetMs, live, onChanged, actionFeed } = props;
  const { t, locale } = useLanguage();
  const [loaded, setLoaded] = useState<Result<MachineDetail> | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const nowMs = serverNow(useNow(10_000), offsetMs);

  useEffect(() => setLoaded(null), [id]);
  useEffect(() => {
    // Asked again when a new report lands, without blanking what is on screen meanwhile.
    let isCurrent = true;
    void client.machine(id).then((result) => {
      if (isCurrent) setLoaded(result);
    });
    return () => {
      isCurrent = false;
    };
  }, [client, id, live?.lastSeenAt]);

  if (loaded === null) {
    return (
      <p class="state" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  if (!loaded.ok) {
    return (
      <section>
        <h1>{t('fleet.machine.title')}</h1>
        <p class="error" role="alert">
          {loaded.error.code === 'E_NOT_FOUND'
            ? t('fleet.machine.notFound')
            : errorText(t, loaded.error)}
        </p>
        <a href="/">{t('fleet.notFound.back')}</a>
      </section>
    );
  }
  const detail = loaded.value;
  const machine = live ?? detail.machine;
  const canOperate = hasRole(role, 'operator');
  const seen = lastSeenText(machine.lastSeenAt, nowMs, locale);

  const remove = async (): Promise<void> => {
    const result = await client.removeMachine(machine.id);
    if (!result.ok) {
      setRemoveError(errorText(t, result.error));
      return;
    }
    onChanged({ removed: [machine.id] });
    navigate({ name: 'fleet' });
  };

  const figures = machineFigures(machine, locale);
  const facts: Fact[] = [
    [t('fleet.columns.status'), <StatusBadge status={machine.status} />],
    [t('fleet.columns.health'), <HealthBadge health={machine.health} />],
    [
      t('fleet.columns.lastSeen'),
      machine.lastSeenAt === null ? (
        t('fleet.never')
      ) : (
        <time
          dateTime={new Date(machine.lastSeenAt).toISOString()}
          title={formatDateTime(machine.lastSeenAt, locale)}
        >
          {seen}
        </time>
      ),
    ],
    [t('fleet.columns.cpu'), figures.cpu],
    [t('fleet.columns.memory'), figures.memory],
    [t('fleet.columns.disk'), figures.disk],
    [t('fleet.columns.os'), osLabel(machine)],
    [t('fleet.machine.agentVersion'), machine.agentVersion],
    [t('fleet.machine.enrolledAt'), formatDateTime(machine.enrolledAt, locale)],
  ];

  return (
    <section>
      <p class="crumbs">
        <a href="/">{t('fleet.nav.fleet')}</a> ›
      </p>
      <h1>{machine.hostname}</h1>
      <FactList facts={facts} />

      <h2>{t('fleet.machine.healthTitle')}</h2>
      <div class="card">
        {detail.health === null ? (
          <p>{t('fleet.notReported')}</p>
        ) : detail.health.reasons.length === 0 ? (
          <p>{t('overview.noReasons')}</p>
        ) : (
          <ul class="reasons">
            {detail.health.reasons.map((reason) => (
              <li key={reason.key} class={`reason ${reason.severity}`}>
                {t(reason.key, reason.params)}
              </li>
            ))}
          </ul>
        )}
      </div>

      <h2>{t('fleet.machine.tags')}</h2>
      <TagsEditor
        client={client}
        machine={machine}
        canEdit={canOperate}
        onSaved={(saved) => onChanged({ changed: [saved] })}
      />

      <h2>{t('fleet.actions.title')}</h2>
      {canOperate && (
        <ActionButtons
          client={client}
          target={{ machineIds: [machine.id] }}
          machines={[machine]}
          onSent={(created) => actionFeed.publish(created.actions)}
        />
      )}
      <ActionHistory
        client={client}
        feed={actionFeed}
        filter={{ machineId: machine.id }}
        canOperate={canOperate}
        showMachine={false}
        pageSize={10}
      />

      <h2>{t('fleet.machine.history')}</h2>
      <MachineHistory client={client} machineId={machine.id} />

      <h2>{t('fleet.machine.inventory')}</h2>
      {detail.inventory === null ? (
        <p class="state">{t('fleet.machine.noInventory')}</p>
      ) : (
        <FactList
          facts={[
            ...inventoryFacts(detail.inventory, t, locale),
            [
              t('thisPc.disks'),
              detail.inventory.disks
                .map((disk) => `${disk.name} ${formatBytes(disk.sizeBytes, locale)}`)
                .join(', ') || t('thisPc.noDisks'),
            ],
            [
              t('thisPc.addresses'),
              detail.inventory.networkInterfaces.flatMap((nic) => nic.ipv4).join(', ') ||
                t('common.notAvailable'),
            ],
          ]}
        />
      )}

      {canOperate && (
        <>
          <h2>{t('fleet.machine.removeTitle')}</h2>
          <div class="card danger-zone">
            <p>{t('fleet.machine.removeHint')}</p>
            <ConfirmButton
              label={t('fleet.machine.remove')}
              question={t('fleet.machine.removeConfirm', { hostname: machine.hostname })}
              confirmLabel={t('fleet.machine.remove')}
              onConfirm={remove}
            />
            {removeError !== null && (
              <p class="error" role="alert">
                {removeError}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
