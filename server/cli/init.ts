import type { Command } from 'commander';
import { createOrgWithOwner } from '../orgs/create-org-with-owner.js';
import { addConfigFlags, configFrom } from './config-flags.js';
import { printResult } from './output.js';
import { generatePassword } from './passwords.js';
import { withDatabase } from './with-database.js';

interface InitOptions extends Record<string, unknown> {
  org: string;
  email: string;
  password?: string;
  name?: string;
  json?: boolean;
}

/** The first org and its owner, without the browser setup page (scripts, launchers). */
export function registerInit(program: Command): void {
  const command = program
    .command('init')
    .description('create an org and its owner (prints a generated password if none is given)')
    .requiredOption('--org <name>', "the org's name")
    .requiredOption('--email <email>', "the owner's email (their login)")
    .option('--password <password>', "the owner's password (at least 10 characters)")
    .option('--name <name>', "the owner's display name")
    .option('--json', 'print one JSON object');
  addConfigFlags(command, ['dataDir']).action(async (options: InitOptions) => {
    const config = configFrom(options);
    const password = options.password ?? generatePassword();
    const { orgId, userId } = await withDatabase(config, ({ db }) =>
      createOrgWithOwner(db, {
        orgName: options.org,
        email: options.email,
        password,
        ...(options.name === undefined ? {} : { name: options.name }),
      }),
    );
    const generated = options.password === undefined;
    printResult(
      options.json === true,
      {
        orgId,
        orgName: options.org.trim(),
        userId,
        email: options.email.trim().toLowerCase(),
        role: 'owner',
        ...(generated ? { password } : {}),
      },
      [
        `Created org "${options.org.trim()}" (${orgId}) with owner ${options.email.trim()}.`,
        ...(generated ? [`Password (shown once, change it after logging in): ${password}`] : []),
        `Log in at ${config.publicUrl}`,
      ],
    );
  });
}
