import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_ERROR_CODES } from '../../../src/shared/protocol/index.js';
import type { EnrollResponse } from '../../../src/shared/protocol/index.js';
import { sha256Hex } from '../../../server/auth/secrets.js';
import {
  createEnrollmentToken,
  revokeEnrollmentToken,
} from '../../../server/enrollment/enrollment-tokens.js';
import { createOrgWithUser } from '../helpers/test-auth.js';
import type { TestServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { enroll, enrollRequest, reportOf, sendReport } from './agent-client.js';

let server: TestServer;
let clock: number;
let orgId: string;

beforeEach(async () => {
  clock = Date.UTC(2026, 2, 2, 10, 0, 0);
  server = await startTestServer({}, { now: () => clock });
  ({ orgId } = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Clinic' }));
});
afterEach(async () => server.close());

const newToken = async (
  input: { maxUses?: number; tags?: string[]; expiresInSeconds?: number } = {},
) => createEnrollmentToken(server.ctx.db, { orgId, createdBy: null, ...input }, server.ctx.now());

describe('POST /api/v1/agent/enroll', () => {
  it('enrols a new machine with the token tags and stores only the agent token hash', async () => {
    const { token } = await newToken({ tags: ['front desk'] });
    const answer = await enroll(server.url, enrollRequest(token, { hostname: 'reception-pc' }));

    expect(answer.status).toBe(200);
    const body = answer.body as EnrollResponse;
    expect(body).toMatchObject({
      protocolVersion: 1,
      orgName: 'Clinic',
      reportIntervalSeconds: 10,
    });
    expect(body.agentToken).toMatch(/^dfa_[A-Za-z0-9_-]{43}$/);
    const machine = await server.ctx.db
      .selectFrom('machines')
      .selectAll()
      .where('id', '=', body.agentId)
      .executeTakeFirstOrThrow();
    expect(machine).toMatchObject({
      org_id: orgId,
      hostname: 'reception-pc',
      tags_json: '["front desk"]',
    });
    const stored = await server.ctx.db.selectFrom('agent_tokens').selectAll().execute();
    expect(stored.map((row) => row.token_hash)).toEqual([sha256Hex(body.agentToken)]);
    const uses = await server.ctx.db.selectFrom('enrollment_tokens').select('uses').execute();
    expect(uses).toEqual([{ uses: 1 }]);
  });

  it('refuses an unknown token', async () => {
    const answer = await enroll(server.url, enrollRequest('dfe_nonsense'));
    expect(answer).toMatchObject({
      status: 401,
      body: { error: { code: AGENT_ERROR_CODES.enrollTokenInvalid } },
    });
  });

  it('refuses a revoked token', async () => {
    const { token, info } = await newToken();
    await revokeEnrollmentToken(server.ctx.db, orgId, info.id, clock);
    const answer = await enroll(server.url, enrollRequest(token));
    expect(answer).toMatchObject({
      status: 401,
      body: { error: { code: AGENT_ERROR_CODES.enrollTokenRevoked } },
    });
  });

  it('refuses an expired token', async () => {
    const { token } = await newToken({ expiresInSeconds: 3600 });
    clock += 3600 * 1000;
    const answer = await enroll(server.url, enrollRequest(token));
    expect(answer).toMatchObject({
      status: 401,
      body: { error: { code: AGENT_ERROR_CODES.enrollTokenExpired } },
    });
  });

  it('refuses a token with no uses left, and counts only successful uses', async () => {
    const { token } = await newToken({ maxUses: 1 });
    expect((await enroll(server.url, enrollRequest(token))).status).toBe(200);
    const answer = await enroll(server.url, enrollRequest(token));
    expect(answer).toMatchObject({
      status: 401,
      body: { error: { code: AGENT_ERROR_CODES.enrollTokenUsedUp } },
    });
    const uses = await server.ctx.db.selectFrom('enrollment_tokens').select('uses').execute();
    expect(uses).toEqual([{ uses: 1 }]);
  });

  it('refuses a protocol version it does not speak', async () => {
    const { token } = await newToken();
    const answer = await enroll(server.url, enrollRequest(token, { protocolVersion: 99 }));
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: AGENT_ERROR_CODES.protocolVersion } },
    });
  });

  it('re-enrolling the same hardware keeps id, tags and history and revokes the old token', async () => {
    const { token } = await newToken({ tags: ['lab'], maxUses: 5 });
    const first = (await enroll(server.url, enrollRequest(token, { hardwareId: 'hw-1' })))
      .body as EnrollResponse;
    const ts = clock - 30_000;
    expect(
      (
        await sendReport(
          server.url,
          first.agentToken,
          reportOf([
            { seq: 1, ts },
            { seq: 2, ts: ts + 5000 },
          ]),
        )
      ).status,
    ).toBe(200);
    await server.ctx.db
      .updateTable('machines')
      .set({ tags_json: '["lab","moved"]' })
      .where('id', '=', first.agentId)
      .execute();

    const again = await enroll(
      server.url,
      enrollRequest(token, { hardwareId: 'hw-1', hostname: 'renamed-pc', agentVersion: '0.2.0' }),
    );
    const second = again.body as EnrollResponse;

    expect(second.agentId).toBe(first.agentId);
    expect(second.agentToken).not.toBe(first.agentToken);
    const machine = await server.ctx.db
      .selectFrom('machines')
      .selectAll()
      .where('id', '=', first.agentId)
      .executeTakeFirstOrThrow();
    expect(machine).toMatchObject({
      hostname: 'renamed-pc',
      agent_version: '0.2.0',
      tags_json: '["lab","moved"]',
      last_seq: 0,
    });
    const minutes = await server.ctx.db.selectFrom('machine_minutes').select('metric').execute();
    expect(minutes.length).toBeGreaterThan(0);
    const old = await sendReport(server.url, first.agentToken, reportOf([{ seq: 3, ts }]));
    expect(old).toMatchObject({
      status: 401,
      body: { error: { code: AGENT_ERROR_CODES.agentTokenInvalid } },
    });
    // A new seq space: the wiped agent starts again at 1.
    const fresh = await sendReport(
      server.url,
      second.agentToken,
      reportOf([{ seq: 1, ts: ts + 10_000 }]),
    );
    expect(fresh).toEqual({ status: 200, body: { protocolVersion: 1, ackedSeq: 1 } });
  });

  it('the same hardware id in another org is another machine', async () => {
    const other = await createOrgWithUser(server.ctx, { role: 'owner' });
    const mine = await newToken();
    const theirs = await createEnrollmentToken(
      server.ctx.db,
      { orgId: other.orgId, createdBy: null },
      clock,
    );
    const a = (await enroll(server.url, enrollRequest(mine.token, { hardwareId: 'same' })))
      .body as EnrollResponse;
    const b = (await enroll(server.url, enrollRequest(theirs.token, { hardwareId: 'same' })))
      .body as EnrollResponse;
    expect(a.agentId).not.toBe(b.agentId);
  });
});
