import type { Me } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';
import { AuditLog } from '../actions/audit-log.js';
import type { FleetClient } from '../fleet-client.js';
import { AdminApiKeys } from '../parts/admin-api-keys.js';
import { AdminTokens } from '../parts/admin-tokens.js';
import { AdminUsers } from '../parts/admin-users.js';

/** Users, API keys, enrolment tokens and the audit log of the org (admin and owner only). */
export function AdminPage({ client, me }: { client: FleetClient; me: Me }) {
  const { t } = useLanguage();
  return (
    <section>
      <h1>{t('fleet.admin.title')}</h1>
      <AdminUsers client={client} me={me} />
      <AdminApiKeys client={client} me={me} />
      <AdminTokens client={client} />
      <AuditLog client={client} />
    </section>
  );
}
