import { useState } from 'preact/hooks';
import { formatDateTime, formatNumber } from '../../../src/shared/format.js';
import type { ApiError } from '../../ui/api-client.js';
import { useLanguage } from '../../ui/i18n.js';
import type { FleetClient } from '../fleet-client.js';
import { useList } from '../use-list.js';
import { AdminTable, RevokeButton } from './admin-table.js';
import { ErrorAlert } from './error-alert.js';

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
      <ErrorAlert error={error} />
      {tokens.items !== null && (
        <AdminTable
          columns={[
            t('fleet.admin.prefix'),
            t('fleet.add.note'),
            t('fleet.admin.state'),
            t('fleet.admin.uses'),
            t('fleet.admin.expires'),
            t('fleet.columns.tags'),
          ]}
          items={tokens.items}
          emptyText={t('fleet.admin.noTokens')}
          rowKey={(token) => token.id}
          cells={(token) => (
            <>
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
            </>
          )}
          actions={(token) =>
            token.state === 'active' && (
              <RevokeButton
                question={t('fleet.admin.revokeTokenConfirm', { prefix: token.prefix })}
                onConfirm={() => revoke(token.id)}
              />
            )
          }
        />
      )}
    </div>
  );
}
