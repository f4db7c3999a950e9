import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Role } from '../../src/shared/fleet-api.js';
import { ROLES } from '../../src/shared/fleet-api.js';
import { assertStrongPassword, hashPassword } from '../auth/passwords.js';
import { ApiError } from '../http/api-error.js';
import {
  addMembership,
  findUserByEmail,
  insertUser,
  normalizeEmail,
} from '../users/users-store.js';
import { CliError } from '../../src/shared/cli-error.js';
import { addConfigFlags, configFrom } from './config-flags.js';
import { findOrg } from './find-org.js';
import { printResult } from './output.js';
import { generatePassword } from './passwords.js';
import { withDatabase } from './with-database.js';

interface CreateUserOptions extends Record<string, unknown> {
  org: string;
  email: string;
  role: Role;
  password?: string;
  name?: string;
  json?: boolean;
}

function parseRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) {
    throw new InvalidArgumentError(`"${text}" is not a role (${ROLES.join(', ')}).`);
  }
  return text as Role;
}

/**
 * A user in an org. Someone who already has an account (in another org) is added with the
 * role and keeps their password; someone already in this org is refused.
 */
export function registerCreateUser(program: Command): void {
  const command = program
    .command('create-user')
    .description(
      'add a user to an org (prints a generated password for a new user if none is given)',
    )
    .requiredOption('--org <id|name>', 'the org')
    .requiredOption('--email <email>', "the user's email (their login)")
    .requiredOption('--role <role>', ROLES.join(' | '), parseRole)
    .option('--password <password>', 'for a new user (at least 10 characters)')
    .option('--name <name>', "the user's display name")
    .option('--json', 'print one JSON object');
  addConfigFlags(command, ['dataDir']).action(async (options: CreateUserOptions) => {
    const config = configFrom(options);
    if (options.password !== undefined) assertStrongPassword(options.password);
    const email = normalizeEmail(options.email);
    const result = await withDatabase(config, async ({ db }) => {
      const org = await findOrg(db, options.org);
      const existing = await findUserByEmail(db, email);
      if (existing && options.password !== undefined) {
        throw new CliError(
          `${email} already has an account; their password is not changed from here`,
          2,
        );
      }
      const password = existing ? undefined : (options.password ?? generatePassword());
      // Hash before the transaction: scrypt is slow and the database need not wait for it.
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      const now = Date.now();
      const userId = await db.transaction().execute(async (tx) => {
        const user = await findUserByEmail(tx, email);
        if (!user && passwordHash === undefined) {
          throw new CliError(`${email} was removed meanwhile; run the command again`, 1);
        }
        const id =
          user?.id ??
          (await insertUser(
            tx,
            { email, name: options.name?.trim() ?? '', passwordHash: passwordHash ?? '' },
            now,
          ));
        const member = await tx
          .selectFrom('memberships')
          .select('role')
          .where('org_id', '=', org.id)
          .where('user_id', '=', id)
          .executeTakeFirst();
        if (member) throw new ApiError('E_EMAIL_TAKEN', `${email} is already in org "${org.name}"`);
        await addMembership(tx, { orgId: org.id, userId: id, role: options.role }, now);
        return id;
      });
      return { org, userId, isNewUser: !existing, password };
    });
    const generated = result.isNewUser && options.password === undefined;
    printResult(
      options.json === true,
      {
        orgId: result.org.id,
        userId: result.userId,
        email,
        role: options.role,
        isNewUser: result.isNewUser,
        ...(generated ? { password: result.password } : {}),
      },
      [
        `${result.isNewUser ? 'Created' : 'Added'} ${email} as ${options.role} in org "${result.org.name}".`,
        ...(generated
          ? [`Password (shown once, change it after logging in): ${result.password}`]
          : []),
      ],
    );
  });
}
