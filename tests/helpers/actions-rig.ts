import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HARDWARE_ID_ENV } from '../../src/agent/collect/hardware-id.js';
import type { ActionDetail, CreatedActions } from '../../src/shared/actions-api.js';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import type { CreatedApiKey, MachineList, Me } from '../../src/shared/fleet-api.js';
import type { RunningAgent } from './agent-process.js';
import { runAgentCli, startAgent, tempDataDir } from './agent-process.js';
import type { DesktopSession } from './desktop-session.js';
import { startDesktopSession } from './desktop-session.js';
import { freePort, serverCliJson, startServerProcess, stopChild } from './server-process.js';
import type { ServerProcess } from './server-process.js';

export interface Owner {
  org: string;
  email: string;
  password: string;
}

/** The fleet API as an operator's script uses it: Bearer API key, JSON in and out. */
export interface FleetClient {
  /** The operator's API key the client sends. */
  apiKey: string;
  /** The answer's status and parsed body, whatever the status. */
  call(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown }>;
  /** GET, or POST when a body is given; throws on anything but 2xx. */
  json<T>(path: string, body?: unknown): Promise<T>;
  /** Creates one action per machine; returns the ids in the order of `machineIds`. */
  send(machineIds: string[], request: Record<string, unknown>): Promise<string[]>;
  detail(actionId: string): Promise<ActionDetail>;
  /** `status/stage` of an action, as the fleet page would show it. */
  stage(actionId: string): Promise<string>;
}

export function fleetClient(serverUrl: string, apiKey: string): FleetClient {
  async function call(path: string, init: { method?: string; body?: unknown } = {}) {
    const hasBody = init.body !== undefined;
    const response = await fetch(`${serverUrl}${path}`, {
      method: init.method ?? (hasBody ? 'POST' : 'GET'),
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(hasBody
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body };
  }
  async function json<T>(path: string, body?: unknown): Promise<T> {
    const answer = await call(path, body === undefined ? {} : { body });
    if (answer.status >= 300)
      throw new Error(`${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }
  const detail = (id: string) => json<ActionDetail>(FLEET_API.action(id));
  return {
    apiKey,
    call,
    json,
    detail,
    async send(machineIds, request) {
      const created = await json<CreatedActions>(FLEET_API.actions, {
        target: { machineIds },
        ...request,
      });
      return machineIds.map((machineId) => {
        const action = created.actions.find((a) => a.machineId === machineId);
        if (!action) throw new Error(`no action was created for ${machineId}`);
        return action.id;
      });
    },
    async stage(id) {
      const { status, stage } = await detail(id);
      return `${status}/${stage ?? ''}`;
    },
  };
}

/** Signs the owner in and mints an API key with `role`, as an IT admin would on the admin page. */
export async function mintApiKey(
  serverUrl: string,
  owner: Owner,
  role = 'operator',
): Promise<string> {
  const login = await fetch(`${serverUrl}${FLEET_API.login}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: owner.email, password: owner.password }),
  });
  if (login.status !== 200) throw new Error(`login: HTTP ${login.status}`);
  const me = (await login.json()) as Me;
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const minted = await fetch(`${serverUrl}${FLEET_API.apiKeys}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({ name: `${role} script`, role }),
  });
  if (minted.status >= 300)
    throw new Error(`api key: HTTP ${minted.status} ${await minted.text()}`);
  return ((await minted.json()) as CreatedApiKey).key;
}

/** One enrolled agent on this host, with its own data dir and hardware id. */
export interface RigAgent {
  name: string;
  dataDir: string;
  machineId: string;
  /** The running process, or undefined while stopped. */
  process: RunningAgent | undefined;
  /** This launch's dashboard link (with its one-launch secret). */
  dashboardUrl: string;
  /** Starts `dashfleet-agent run` (dry-run actions, on the rig's desktop) and waits for its dashboard. */
  start(): Promise<RunningAgent>;
  stop(): Promise<void>;
}

export interface ActionsRig {
  server: ServerProcess;
  /** Stops the server (SIGTERM, graceful) and starts it again on the same port and data. */
  restartServer(): Promise<void>;
  serverUrl: string;
  serverDir: string;
  desktop: DesktopSession;
  fleet: FleetClient;
  agents: RigAgent[];
  stop(): Promise<void>;
}

const isDashboardLine = (line: Record<string, unknown>): boolean =>
  /^dashboard: http/.test(String(line.msg));

/**
 * A real server process with one org, real agent processes enrolled to it through the real
 * protocol, their notifications going to a real desktop session (Xvfb, D-Bus, dunst), their
 * actions in dry-run mode: everything runs for real except the OS commands, which are logged.
 */
export async function startActionsRig(options: {
  owner: Owner;
  agents: readonly string[];
  /** Extra `dashfleet-server start` flags. */
  serverFlags?: string[];
}): Promise<ActionsRig> {
  const { owner } = options;
  const serverDir = mkdtempSync(join(tmpdir(), 'dashfleet-server-'));
  const dirs = [serverDir];
  const cleanUps: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    serverCliJson([
      'init',
      '--org',
      owner.org,
      '--email',
      owner.email,
      '--password',
      owner.password,
      '--data-dir',
      serverDir,
    ]);
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    const flags = [
      '--public-url',
      serverUrl,
      '--log-level',
      'warn',
      ...(options.serverFlags ?? []),
    ];
    let server = await startServerProcess(port, serverDir, flags);
    cleanUps.push(() => server.stop());
    const desktop = await startDesktopSession();
    cleanUps.push(() => desktop.stop());
    const fleet = fleetClient(serverUrl, await mintApiKey(serverUrl, owner));

    const agents: RigAgent[] = [];
    for (const name of options.agents) {
      const dataDir = tempDataDir();
      dirs.push(dataDir);
      const hardwareId = `e2e-actions-${name}`;
      const token = serverCliJson([
        'create-enrollment-token',
        '--org',
        owner.org,
        '--tags',
        name,
        '--data-dir',
        serverDir,
      ]);
      const enrolled = runAgentCli(
        ['--data-dir', dataDir, 'enroll', '--server', serverUrl, '--token', String(token.token)],
        { [HARDWARE_ID_ENV]: hardwareId },
      );
      if (enrolled.code !== 0) throw new Error(`enrol ${name}: ${enrolled.stderr}`);
      const machines = await fleet.json<MachineList>(FLEET_API.machines);
      const machineId = machines.machines.find((m) => m.tags.includes(name))?.id;
      if (!machineId) throw new Error(`${name} is not on the server after enrolling`);
      const agent: RigAgent = {
        name,
        dataDir,
        machineId,
        process: undefined,
        dashboardUrl: '',
        async start() {
          const running = startAgent(['--data-dir', dataDir, '--interval', '1'], {
            ...desktop.env,
            [HARDWARE_ID_ENV]: hardwareId,
            DASHFLEET_ACTIONS_DRY_RUN: '1',
          });
          agent.process = running;
          await running.waitForLog(isDashboardLine);
          agent.dashboardUrl = String(running.logs.find(isDashboardLine)?.msg).slice(
            'dashboard: '.length,
          );
          return running;
        },
        async stop() {
          const running = agent.process;
          agent.process = undefined;
          if (running) await stopChild(running.child, 'SIGTERM');
        },
      };
      agents.push(agent);
      cleanUps.push(() => agent.stop());
    }
    const rig: ActionsRig = {
      server,
      async restartServer() {
        await server.stop();
        server = await startServerProcess(port, serverDir, flags);
        rig.server = server;
      },
      serverUrl,
      serverDir,
      desktop,
      fleet,
      agents,
      stop,
    };
    return rig;
  } catch (error) {
    await stop();
    throw error;
  }
}
