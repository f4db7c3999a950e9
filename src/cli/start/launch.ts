import { join, resolve } from 'node:path';
import { SECOND_MS } from '../../shared/time.js';
import { readFirstOwner, writeFirstOwner } from './first-owner.js';
import type { FirstOwner } from './first-owner.js';
import { runCommand, runJsonCommand, startLongRunning, waitForHttp } from './processes.js';
import type { LongRunning } from './processes.js';

/** Where the built programs are, relative to this file once compiled (dist/src/cli/start). */
const DIST = resolve(import.meta.dirname, '../../..');
const SERVER_CLI = join(DIST, 'server/cli.js');
const AGENT_CLI = join(DIST, 'agent.mjs');
const NODE_FLAGS_FOR_AGENT = ['--no-opt', '--no-maglev'];

export interface LaunchOptions {
  port: number;
  serverDataDir: string;
  /** undefined: the agent's own default. */
  agentDataDir: string | undefined;
  orgName: string;
  ownerEmail: string;
  print: (line: string) => void;
}

export interface Launched {
  fleetUrl: string;
  dashboardUrl: string;
  owner: FirstOwner | undefined;
  stop(): Promise<void>;
  /** Resolves when either program ends by itself. */
  ended: Promise<string>;
}

interface TokenResult {
  token: string;
}

/**
 * `npm start`: the whole product on this PC in one command. The server runs with its
 * embedded SQLite, gets its first org and owner if it has none, this PC's agent enrols to it
 * with a single-use token, and both keep running until Ctrl+C. Each program is started as its
 * own process through its own CLI, exactly as an administrator would run it.
 */
export async function launch(options: LaunchOptions): Promise<Launched> {
  const { port, serverDataDir } = options;
  const fleetUrl = fleetUrlOf(port);
  const quiet = (): void => undefined;
  const server = startLongRunning(
    process.execPath,
    [
      SERVER_CLI,
      'start',
      '--port',
      String(port),
      '--public-url',
      fleetUrl,
      '--data-dir',
      serverDataDir,
    ],
    quiet,
  );
  try {
    return await startTheRest(server, options);
  } catch (error) {
    // Never leave a server behind that the user did not see start.
    server.child.kill('SIGTERM');
    await server.exited;
    throw error;
  }
}

async function startTheRest(server: LongRunning, options: LaunchOptions): Promise<Launched> {
  const { port, serverDataDir, print } = options;
  const fleetUrl = fleetUrlOf(port);
  const serverArgs = ['--data-dir', serverDataDir];
  const agentGlobal =
    options.agentDataDir === undefined ? [] : ['--data-dir', options.agentDataDir];
  const serverEnded = server.exited.then((code) => `the server stopped (exit code ${code})`);
  await Promise.race([
    waitForHttp(`${fleetUrl}/healthz`, 30 * SECOND_MS),
    serverEnded.then((why) => Promise.reject(new Error(`${why}; is port ${port} free?`))),
  ]);
  print(`server: running at ${fleetUrl} (data in ${serverDataDir})`);

  const owner = await ensureOwner(fleetUrl, serverDataDir, options);
  if (owner) {
    await enrolThisPc(fleetUrl, owner.orgId, serverArgs, agentGlobal, print);
  } else {
    print(
      'agent: not enrolled automatically (the first account was made on the setup page); ' +
        `use "Add a machine" on ${fleetUrl}`,
    );
  }

  const agent: LongRunning = startLongRunning(
    process.execPath,
    [...NODE_FLAGS_FOR_AGENT, AGENT_CLI, ...agentGlobal, 'run'],
    // Its JSON log stays quiet; what it says in plain text (a refusal to start) is shown.
    (line) => {
      if (!line.startsWith('{')) print(line);
    },
  );
  const dashboardUrl = await agent.waitForLine(dashboardUrlIn);
  const agentEnded = agent.exited.then((code) => `the agent stopped (exit code ${code})`);

  return {
    fleetUrl,
    dashboardUrl,
    owner,
    ended: Promise.race([serverEnded, agentEnded]),
    async stop() {
      for (const running of [agent, server]) running.child.kill('SIGTERM');
      await Promise.all([agent.exited, server.exited]);
    },
  };
}

/**
 * Enrols this PC with a single-use token. Every start enrols again: enrolling the same
 * hardware id keeps the machine and its history, and it mends a link that no longer works
 * (a server whose data was reset).
 */
async function enrolThisPc(
  fleetUrl: string,
  orgId: string,
  serverArgs: string[],
  agentGlobal: string[],
  print: (line: string) => void,
): Promise<void> {
  const enrolment = await runJsonCommand<TokenResult>(process.execPath, [
    SERVER_CLI,
    'create-enrollment-token',
    '--org',
    orgId,
    '--expires',
    '10m',
    '--max-uses',
    '1',
    '--note',
    'npm start: this PC',
    '--json',
    ...serverArgs,
  ]);
  const enrolled = await runCommand(process.execPath, [
    ...NODE_FLAGS_FOR_AGENT,
    AGENT_CLI,
    ...agentGlobal,
    'enroll',
    '--server',
    fleetUrl,
    '--token',
    enrolment.token,
  ]);
  if (enrolled.code !== 0) throw new Error(`this PC could not enrol: ${enrolled.stderr.trim()}`);
  print(`agent: ${enrolled.stdout.trim()}`);
}

/** The first owner: created now on a server that has nobody, else what was created before. */
async function ensureOwner(
  fleetUrl: string,
  serverDataDir: string,
  options: LaunchOptions,
): Promise<FirstOwner | undefined> {
  const state = (await (await fetch(`${fleetUrl}/api/v1/setup`)).json()) as {
    isSetupNeeded: boolean;
  };
  if (!state.isSetupNeeded) return readFirstOwner(serverDataDir);
  const created = await runJsonCommand<FirstOwner>(process.execPath, [
    SERVER_CLI,
    'init',
    '--org',
    options.orgName,
    '--email',
    options.ownerEmail,
    '--json',
    '--data-dir',
    serverDataDir,
  ]);
  const owner: FirstOwner = {
    orgId: created.orgId,
    orgName: created.orgName,
    email: created.email,
    password: created.password,
  };
  writeFirstOwner(serverDataDir, owner);
  return owner;
}

const fleetUrlOf = (port: number): string => `http://localhost:${port}`;

/** The agent logs JSON lines; the one whose message starts "dashboard: " carries the URL. */
function dashboardUrlIn(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown };
    if (typeof entry.msg !== 'string' || !entry.msg.startsWith('dashboard: http')) return undefined;
    return entry.msg.slice('dashboard: '.length);
  } catch {
    return undefined;
  }
}
