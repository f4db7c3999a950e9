import { Type } from 'typebox';
import { EmailSchema, PasswordSchema, RoleSchema } from '../auth/auth-schemas.js';

export const OrgUserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  createdAt: Type.Integer({ description: 'When the user joined this org, epoch ms.' }),
});

export const UserListSchema = Type.Object({ users: Type.Array(OrgUserSchema) });

export const CreateUserRequestSchema = Type.Object(
  {
    email: EmailSchema,
    name: Type.Optional(Type.String({ maxLength: 100 })),
    role: RoleSchema,
    password: PasswordSchema,
  },
  { additionalProperties: false },
);

export const UpdateUserRequestSchema = Type.Object(
  { role: RoleSchema },
  { additionalProperties: false },
);
