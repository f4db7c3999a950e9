import { LOCAL_API } from '../../src/shared/local-api.js';
import type { LinkEnrollRequest, LinkState } from '../../src/shared/local-api.js';
import type { FetchLike, Result } from '../ui/api-client.js';
import { toResult } from '../ui/api-client.js';

/** `api/link/enroll`: enrols this PC with a server; the answer is the new link state. */
export function enrollLink(
  fetchFn: FetchLike,
  request: LinkEnrollRequest,
): Promise<Result<LinkState>> {
  return toResult<LinkState>(() =>
    fetchFn(LOCAL_API.linkEnroll, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(request),
    }),
  );
}
