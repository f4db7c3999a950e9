import type { FastifyInstance } from 'fastify';
import type { FastifySchemaCompiler } from 'fastify';
import { Type } from 'typebox';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { describeProblem } from '../../shared/validation.js';
import { LANGUAGES } from '../../shared/i18n.js';
import type { Settings } from '../../shared/local-api.js';
import { METRICS } from '../../shared/metrics.js';
import { LocalApiError } from './errors.js';
import type { LocalApiDeps } from './types.js';

/** A partial Settings. */
export const SettingsPatchSchema = Type.Object(
  {
    language: Type.Optional(Type.Union([Type.Enum(LANGUAGES), Type.Null()])),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    visibleMetrics: Type.Optional(
      Type.Array(Type.Enum(Object.values(METRICS)), { maxItems: 50, uniqueItems: true }),
    ),
    autostart: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  },
  { additionalProperties: false },
);

/**
 * Bodies are checked as sent, without the type coercion query strings need (which would turn
 * `"visibleMetrics": "cpu"` into a list and `null` into false), with the config's own wording.
 */
export const strictBody: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const validator = Compile(schema);
  return (data: unknown) =>
    validator.Check(data)
      ? { value: data }
      : {
          error: new LocalApiError(
            'E_BAD_REQUEST',
            (describeProblem(schema, data) ?? 'is not valid').replace(/^value /, 'the body '),
          ),
        };
};

export function registerSettingsRoutes(app: FastifyInstance, deps: LocalApiDeps): void {
  app.get('/api/settings', async () => deps.settings.read());

  const options = { schema: { body: SettingsPatchSchema }, validatorCompiler: strictBody };
  app.put('/api/settings', options, async (request) => {
    const result = await deps.settings.update(request.body as Partial<Settings>);
    if (!result.ok) throw new LocalApiError(result.error.code, result.error.message);
    return result.value;
  });
}
