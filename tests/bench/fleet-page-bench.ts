/**
 * Fleet page benchmark: a real server with 10,000 machines enrolled and reporting through the
 * agent protocol, and the built page in headless Chromium, signed in. Prints the median time
 * from navigation start to the first table rows (the page's `fleet-first-rows` mark) and from
 * typing in the search box to the rows being updated, next to a baseline measured in the same
 * browser in the same run: the same machines fetched and drawn as a plain HTML table (all
 * rows, by innerHTML), and filtered by rebuilding it. Loopback only; stops by itself.
 * Run with `npm run bench:fleet-page`.
 */
import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { FLEET_API } from '../../src/shared/fleet-api.js';
import { launchBrowser } from '../helpers/browser.js';
import { createEnrollmentTokenOverHttp, mapBounded, seedMachine } from '../helpers/fleet-seed.js';
import type { PostJson } from '../helpers/fleet-seed.js';
import { createOrgWithUser, login } from '../server/helpers/test-auth.js';
import { startTestServer } from '../server/helpers/test-server.js';

const MACHINES = 10_000;
const CONCURRENCY = 32;
const RUNS = 5;
/** Enrolment is rate limited per address; agents in an office each have their own. */
const ENROLLS_PER_ADDRESS = 50;
const DEADLINE_MS = 15 * 60_000;
const SEARCH = 'pc-0999';
const EXPECTED_MATCHES = 10;

const fmt = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/** A POST from a given loopback address (127.0.x.y is all loopback on Linux). */
function postFrom(localAddress: string): PostJson {
  return <T>(url: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<T>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        url,
        {
          method: 'POST',
          localAddress,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 0) >= 300)
              reject(new Error(`POST ${url}: ${res.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

const addressFor = (index: number): string => {
  const block = Math.floor(index / ENROLLS_PER_ADDRESS) + 1;
  return `127.0.${Math.floor(block / 250) + 1}.${(block % 250) + 1}`;
};

/**
 * What runs in the page, as source text: this file is compiled for Node (no DOM types), and
 * Playwright evaluates a string in the browser just the same.
 */
const TYPE_AND_WAIT = `({ search, expected }) => new Promise((resolve) => {
  const table = document.querySelector('.machine-table');
  const input = document.querySelector('input[type="search"]');
  if (!table || !input) return resolve(NaN);
  const started = performance.now();
  const observer = new MutationObserver(() => {
    const rows = document.querySelectorAll('.mt-body [role="row"]').length;
    if (table.getAttribute('data-rows') === String(expected) && rows === expected) {
      observer.disconnect();
      resolve(performance.now() - started);
    }
  });
  observer.observe(table, { subtree: true, childList: true, attributes: true });
  input.value = search;
  input.dispatchEvent(new Event('input', { bubbles: true }));
})`;

const PLAIN_TABLE = `async ({ path, search }) => {
  const started = performance.now();
  const list = await (await fetch(path)).json();
  const table = document.createElement('table');
  document.body.replaceChildren(table);
  const draw = (machines) => {
    table.innerHTML = machines
      .map((m) => '<tr><td>' + m.status + '</td><td>' + m.hostname + '</td><td>' +
        (m.cpuPercent ?? '') + '</td><td>' + (m.memoryPercent ?? '') + '</td><td>' +
        m.os.distro + '</td><td>' + m.tags.join(' ') + '</td></tr>')
      .join('');
    void table.offsetHeight;
  };
  draw(list.machines);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const firstRows = performance.now() - started;
  const filterStarted = performance.now();
  draw(list.machines.filter((m) => m.hostname.toLowerCase().includes(search)));
  return { firstRows, filter: performance.now() - filterStarted };
}`;

const call = (fn: string, args: unknown): string => `(${fn})(${JSON.stringify(args)})`;

async function timePage(page: Page, url: string): Promise<{ firstRows: number; filter: number }> {
  await page.goto(`${url}/`);
  await page.locator('.mt-body [role="row"]').first().waitFor();
  const firstRows = await page.evaluate<number>(
    "performance.getEntriesByName('fleet-first-rows')[0]?.startTime ?? NaN",
  );
  const filter = await page.evaluate<number>(
    call(TYPE_AND_WAIT, { search: SEARCH, expected: EXPECTED_MATCHES }),
  );
  return { firstRows, filter };
}

/** The same list fetched and drawn as one plain table of every row, then filtered. */
async function timeBaseline(
  page: Page,
  url: string,
): Promise<{ firstRows: number; filter: number }> {
  await page.goto(`${url}/healthz`);
  return page.evaluate<{ firstRows: number; filter: number }>(
    call(PLAIN_TABLE, { path: FLEET_API.machines, search: SEARCH }),
  );
}

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    const owner = await createOrgWithUser(server.ctx, { role: 'owner', orgName: 'Bench' });
    const session = await login(server.url, owner.email, owner.password);
    const token = await createEnrollmentTokenOverHttp(server.url, session.headers(), {
      tags: ['bench'],
    });
    const now = Date.now();
    const seeding = performance.now();
    await mapBounded(
      Array.from({ length: MACHINES }, (_, i) => i),
      CONCURRENCY,
      (i) =>
        seedMachine(
          server.url,
          token.token,
          {
            hostname: `pc-${String(i).padStart(5, '0')}`,
            hardwareId: `bench-hw-${i}`,
            platform: (['linux', 'win32', 'darwin'] as const)[i % 3] ?? 'linux',
            health: i % 17 === 0 ? 'critical' : i % 5 === 0 ? 'warn' : 'ok',
            sampleTimes: [now - (i % 600) * 1000],
            withInventory: false,
          },
          postFrom(addressFor(i)),
        ),
    );
    console.log(
      `seeded ${MACHINES} machines through the protocol in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const browser = await launchBrowser();
    try {
      const [name, value] = session.cookie.split('=');
      await browser.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await timePage(page, server.url); // warm-up: caches, JIT
      await timeBaseline(page, server.url);
      const fleet = [];
      const baseline = [];
      for (let run = 0; run < RUNS; run++) {
        fleet.push(await timePage(page, server.url));
        baseline.push(await timeBaseline(page, server.url));
      }
      const first = median(fleet.map((r) => r.firstRows));
      const firstBase = median(baseline.map((r) => r.firstRows));
      const filter = median(fleet.map((r) => r.filter));
      const filterBase = median(baseline.map((r) => r.filter));
      console.log(
        `\nfleet page, ${MACHINES.toLocaleString('en-US')} machines, median of ${RUNS} runs`,
      );
      console.log(`  first rows (navigation start → rows visible): ${fmt(first)}`);
      console.log(
        `    baseline plain table (fetch + innerHTML of every row): ${fmt(firstBase)}  ratio ${(first / firstBase).toFixed(2)}`,
      );
      console.log(`  filter (type "${SEARCH}" → ${EXPECTED_MATCHES} rows shown): ${fmt(filter)}`);
      console.log(
        `    baseline plain table (filter + innerHTML): ${fmt(filterBase)}  ratio ${(filter / filterBase).toFixed(2)}`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

const deadline = setTimeout(() => {
  console.error(`fleet page bench: gave up after ${DEADLINE_MS / 60_000} minutes`);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
