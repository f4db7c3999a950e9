import { useState } from 'preact/hooks';
import type { Me, Role, OrgUser } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { grantableRoles, hasRole } from '../roles.js';
import { useList } from '../use-list.js';
import { AdminTable } from './admin-table.js';
import { ConfirmButton } from './confirm-button.js';
import { ErrorAlert } from './error-alert.js';
import { errorText } from './error-text.js';
import { NewPasswordField, RoleOptions, RoleSelect, TextField } from './form-fields.js';

export function AdminUsers({ client, me }: { client: FleetClient; me: Me }) {
  const { t, locale } = useLanguage();
  const users = useList(async () => {
    const result = await client.users();
    return result.ok ? { ok: true as const, value: result.value.users } : result;
  });
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [message, setMessage] = useState<{ isError: boolean; text: string } | null>(null);
  const roles = grantableRoles(me.role);
  /** Nobody changes or removes themselves, nor anyone above their own role. */
  const canTouch = (user: OrgUser): boolean =>
    user.id !== me.user.id && hasRole(me.role, user.role);

  const report = (
    result: { ok: true } | { ok: false; error: Parameters<typeof errorText>[1] },
    done: string,
  ): boolean => {
    setMessage(
      result.ok
        ? { isError: false, text: done }
        : { isError: true, text: errorText(t, result.error) },
    );
    if (result.ok) users.reload();
    return result.ok;
  };

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    const result = await client.createUser({
      email: email.trim(),
      role,
      password,
      ...(name.trim() === '' ? {} : { name: name.trim() }),
    });
    if (report(result, t('fleet.admin.userAdded', { email: email.trim() }))) {
      setEmail('');
      setName('');
      setPassword('');
    }
  };

  return (
    <div class="admin-block">
      <h2>{t('fleet.admin.users')}</h2>
      <ErrorAlert error={users.error} />
      {users.items !== null && (
        <AdminTable
          columns={[
            t('fleet.admin.name'),
            t('fleet.fields.email'),
            t('fleet.fields.role'),
            t('fleet.admin.created'),
          ]}
          items={users.items}
          rowKey={(user) => user.id}
          cells={(user) => (
            <>
              <td>{user.name || '–'}</td>
              <td>{user.email}</td>
              <td>
                {canTouch(user) ? (
                  <select
                    aria-label={t('fleet.admin.roleOf', { email: user.email })}
                    value={user.role}
                    onChange={(event) =>
                      void client
                        .setUserRole(user.id, event.currentTarget.value as Role)
                        .then((result) => report(result, t('fleet.admin.roleChanged')))
                    }
                  >
                    <RoleOptions roles={roles} />
                  </select>
                ) : (
                  t(`fleet.roles.${user.role}`)
                )}
              </td>
              <td>{formatDateTime(user.createdAt, locale)}</td>
            </>
          )}
          actions={(user) =>
            canTouch(user) && (
              <ConfirmButton
                label={t('fleet.admin.removeUser')}
                question={t('fleet.admin.removeUserConfirm', { email: user.email })}
                confirmLabel={t('fleet.admin.removeUser')}
                onConfirm={async () => {
                  report(await client.removeUser(user.id), t('fleet.admin.userRemoved'));
                }}
              />
            )
          }
        />
      )}
      <h3>{t('fleet.admin.addUser')}</h3>
      <form class="form card" onSubmit={(event) => void add(event)}>
        <TextField
          label={t('fleet.fields.email')}
          type="email"
          required
          value={email}
          onValue={setEmail}
        />
        <TextField label={t('fleet.admin.name')} value={name} onValue={setName} />
        <RoleSelect id="user-role" roles={roles} value={role} onRole={setRole} />
        <NewPasswordField
          label={t('fleet.admin.initialPassword')}
          hintId="new-user-password-hint"
          value={password}
          onValue={setPassword}
        />
        <button type="submit" class="primary">
          {t('fleet.admin.addUser')}
        </button>
      </form>
      {message && (
        <p role="status" class={message.isError ? 'error' : 'success'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
