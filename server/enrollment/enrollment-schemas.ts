import { Type } from 'typebox';
import { MAX_TAGS, MAX_TAG_LENGTH } from '../machines/tags.js';
import { MAX_EXPIRY_SECONDS, MAX_NOTE_LENGTH, MAX_USES_LIMIT } from './enrollment-tokens.js';

const EnrollmentTokenInfoSchema = Type.Object({
  id: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  note: Type.String(),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
  maxUses: Type.Union([Type.Integer(), Type.Null()]),
  uses: Type.Integer(),
  tags: Type.Array(Type.String()),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
  state: Type.Union([
    Type.Literal('active'),
    Type.Literal('expired'),
    Type.Literal('revoked'),
    Type.Literal('used-up'),
  ]),
});

export const EnrollmentTokenListSchema = Type.Object({
  tokens: Type.Array(EnrollmentTokenInfoSchema),
});

export const CreatedEnrollmentTokenSchema = Type.Object({
  ...EnrollmentTokenInfoSchema.properties,
  token: Type.String({ description: 'The token itself: shown this once, stored only as a hash.' }),
  serverUrl: Type.String({ description: 'The address agents should enrol with.' }),
});

export const CreateEnrollmentTokenRequestSchema = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_EXPIRY_SECONDS })),
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_USES_LIMIT })),
    tags: Type.Optional(
      Type.Array(Type.String({ maxLength: MAX_TAG_LENGTH + 20 }), { maxItems: MAX_TAGS }),
    ),
  },
  { additionalProperties: false },
);

export const EnrollmentTokenParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
});
