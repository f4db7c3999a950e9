import { useState } from 'preact/hooks';
import { ROLES } from '../../../src/shared/fleet-api.js';
import type { CreatedApiKey, Me, Role } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { hasRole } from '../roles.js';
import { useList } from '../use-list.js';
import { ConfirmButton } from './confirm-button.js';
import { CopyBlock } from './copy-button.js';
import { errorText } from './error-text.js';

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
      {keys.items !== null &&
        (keys.items.length === 0 ? (
          <p class="muted">{t('fleet.admin.noApiKeys')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('fleet.admin.name')}</th>
                  <th scope="col">{t('fleet.admin.prefix')}</th>
                  <th scope="col">{t('fleet.fields.role')}</th>
                  <th scope="col">{t('fleet.admin.lastUsed')}</th>
                  <th scope="col">{t('fleet.admin.state')}</th>
                  <th scope="col">
                    <span class="sr-only">{t('fleet.admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.items.map((key) => (
                  <tr key={key.id}>
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
                    <td>
                      {key.revokedAt === null && (
                        <ConfirmButton
                          label={t('fleet.admin.revoke')}
                          question={t('fleet.admin.revokeKeyConfirm', { name: key.name })}
                          confirmLabel={t('fleet.admin.revoke')}
                          onConfirm={() => revoke(key.id)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <h3>{t('fleet.admin.createKey')}</h3>
      <form class="form card" onSubmit={(event) => void create(event)}>
        <label>
          {t('fleet.admin.name')}
          <input
            required
            maxLength={100}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <div class="field">
          <label for="key-role">{t('fleet.fields.role')}</label>
          <select
            id="key-role"
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
          >
            {ROLES.filter((option) => hasRole(me.role, option)).map((option) => (
              <option key={option} value={option}>
                {t(`fleet.roles.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary">
          {t('fleet.admin.createKey')}
        </button>
      </form>
      {error !== null && (
        <p class="error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      {created !== null && (
        <div class="created card">
          <p class="warning">{t('fleet.admin.keyShownOnce')}</p>
          <CopyBlock text={created.key} label={t('fleet.admin.newKey', { name: created.name })} />
        </div>
      )}
    </div>
  );
}
