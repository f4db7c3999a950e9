import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * Validates requests with the same TypeBox compiler `src/shared/validation.ts` uses.
 * Bodies are checked as sent: no type coercion (the string "5" is not the number 5) and no
 * silent removal of unknown fields (a schema with additionalProperties: false answers 400, so
 * a client's typo is reported instead of ignored). Querystrings, params and headers are text by
 * nature, so they are converted to the schema's types first.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  const isBody = httpPart === 'body';
  return (value) => {
    const candidate = isBody ? value : Value.Convert(schema, value);
    if (validator.Check(candidate)) return { value: candidate };
    return { error: validator.Errors(candidate) as FastifySchemaValidationError[] };
  };
};

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/machine/tags/0` under `body` → `body.machine.tags.0`. */
function where(part: string, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return path ? `${part}.${path}` : part;
}

/**
 * The first problem as one plain sentence naming the field, in the tone of describeProblem:
 * unknown fields are named, missing ones too, and unions of literals list what they allow.
 */
function describeValidation(errors: readonly FastifySchemaValidationError[], part: string): string {
  const issues = errors as unknown as ValidationIssue[];
  const unknown = issues.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    const names = (unknown.params['additionalProperties'] as string[] | undefined) ?? [];
    const fields = names.map((n) => `"${where(part, unknown.instancePath)}.${n}"`);
    return `unknown field ${fields.join(', ')}`;
  }
  const first = issues.find((e) => e.keyword !== 'boolean') ?? issues[0];
  if (!first) return `${part} is not valid`;
  const field = where(part, first.instancePath);
  if (first.keyword === 'required') {
    const missing = (first.params['requiredProperties'] as string[] | undefined) ?? [];
    const fields = missing.map((n) => `${field}.${n}`);
    return `${fields.join(', ')} ${fields.length > 1 ? 'are' : 'is'} required`;
  }
  const allowed = issues
    .filter((e) => e.instancePath === first.instancePath)
    .flatMap((e) => {
      if (e.keyword === 'enum') return (e.params['allowedValues'] as unknown[] | undefined) ?? [];
      return e.keyword === 'const' ? [e.params['allowedValue']] : [];
    })
    .map((value) => JSON.stringify(value));
  if (allowed.length > 0) return `${field} must be one of ${allowed.join(', ')}`;
  return `${field} ${first.message ?? 'is not valid'}`;
}

/** Fastify's hook for the message of a validation error: one sentence, see describeValidation. */
export function schemaErrorFormatter(
  errors: FastifySchemaValidationError[],
  dataVar: string,
): Error {
  return new Error(describeValidation(errors, dataVar));
}
