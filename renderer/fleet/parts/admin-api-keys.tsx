import { useState } from 'preact/hooks';
import type { CreatedApiKey, Me, Role } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { grantableRoles } from '../roles.js';
import { useList } from '../use-list.js';
import { AdminTable, RevokeButton } from './admin-table.js';
import { CopyBlock } from './copy-button.js';
import { ErrorAlert } from './error-alert.js';
import { RoleSelect, TextField } from './form-fields.js';

export function AdminApiKeys({ client, me }: { client: FleetClient; me: Me }) {
  const { t, locale } = useLanguage();
  const keys = useList(async () => {
    const result = await client.apiKeys();
    return result.ok ? { ok: true as const, value: result.value.keys } : result;
  });
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    const result = await client.createApiKey({ name: name.trim(), role });
    if (result.ok) {
      setCreated(result.value);
      setError(null);
      setName('');
      keys.reload();
    } else {
      setError(result.error);
    }
  };
  const revoke = async (id: string): Promise<void> => {
    const result = await client.revokeApiKey(id);
    if (result.ok) keys.reload();
    else setError(result.error);
  };

  return (
    <div class="admin-block">
      <h2>{t('fleet.admin.apiKeys')}</h2>
      {keys.items !== null && (
        <AdminTable
          columns={[
            t('fleet.admin.name'),
            t('fleet.admin.prefix'),
            t('fleet.fields.role'),
            t('fleet.admin.lastUsed'),
            t('fleet.admin.state'),
          ]}
          items={keys.items}
          emptyText={t('fleet.admin.noApiKeys')}
          rowKey={(key) => key.id}
          cells={(key) => (
            <>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{t(`fleet.roles.${key.role}`)}</td>
              <td>
                {key.lastUsedAt === null
                  ? t('fleet.never')
                  : formatDateTime(key.lastUsedAt, locale)}
              </td>
              <td>
                {key.revokedAt === null
                  ? t('fleet.admin.states.active')
                  : t('fleet.admin.states.revoked')}
              </td>
            </>
          )}
          actions={(key) =>
            key.revokedAt === null && (
              <RevokeButton
                question={t('fleet.admin.revokeKeyConfirm', { name: key.name })}
                onConfirm={() => revoke(key.id)}
              />
            )
          }
        />
      )}
      <h3>{t('fleet.admin.createKey')}</h3>
      <form class="form card" onSubmit={(event) => void create(event)}>
        <TextField
          label={t('fleet.admin.name')}
          required
          maxLength={100}
          value={name}
          onValue={setName}
        />
        <RoleSelect id="key-role" roles={grantableRoles(me.role)} value={role} onRole={setRole} />
        <button type="submit" class="primary">
          {t('fleet.admin.createKey')}
        </button>
      </form>
      <ErrorAlert error={error} />
      {created !== null && (
        <div class="created card">
          <p class="warning">{t('fleet.admin.keyShownOnce')}</p>
          <CopyBlock text={created.key} label={t('fleet.admin.newKey', { name: created.name })} />
        </div>
      )}
    </div>
  );
}
