import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../../dist/server/cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let root: string;
let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dashfleet-server-cli-'));
  dataDir = join(root, 'data');
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

/** A clean environment: no DASHFLEET_* from the machine running the tests. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('DASHFLEET_')),
  );
  return { ...clean, DASHFLEET_DATA_DIR: dataDir, ...extra };
}

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: env(extraEnv) }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function oneJson(result: Run): Record<string, unknown> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

function oneLine(result: Run): string {
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

it('is built', () => {
  expect(existsSync(CLI), 'run npm run build first').toBe(true);
});

describe('bad arguments and configuration', () => {
  it.each([
    [
      ['start'],
      { DASHFLEET_PORT: 'abc' },
      /^dashfleet-server: DASHFLEET_PORT: "abc" is not a whole number$/,
    ],
    [['start', '--port', '99999'], {}, /^dashfleet-server: --port: must be/],
    [
      ['start'],
      { DASHFLEET_ONLINE_SECONDS: '900' },
      /DASHFLEET_ONLINE_SECONDS \(900\) must be less than/,
    ],
    [['start'], { DASHFLEET_OFFLINE_SECONDS: '300', FLEET_TTL_SECONDS: '120' }, /disagree/],
    [['start', '--public-url', 'fleet.local'], {}, /--public-url: .*http/],
    [['start', '--bogus'], {}, /unknown option '--bogus'/],
    [['init', '--org', 'Acme'], {}, /required option '--email <email>'/],
    [
      ['create-user', '--org', 'x', '--email', 'a@b.c', '--role', 'king'],
      {},
      /"king" is not a role/,
    ],
    [
      ['init', '--org', 'Acme', '--email', 'a@b.c', '--password', 'short'],
      {},
      /at least 10 characters/,
    ],
  ])('%j %j exits 2 with one line', async (args, extraEnv, message) => {
    const result = await run(args, extraEnv);
    expect(result.code).toBe(2);
    expect(oneLine(result)).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

describe('init and create-user', () => {
  it('creates an org and owner, prints one JSON object with a generated password', async () => {
    const created = oneJson(
      await run(['init', '--org', 'Acme', '--email', 'Boss@Acme.test', '--json']),
    );
    expect(created).toMatchObject({ orgName: 'Acme', email: 'boss@acme.test', role: 'owner' });
    expect(created['password']).toMatch(/^[\w-]{24}$/);
    expect((await stat(join(dataDir, 'server.db'))).mode & 0o777).toBe(0o600);

    const again = await run([
      'init',
      '--org',
      'Other',
      '--email',
      'boss@acme.test',
      '--password',
      'long enough pw',
    ]);
    expect(again.code).toBe(1);
    expect(oneLine(again)).toMatch(/already exists/);
  });

  it('keeps a given password out of the output', async () => {
    const created = oneJson(
      await run([
        'init',
        '--org',
        'Acme',
        '--email',
        'a@acme.test',
        '--password',
        'correct horse',
        '--name',
        'Ann',
        '--json',
      ]),
    );
    expect(created['password']).toBeUndefined();
    expect(JSON.stringify(created)).not.toContain('correct horse');
  });

  it('adds users by org name or id, and refuses one already in the org', async () => {
    const org = oneJson(await run(['init', '--org', 'Acme', '--email', 'o@acme.test', '--json']));
    const viewer = oneJson(
      await run([
        'create-user',
        '--org',
        'Acme',
        '--email',
        'v@acme.test',
        '--role',
        'viewer',
        '--json',
      ]),
    );
    expect(viewer).toMatchObject({ orgId: org['orgId'], role: 'viewer', isNewUser: true });
    expect(typeof viewer['password']).toBe('string');

    const second = oneJson(
      await run(['init', '--org', 'Beta', '--email', 'b@beta.test', '--json']),
    );
    const joined = oneJson(
      await run([
        'create-user',
        '--org',
        String(second['orgId']),
        '--email',
        'v@acme.test',
        '--role',
        'admin',
        '--json',
      ]),
    );
    expect(joined).toMatchObject({ orgId: second['orgId'], role: 'admin', isNewUser: false });
    expect(joined['password']).toBeUndefined();

    const twice = await run([
      'create-user',
      '--org',
      'Acme',
      '--email',
      'v@acme.test',
      '--role',
      'admin',
    ]);
    expect(twice.code).toBe(1);
    expect(oneLine(twice)).toMatch(/already in org "Acme"/);

    const nowhere = await run([
      'create-user',
      '--org',
      'Nope',
      '--email',
      'x@acme.test',
      '--role',
      'viewer',
    ]);
    expect(nowhere.code).toBe(2);
    expect(oneLine(nowhere)).toMatch(/no org with id or name "Nope"/);
  });

  it('creates an enrolment token', async () => {
    oneJson(await run(['init', '--org', 'Acme', '--email', 'o@acme.test', '--json']));
    const created = oneJson(
      await run([
        'create-enrollment-token',
        '--org',
        'Acme',
        '--expires',
        '2d',
        '--max-uses',
        '3',
        '--tags',
        'lab, floor-2',
        '--json',
      ]),
    );
    expect(created['token']).toMatch(/^dfe_/);
    expect(created['info']).toMatchObject({
      maxUses: 3,
      tags: ['lab', 'floor-2'],
      state: 'active',
    });
    const info = created['info'] as { createdAt: number; expiresAt: number };
    expect(info.expiresAt - info.createdAt).toBe(2 * 86_400_000);
  });
});

describe('backup', () => {
  it('copies the database while the server runs; refuses to overwrite without --force', async () => {
    oneJson(await run(['init', '--org', 'Acme', '--email', 'o@acme.test', '--json']));
    const server = spawn(process.execPath, [CLI, 'start', '--port', '0'], { env: env() });
    children.push(server);
    const url = await new Promise<string>((found, fail) => {
      const lines = createInterface({ input: server.stdout! });
      lines.on('line', (line) => {
        const match = /server: listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1]) found(match[1]);
      });
      server.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const target = join(root, 'copy.db');
    const backup = oneJson(await run(['backup', '--out', target, '--json']));
    expect(backup).toMatchObject({ file: target });
    const copy = new SQLite(target, { readonly: true });
    expect(copy.prepare('select name from orgs').pluck().all()).toEqual(['Acme']);
    copy.close();

    const refused = await run(['backup', '--out', target]);
    expect(refused.code).toBe(1);
    expect(oneLine(refused)).toMatch(/already exists \(add --force/);
    oneJson(await run(['backup', '--out', target, '--force', '--json']));

    const exited = new Promise<number | null>((done) => server.once('exit', done));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('start on a server nobody can log in to yet', () => {
  it('prints a one-time setup link that opens the setup page; none once an owner exists', async () => {
    const server = spawn(process.execPath, [CLI, 'start', '--port', '0'], { env: env() });
    children.push(server);
    let stdout = '';
    const link = await new Promise<string>((found, fail) => {
      const lines = createInterface({ input: server.stdout! });
      lines.on('line', (line) => {
        stdout += `${line}\n`;
        const match = /^\s+(http:\/\/\S+\/setup#token=\S+)$/.exec(line);
        if (match?.[1]) found(match[1]);
      });
      server.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
    const listening = /server: listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    const token = new URL(link).hash.slice('#token='.length);
    expect(token.length).toBeGreaterThan(20);
    // The token in the link is the one the setup endpoint takes.
    const setup = await fetch(`${listening}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        setupToken: token,
        orgName: 'Acme',
        email: 'owner@acme.test',
        password: 'correct horse battery',
      }),
    });
    expect(setup.status).toBe(200);
    const exited = new Promise<number | null>((done) => server.once('exit', done));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);

    const again = spawn(process.execPath, [CLI, 'start', '--port', '0'], { env: env() });
    children.push(again);
    let output = '';
    await new Promise<void>((ready, fail) => {
      const lines = createInterface({ input: again.stdout! });
      lines.on('line', (line) => {
        output += `${line}\n`;
        if (line.includes('server: listening on')) ready();
      });
      again.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
    const stopped = new Promise<number | null>((done) => again.once('exit', done));
    again.kill('SIGTERM');
    expect(await stopped).toBe(0);
    expect(output).not.toContain('setup#token=');
  });
});
