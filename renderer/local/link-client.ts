import { LOCAL_API } from '../../src/shared/local-api.js';
import type { LinkEnrollRequest, LinkState } from '../../src/shared/local-api.js';
import type { FetchLike, Result } from '../ui/api-client.js';
import { sendJson } from '../ui/api-client.js';

/** `api/link/enroll`: enrols this PC with a server; the answer is the new link state. */
export function enrollLink(
  fetchFn: FetchLike,
  request: LinkEnrollRequest,
): Promise<Result<LinkState>> {
  return sendJson<LinkState>(fetchFn, 'POST', LOCAL_API.linkEnroll, request);
}
