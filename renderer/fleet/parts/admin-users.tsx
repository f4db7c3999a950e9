import { useState } from 'preact/hooks';
import { ROLES } from '../../../src/shared/fleet-api.js';
import type { Me, Role } from '../../../src/shared/fleet-api.js';
import { formatDateTime } from '../../../src/shared/format.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { hasRole } from '../roles.js';
import { useList } from '../use-list.js';
import { ConfirmButton } from './confirm-button.js';
import { errorText } from './error-text.js';

/** The roles `me` may hand out: an admin up to admin, an owner everything. */
function grantable(me: Me): Role[] {
  return ROLES.filter((role) => hasRole(me.role, role));
}

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
  const roles = grantable(me);

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
      {users.error !== null && (
        <p class="error" role="alert">
          {errorText(t, users.error)}
        </p>
      )}
      {users.items !== null && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fleet.admin.name')}</th>
                <th scope="col">{t('fleet.fields.email')}</th>
                <th scope="col">{t('fleet.fields.role')}</th>
                <th scope="col">{t('fleet.admin.created')}</th>
                <th scope="col">
                  <span class="sr-only">{t('fleet.admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((user) => {
                const isSelf = user.id === me.user.id;
                const canTouch = !isSelf && hasRole(me.role, user.role);
                return (
                  <tr key={user.id}>
                    <td>{user.name || '–'}</td>
                    <td>{user.email}</td>
                    <td>
                      {canTouch ? (
                        <select
                          aria-label={t('fleet.admin.roleOf', { email: user.email })}
                          value={user.role}
                          onChange={(event) =>
                            void client
                              .setUserRole(user.id, event.currentTarget.value as Role)
                              .then((result) => report(result, t('fleet.admin.roleChanged')))
                          }
                        >
                          {roles.map((option) => (
                            <option key={option} value={option}>
                              {t(`fleet.roles.${option}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`fleet.roles.${user.role}`)
                      )}
                    </td>
                    <td>{formatDateTime(user.createdAt, locale)}</td>
                    <td>
                      {canTouch && (
                        <ConfirmButton
                          label={t('fleet.admin.removeUser')}
                          question={t('fleet.admin.removeUserConfirm', { email: user.email })}
                          confirmLabel={t('fleet.admin.removeUser')}
                          onConfirm={async () => {
                            report(await client.removeUser(user.id), t('fleet.admin.userRemoved'));
                          }}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('fleet.admin.addUser')}</h3>
      <form class="form card" onSubmit={(event) => void add(event)}>
        <label>
          {t('fleet.fields.email')}
          <input
            type="email"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('fleet.admin.name')}
          <input value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <div class="field">
          <label for="user-role">{t('fleet.fields.role')}</label>
          <select
            id="user-role"
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {t(`fleet.roles.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <label>
          {t('fleet.admin.initialPassword')}
          <input
            type="password"
            required
            minLength={10}
            autocomplete="new-password"
            aria-describedby="new-user-password-hint"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        <span id="new-user-password-hint" class="muted">
          {t('fleet.fields.passwordHint')}
        </span>
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
