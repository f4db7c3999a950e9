import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import ms from 'ms';
import { createEnrollmentToken } from '../enrollment/enrollment-tokens.js';
import { addConfigFlags, configFrom } from './config-flags.js';
import { findOrg } from './find-org.js';
import { printResult } from './output.js';
import { withDatabase } from './with-database.js';

interface TokenOptions extends Record<string, unknown> {
  org: string;
  expires?: number;
  maxUses?: number;
  tags?: string[];
  note?: string;
  json?: boolean;
}

/** "7d", "12h", "30m" → whole seconds. */
function parseDurationSeconds(text: string): number {
  const value = ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`"${text}" is not a duration (use e.g. 30m, 24h, 7d).`);
  }
  return Math.round(value / 1000);
}

function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`"${text}" is not a whole number of 1 or more.`);
  }
  return value;
}

function parseTagList(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** A token agents enrol with; printed once, only its hash is stored. */
export function registerCreateEnrollmentToken(program: Command): void {
  const command = program
    .command('create-enrollment-token')
    .description('create a token that lets agents join an org (printed once)')
    .requiredOption('--org <id|name>', 'the org')
    .option(
      '--expires <duration>',
      'how long it stays valid, e.g. 24h, 7d (default 7d)',
      parseDurationSeconds,
    )
    .option(
      '--max-uses <n>',
      'how many machines may enrol with it (default unlimited)',
      parsePositiveInteger,
    )
    .option('--tags <a,b>', 'tags given to machines enrolled with it', parseTagList)
    .option('--note <text>', 'what the token is for')
    .option('--json', 'print one JSON object');
  // The public URL too: the command prints what agents should connect to.
  addConfigFlags(command, ['dataDir', 'publicUrl', 'port']).action(
    async (options: TokenOptions) => {
      const config = configFrom(options);
      const { org, token, info } = await withDatabase(config, async ({ db }) => {
        const org = await findOrg(db, options.org);
        const created = await createEnrollmentToken(
          db,
          {
            orgId: org.id,
            createdBy: null,
            ...(options.note === undefined ? {} : { note: options.note }),
            ...(options.expires === undefined ? {} : { expiresInSeconds: options.expires }),
            ...(options.maxUses === undefined ? {} : { maxUses: options.maxUses }),
            ...(options.tags === undefined ? {} : { tags: options.tags }),
          },
          Date.now(),
        );
        return { org, ...created };
      });
      printResult(
        options.json === true,
        { token, serverUrl: config.publicUrl, orgId: org.id, info },
        [
          `Enrolment token for org "${org.name}" (shown once):`,
          token,
          `Valid until ${new Date(info.expiresAt).toISOString()}${info.maxUses === null ? '' : `, for ${info.maxUses} machine(s)`}.`,
          `Server: ${config.publicUrl}`,
        ],
      );
    },
  );
}
