import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { ERROR_CODES } from '../../../server/http/error-codes.js';

/** Whatever was sent: never a 5xx, and every 4xx in the one error shape with a registered code. */
export async function expectWellFormed(
  app: FastifyInstance,
  options: InjectOptions,
): Promise<void> {
  const response = await app.inject(options);
  const where = `${String(options.method)} ${String(options.url)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
  expect(response.statusCode, where).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = response.json<{ error?: { code?: unknown; message?: unknown } }>();
    expect(typeof body.error?.message, where).toBe('string');
    expect(Object.keys(ERROR_CODES), where).toContain(body.error?.code);
  }
}
