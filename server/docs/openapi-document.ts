import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { ERROR_CODES } from '../http/error-codes.js';
import { errorCodeTable } from './error-table.js';

/** Names of the security schemes routes refer to in `schema.security`. */
export const SECURITY = {
  /** The fleet page's login cookie (state-changing requests also need X-CSRF-Token). */
  session: 'session',
  /** `Authorization: Bearer <API key>` for automation. */
  apiKey: 'apiKey',
  /** `Authorization: Bearer <agent token>` for enrolled agents. */
  agentToken: 'agentToken',
} as const;

/** `schema.security` of every guarded fleet route: a session cookie or an API key. */
export const FLEET_SECURITY: Array<Record<string, string[]>> = [
  { [SECURITY.session]: [] },
  { [SECURITY.apiKey]: [] },
];
export const AGENT_SECURITY = [{ [SECURITY.agentToken]: [] }];

/** The areas operations are grouped under in /api/docs; routes name one in `schema.tags`. */
export const TAGS = [
  { name: 'server', description: 'Health of the server itself.' },
  { name: 'setup', description: 'First start: creating the first org and owner.' },
  { name: 'auth', description: 'Logging in and out, the current user, passwords.' },
  { name: 'machines', description: 'The fleet: machines, their status, tags and history.' },
  { name: 'enrollment', description: 'Enrolment tokens that let agents join an org.' },
  { name: 'users', description: 'People in the org and their roles.' },
  { name: 'api-keys', description: 'Keys for automation.' },
  {
    name: 'actions',
    description:
      'Messages, restarts and maintenance for one machine, a tag or the whole org; their live status and the audit log.',
  },
  {
    name: 'agent',
    description: 'The agent protocol (v1): enrol, report, the live channel and its HTTP fallback.',
  },
];

const INTRO = `The companion server's API: the fleet page uses it, and so can your scripts.

**Auth.** The browser uses a session cookie; every state-changing request made with it carries
the header \`X-CSRF-Token\` (the value comes with \`GET /api/v1/auth/me\`). Automation sends
\`Authorization: Bearer <API key>\`. Agents send their agent token the same way.

**Errors.** Every error has the body \`{ "error": { "code": "...", "message": "..." } }\`. The
code is stable and is what clients should switch on; the message is for people. Another org's
object answers 404, never 403.`;

/** The static part of the OpenAPI document; paths come from the route schemas. */
export function openapiBase(version: string, publicUrl: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'DashFleet server API',
      version,
      description: `${INTRO}\n\n### Error codes\n\n${errorCodeTable()}`,
    },
    servers: [{ url: publicUrl }],
    tags: TAGS,
    components: {
      securitySchemes: {
        [SECURITY.session]: { type: 'apiKey' as const, in: 'cookie', name: SESSION_COOKIE },
        [SECURITY.apiKey]: { type: 'http' as const, scheme: 'bearer' },
        [SECURITY.agentToken]: { type: 'http' as const, scheme: 'bearer' },
      },
    },
  };
}

/** Reusable responses, one per status the server answers errors with. */
export function errorResponses(): Record<string, { description: string; content: object }> {
  const byStatus = new Map<number, string[]>();
  for (const [code, info] of Object.entries(ERROR_CODES)) {
    byStatus.set(info.status, [...(byStatus.get(info.status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      `Error${status}`,
      {
        description: `Error; code one of ${codes.map((c) => `\`${c}\``).join(', ')}.`,
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
        },
      },
    ]),
  );
}
