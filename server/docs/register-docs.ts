import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ErrorResponseSchema } from '../http/error-reply.js';
import { errorResponses, openapiBase } from './openapi-document.js';

const DOCS_PREFIX = '/api/docs';

const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'none'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/** The few parts of an OpenAPI 3 document this file touches. */
interface Operation {
  requestBody?: unknown;
  parameters?: unknown[];
  security?: unknown[];
  responses?: Record<string, unknown>;
}
interface Document {
  paths?: Record<string, Partial<Record<string, Operation>> | undefined>;
  components?: { responses?: Record<string, unknown> } & Record<string, unknown>;
  security?: unknown[];
}

/**
 * OpenAPI 3 generated from the route schemas (GET /api/docs/json), browsable at /api/docs.
 * Register before any route: @fastify/swagger collects routes as they are added.
 */
export async function registerDocs(
  app: FastifyInstance,
  options: { version: string; publicUrl: string },
): Promise<void> {
  app.addSchema(ErrorResponseSchema);
  await app.register(swagger, {
    openapi: openapiBase(options.version, options.publicUrl),
    // Shared schemas keep their $id as their name in components.schemas.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`,
    },
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      return withErrorResponses(
        document.openapiObject as Document,
      ) as typeof document.openapiObject;
    },
    hideUntagged: false,
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { deepLinking: true, docExpansion: 'list' },
    // Its own CSP on its own pages: swagger-ui needs inline styles that the app's pages do
    // not. Never upgrade-insecure-requests: most installs are plain http on the office LAN.
    staticCSP: DOCS_CSP,
  });
}

/** Every operation refers to the shared error responses its route can produce. */
function withErrorResponses(document: Document): Document {
  const components = document.components ?? {};
  components.responses = { ...errorResponses(), ...components.responses };
  document.components = components;
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item?.[method];
      if (operation) addErrorRefs(operation, document.security);
    }
  }
  return document;
}

function addErrorRefs(operation: Operation, globalSecurity: unknown[] | undefined): void {
  const responses = operation.responses ?? {};
  const ref = (status: number) => ({ $ref: `#/components/responses/Error${status}` });
  const hasInput = Boolean(operation.requestBody) || (operation.parameters ?? []).length > 0;
  if (hasInput) responses['400'] ??= ref(400);
  if (operation.requestBody) {
    responses['413'] ??= ref(413);
    responses['415'] ??= ref(415);
  }
  if ((operation.security ?? globalSecurity ?? []).length > 0) {
    responses['401'] ??= ref(401);
    responses['403'] ??= ref(403);
  }
  responses['500'] ??= ref(500);
  operation.responses = responses;
}
