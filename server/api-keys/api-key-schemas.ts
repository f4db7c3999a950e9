import { Type } from 'typebox';
import { RoleSchema } from '../auth/auth-schemas.js';

const ApiKeyInfoSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart.' }),
  role: RoleSchema,
  createdAt: Type.Integer(),
  lastUsedAt: Type.Union([Type.Integer(), Type.Null()]),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
});

export const ApiKeyListSchema = Type.Object({ keys: Type.Array(ApiKeyInfoSchema) });

export const CreatedApiKeySchema = Type.Object({
  ...ApiKeyInfoSchema.properties,
  key: Type.String({ description: 'The key itself: shown this once, stored only as a hash.' }),
});

export const CreateApiKeyRequestSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), role: RoleSchema },
  { additionalProperties: false },
);
