import { formatRelative } from '../../shared/format.js';
import type { LinkState } from '../../shared/local-api.js';
import { readLinkFile } from '../../agent/link/link-file.js';
import { readLinkState } from '../../agent/link/link-state-file.js';
import type { Translation } from './context.js';

/**
 * What `status` says about the server link: the running agent's own view (link-state.json)
 * when it runs, else what link.json records. Never the token.
 */
export type LinkFacts =
  | LinkState
  | { state: 'enrolled'; serverUrl: string; orgName: string; agentId: string; enrolledAt: string }
  | { state: 'damaged'; error: string };

export function readLinkFacts(dataDir: string, isAgentRunning: boolean): LinkFacts {
  const file = readLinkFile(dataDir);
  if (!file.ok) return { state: 'damaged', error: file.error };
  const running = isAgentRunning ? readLinkState(dataDir) : undefined;
  if (!file.value) return running ?? { state: 'not-enrolled', waiting: 0 };
  // Freshly enrolled: the running agent has not looked at link.json since.
  if (running && running.state !== 'not-enrolled' && running.agentId === file.value.agentId) {
    return running;
  }
  const { serverUrl, orgName, agentId, enrolledAt } = file.value;
  return { state: 'enrolled', serverUrl, orgName, agentId, enrolledAt };
}

export function describeLink(
  { t, locale }: Pick<Translation, 't' | 'locale'>,
  facts: LinkFacts,
  now: number,
): string {
  const ago = (at: number) => formatRelative(at, now, locale);
  switch (facts.state) {
    case 'not-enrolled':
      return t('link.status.notEnrolled');
    case 'damaged':
      return t('link.status.damaged', { error: facts.error });
    case 'enrolled':
      return t('link.status.enrolled', { org: facts.orgName, url: facts.serverUrl });
    case 'connecting':
      return t('link.status.connecting', { org: facts.orgName, url: facts.serverUrl });
    case 'connected':
      return facts.lastUploadAt === null
        ? t('link.status.connecting', { org: facts.orgName, url: facts.serverUrl })
        : t('link.status.connected', {
            org: facts.orgName,
            url: facts.serverUrl,
            ago: ago(facts.lastUploadAt),
          });
    case 'retrying':
      return t('link.status.retrying', {
        url: facts.serverUrl,
        since: ago(facts.since),
        next: ago(facts.nextAttemptAt),
        error: facts.lastError.message,
      });
    case 'rejected':
      return t('link.status.rejected', { url: facts.serverUrl });
    default:
      return assertNever(facts);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected link state ${JSON.stringify(value)}`);
}
