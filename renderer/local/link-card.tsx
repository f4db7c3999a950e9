import { formatRelative } from '../../src/shared/format.js';
import type { LinkState } from '../../src/shared/local-api.js';
import { useLanguage } from '../ui/i18n.js';
import { hrefFor } from './routes.js';

interface LinkCardProps {
  link: LinkState;
  now: number;
}

/** The overview's "Server" card: where this PC reports, and how that is going. */
export function LinkCard({ link, now }: LinkCardProps) {
  const { t, locale } = useLanguage();
  const ago = (at: number) => formatRelative(at, now, locale);
  return (
    <section class="link card" aria-label={t('link.overview.title')} data-link-state={link.state}>
      <h2 class="card-title">{t('link.overview.title')}</h2>
      <LinkSummary link={link} ago={ago} />
      {link.state !== 'not-enrolled' && link.lastUploadAt !== null && (
        <p class="muted">{t('link.overview.lastUpload', { ago: ago(link.lastUploadAt) })}</p>
      )}
      {link.waiting > 0 && link.state !== 'connected' && (
        <p class="muted">{t('link.overview.waiting', { count: link.waiting })}</p>
      )}
    </section>
  );
}

function LinkSummary({ link, ago }: { link: LinkState; ago: (at: number) => string }) {
  const { t } = useLanguage();
  switch (link.state) {
    case 'not-enrolled':
      return (
        <p>
          {t('link.overview.notEnrolled')}{' '}
          <a href={hrefFor('settings')}>{t('link.overview.connect')}</a>
        </p>
      );
    case 'connecting':
      return <p>{t('link.overview.connecting', { url: link.serverUrl })}</p>;
    case 'connected':
      return (
        <p class="link-ok">
          {t('link.overview.connected', { url: link.serverUrl, org: link.orgName })}
        </p>
      );
    case 'retrying':
      return (
        <p class="link-warn" title={link.lastError.message}>
          {t('link.overview.retrying', {
            url: link.serverUrl,
            since: ago(link.since),
            next: ago(link.nextAttemptAt),
          })}
        </p>
      );
    case 'rejected':
      return (
        <p class="error">
          {t('link.overview.rejected', { url: link.serverUrl })}{' '}
          <a href={hrefFor('settings')}>{t('link.overview.connect')}</a>
        </p>
      );
    default:
      return assertNever(link);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected link state ${JSON.stringify(value)}`);
}
