import { useState } from 'preact/hooks';
import { formatDateTime, formatNumber } from '../../../src/shared/format.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { useList } from '../use-list.js';
import { ConfirmButton } from './confirm-button.js';
import { errorText } from './error-text.js';

export function AdminTokens({ client }: { client: FleetClient }) {
  const { t, locale } = useLanguage();
  const tokens = useList(async () => {
    const result = await client.enrollmentTokens();
    return result.ok ? { ok: true as const, value: result.value.tokens } : result;
  });
  const [error, setError] = useState<ApiError | null>(null);
  const revoke = async (id: string): Promise<void> => {
    const result = await client.revokeEnrollmentToken(id);
    if (result.ok) tokens.reload();
    else setError(result.error);
  };

  return (
    <div class="admin-block">
      <h2>{t('fleet.admin.tokens')}</h2>
      <p>
        <a href="/add">{t('fleet.nav.add')}</a>
      </p>
      {error !== null && (
        <p class="error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      {tokens.items !== null &&
        (tokens.items.length === 0 ? (
          <p class="muted">{t('fleet.admin.noTokens')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('fleet.admin.prefix')}</th>
                  <th scope="col">{t('fleet.add.note')}</th>
                  <th scope="col">{t('fleet.admin.state')}</th>
                  <th scope="col">{t('fleet.admin.uses')}</th>
                  <th scope="col">{t('fleet.admin.expires')}</th>
                  <th scope="col">{t('fleet.columns.tags')}</th>
                  <th scope="col">
                    <span class="sr-only">{t('fleet.admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.items.map((token) => (
                  <tr key={token.id}>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>{token.note || '–'}</td>
                    <td>{t(`fleet.admin.states.${token.state}`)}</td>
                    <td>
                      {token.maxUses === null
                        ? formatNumber(token.uses, locale, 0)
                        : t('fleet.admin.usesOf', {
                            uses: formatNumber(token.uses, locale, 0),
                            max: formatNumber(token.maxUses, locale, 0),
                          })}
                    </td>
                    <td>{formatDateTime(token.expiresAt, locale)}</td>
                    <td>{token.tags.join(', ') || '–'}</td>
                    <td>
                      {token.state === 'active' && (
                        <ConfirmButton
                          label={t('fleet.admin.revoke')}
                          question={t('fleet.admin.revokeTokenConfirm', { prefix: token.prefix })}
                          confirmLabel={t('fleet.admin.revoke')}
                          onConfirm={() => revoke(token.id)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </div>
  );
}
