import type { FastifyError } from 'fastify';

/**
 * Fastify's first validation problem as one sentence naming the field
 * (`maxPoints must be <= 2000`, `metrics is required`, `unknown setting "colour"`).
 */
export function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const params = first.params as {
    missingProperty?: string;
    additionalProperty?: string;
    allowedValues?: unknown[];
  };
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const where = error.validationContext === 'body' ? 'body' : 'query';
  if (params.missingProperty) return `${params.missingProperty} is required`;
  if (params.additionalProperty) return `unknown ${where} field "${params.additionalProperty}"`;
  const field = path || where;
  if (params.allowedValues) {
    return `${field} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${field} ${first.message ?? 'is not valid'}`;
}
