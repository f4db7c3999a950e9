import type { Kysely } from 'kysely';
import { MINUTE_MS } from '../../src/shared/time.js';
import { sha256Hex } from '../auth/secrets.js';
import type { Database } from '../store/schema.js';

/** Every agent token starts with this; anything else is refused before any work is done. */
export const AGENT_TOKEN_PREFIX = 'dfa_';
/** `dfa_` + 32 bytes base64url. */
const AGENT_TOKEN_LENGTH = AGENT_TOKEN_PREFIX.length + 43;

/** Who a valid agent token speaks for. `isRevoked` turns true the moment it is evicted. */
export interface AgentIdentity {
  readonly machineId: string;
  readonly orgId: string;
  readonly tokenHash: string;
  checkedAt: number;
  isRevoked: boolean;
}

export interface AgentTokenCacheOptions {
  db: Kysely<Database>;
  now: () => number;
  /** Most tokens remembered; the least recently used goes first. */
  maxEntries?: number;
  /** A remembered token is checked against the database again after this long. */
  recheckMs?: number;
}

export interface AgentTokenCache {
  /** The identity behind a token, or null for an unknown, revoked or malformed one. */
  resolve(token: string): Promise<AgentIdentity | null>;
  /** The hot path: the identity when it is remembered and fresh, without waiting; else undefined. */
  peek(token: string): AgentIdentity | undefined;
  /** Forget every token of a machine (re-enrolled, deleted); their identities turn revoked. */
  evictMachine(machineId: string): void;
  readonly size: number;
}

function isAgentTokenShape(token: string): boolean {
  return token.length === AGENT_TOKEN_LENGTH && token.startsWith(AGENT_TOKEN_PREFIX);
}

/**
 * Reports arrive every few seconds from every machine: the hot path must neither hash nor
 * query. Tokens are remembered in clear in this process only (as the requests carry them),
 * keyed by the token itself; the database keeps only hashes. A remembered token is re-checked
 * every `recheckMs`, so a revocation made by another process is honoured within that time;
 * revocations made here evict at once.
 */
export function createAgentTokenCache(options: AgentTokenCacheOptions): AgentTokenCache {
  const { db, now } = options;
  const maxEntries = options.maxEntries ?? 200_000;
  const recheckMs = options.recheckMs ?? MINUTE_MS;
  const byToken = new Map<string, AgentIdentity>();
  const tokensOfMachine = new Map<string, Set<string>>();
  // Bumped by every eviction: a lookup that raced one is done again rather than cached stale.
  let evictions = 0;

  /** Revoked: an identity already handed out turns unusable too (the ingest queue checks). */
  function forget(token: string, identity: AgentIdentity): void {
    identity.isRevoked = true;
    forgetQuietly(token, identity);
  }

  function remember(token: string, identity: AgentIdentity): void {
    byToken.set(token, identity);
    let tokens = tokensOfMachine.get(identity.machineId);
    if (!tokens) tokensOfMachine.set(identity.machineId, (tokens = new Set()));
    tokens.add(token);
    if (byToken.size > maxEntries) {
      const oldest = byToken.entries().next().value;
      if (oldest) forgetQuietly(oldest[0], oldest[1]);
    }
  }

  /** Dropped for room, not revoked: an identity already handed out stays usable. */
  function forgetQuietly(token: string, identity: AgentIdentity): void {
    byToken.delete(token);
    const tokens = tokensOfMachine.get(identity.machineId);
    tokens?.delete(token);
    if (tokens?.size === 0) tokensOfMachine.delete(identity.machineId);
  }

  async function isStillValid(
    tokenHash: string,
  ): Promise<{ machineId: string; orgId: string } | null> {
    const row = await db
      .selectFrom('agent_tokens')
      .select(['machine_id', 'org_id'])
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { machineId: row.machine_id, orgId: row.org_id } : null;
  }

  async function load(token: string): Promise<AgentIdentity | null> {
    const tokenHash = sha256Hex(token);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = evictions;
      const found = await isStillValid(tokenHash);
      if (before !== evictions) continue;
      if (!found) return null;
      const identity: AgentIdentity = { ...found, tokenHash, checkedAt: now(), isRevoked: false };
      remember(token, identity);
      return identity;
    }
    return null;
  }

  function peek(token: string): AgentIdentity | undefined {
    const cached = byToken.get(token);
    if (!cached || now() - cached.checkedAt >= recheckMs) return undefined;
    // Most recently used goes to the end of the Map's order.
    byToken.delete(token);
    byToken.set(token, cached);
    return cached;
  }

  return {
    peek,
    async resolve(token) {
      if (!isAgentTokenShape(token)) return null;
      const fresh = peek(token);
      if (fresh) return fresh;
      const cached = byToken.get(token);
      if (!cached) return load(token);
      const found = await isStillValid(cached.tokenHash);
      if (cached.isRevoked) return null;
      if (!found || found.machineId !== cached.machineId) {
        forget(token, cached);
        return null;
      }
      cached.checkedAt = now();
      return cached;
    },
    evictMachine(machineId) {
      evictions += 1;
      for (const token of [...(tokensOfMachine.get(machineId) ?? [])]) {
        const identity = byToken.get(token);
        if (identity) forget(token, identity);
      }
    },
    get size() {
      return byToken.size;
    },
  };
}
