import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const validators = new WeakMap<TSchema, Validator>();

/** Compiled once per schema: cheaper to check, and lighter to load than the Value module. */
function compiled(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/** `/retention/rawHours` → `retention.rawHours`. */
function toDotted(instancePath: string): string {
  return instancePath.replace(/^\//, '').replaceAll('/', '.');
}

/**
 * The first problem with `value` as one plain sentence, or undefined when it is valid.
 * Unknown keys are named, and unions of literals list the values they allow, because
 * "must match a schema in anyOf" helps nobody fix a config file.
 */
export function describeProblem(schema: TSchema, value: unknown): string | undefined {
  const validator = compiled(schema);
  if (validator.Check(value)) return undefined;
  const errors = validator.Errors(value);
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    const names =
      (unknown.params as { additionalProperties?: string[] }).additionalProperties ?? [];
    const where = toDotted(unknown.instancePath);
    const qualified = names.map((name) => (where ? `${where}.${name}` : name));
    return `unknown setting ${qualified.map((n) => `"${n}"`).join(', ')}`;
  }
  const first = errors.find((e) => e.keyword !== 'boolean') ?? errors[0];
  if (!first) return 'is not valid';
  const path = toDotted(first.instancePath) || 'value';
  const allowed = errors
    .filter((e) => e.instancePath === first.instancePath)
    .flatMap((e) => {
      const params = e.params as { allowedValue?: unknown; allowedValues?: unknown[] };
      if (e.keyword === 'enum') return params.allowedValues ?? [];
      return e.keyword === 'const' ? [params.allowedValue] : [];
    })
    .map((value) => JSON.stringify(value));
  if (allowed.length > 0) return `${path} must be one of ${allowed.join(', ')}`;
  return `${path} ${first.message}`;
}
