import type { ActionType } from '../../shared/protocol/action-constants.js';

/** Checks with the shared TypeBox schemas; each answers a sentence, or undefined when valid. */
export interface ActionChecks {
  envelope(raw: unknown): string | undefined;
  params(type: ActionType, params: unknown): string | undefined;
}

interface Validator {
  Check(value: unknown): boolean;
  Errors(
    value: unknown,
  ): Array<{ keyword: string; instancePath: string; message: string; params: unknown }>;
}

let loading: Promise<ActionChecks> | undefined;

/**
 * The schemas and their compiled checks are loaded when the first action arrives, not when the
 * agent starts: most agents receive an action rarely, and their resident memory is watched.
 */
export function loadActionChecks(): Promise<ActionChecks> {
  loading ??= (async () => {
    const [{ Compile }, schemas] = await Promise.all([
      import('typebox/compile'),
      import('../../shared/protocol/action-schemas.js'),
    ]);
    const envelope = Compile(schemas.ActionEnvelopeSchema) as unknown as Validator;
    const params = Object.fromEntries(
      Object.entries(schemas.ActionParamsSchemas).map(([type, schema]) => [
        type,
        Compile(schema) as unknown as Validator,
      ]),
    ) as Record<ActionType, Validator>;
    return {
      envelope: (raw) => describe(envelope, raw, 'action'),
      params: (type, value) => describe(params[type], value, 'params'),
    };
  })();
  return loading;
}

/** The first problem as one sentence: `params.snooze.maxCount must be <= 10`. */
function describe(validator: Validator, value: unknown, root: string): string | undefined {
  if (validator.Check(value)) return undefined;
  const errors = validator.Errors(value);
  const unknown = errors.find((error) => error.keyword === 'additionalProperties');
  const where = (path: string) => [root, ...path.split('/').filter(Boolean)].join('.');
  if (unknown) {
    const names =
      (unknown.params as { additionalProperties?: string[] }).additionalProperties ?? [];
    return `${where(unknown.instancePath)} has unknown field(s) ${names.map((n) => `"${n}"`).join(', ')}`;
  }
  const first = errors.find((error) => error.keyword !== 'boolean') ?? errors[0];
  return first ? `${where(first.instancePath)} ${first.message}` : `${root} is not valid`;
}
