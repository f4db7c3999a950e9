import { describe, expect, it } from 'vitest';
import { createExecRunner } from '../../../src/agent/actions/os/exec-runner.js';
import { runPlan } from '../../../src/agent/actions/os/run-plan.js';
import { boundOutput } from '../../../src/agent/actions/results.js';

const node = (script: string, ...args: string[]) => ({
  file: process.execPath,
  args: ['-e', script, ...args],
});

describe('exec runner (real child processes)', () => {
  const runner = createExecRunner();

  it('reports the exit status and both output streams', async () => {
    const outcome = await runner.run(
      node('console.log("out"); console.error("err"); process.exit(3)'),
    );

    expect(outcome).toEqual({ exitCode: 3, output: 'out\nerr', isTimedOut: false });
  });

  it('passes arguments as data, never through a shell', async () => {
    const hostile = ['; rm -rf /', '$(reboot)', '`id`', '"quoted" & <b>', "it's"];

    const outcome = await runner.run(
      node('console.log(JSON.stringify(process.argv.slice(1)))', ...hostile),
    );

    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.output)).toEqual(hostile);
  });

  it('kills a command past its timeout and says so', async () => {
    const outcome = await runner.run(node('setInterval(() => {}, 1000)'), { timeoutMs: 300 });

    expect(outcome).toMatchObject({ exitCode: null, isTimedOut: true });
  });

  it('kills a command when the agent stops, without calling it a timeout', async () => {
    const stopping = new AbortController();
    const running = runner.run(node('setInterval(() => {}, 1000)'), { signal: stopping.signal });
    stopping.abort();

    const outcome = await running;

    expect(outcome).toMatchObject({ exitCode: null, isTimedOut: false });
    expect(outcome.output).toContain('stopping');
  });

  it('keeps the head and the tail of a long output within the bound', async () => {
    const outcome = await runner.run(
      node('process.stdout.write("HEAD" + "x".repeat(100000) + "TAIL")'),
    );

    expect(outcome.exitCode).toBe(0);
    expect(outcome.output.length).toBeLessThanOrEqual(8192);
    expect(outcome.output.startsWith('HEAD')).toBe(true);
    expect(outcome.output.endsWith('TAIL')).toBe(true);
    expect(outcome.output).toContain('characters left out');
  });

  it('reports a program that does not exist as not started', async () => {
    const outcome = await runner.run({ file: 'dashfleet-no-such-program', args: [] });

    expect(outcome).toMatchObject({ exitCode: null, isTimedOut: false, startError: 'ENOENT' });
  });
});

describe('runPlan with real commands', () => {
  const runner = createExecRunner();

  it('tries alternatives until one works', async () => {
    const outcome = await runPlan(
      {
        mode: 'first-that-works',
        steps: [
          { command: { file: 'dashfleet-no-such-program', args: [] } },
          { command: node('console.log("flushed")') },
        ],
      },
      runner,
    );

    expect(outcome.ok).toBe(true);
    expect(outcome.result.exitCode).toBe(0);
    expect(outcome.result.output).toContain('flushed');
  });

  it('stops at the first failing step and names it', async () => {
    const outcome = await runPlan(
      {
        mode: 'each',
        steps: [{ command: node('process.exit(2)') }, { command: node('console.log("never")') }],
      },
      runner,
    );

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'E_ACTION_COMMAND_FAILED', message: expect.stringContaining('status 2') },
      result: { exitCode: 2 },
    });
    expect(outcome.result.output).not.toContain('never');
  });
});

describe('boundOutput', () => {
  it('leaves short text alone', () => {
    expect(boundOutput('hello', 100)).toBe('hello');
  });

  it('cuts the middle of long text and stays within the bound', () => {
    const text = `${'a'.repeat(500)}${'b'.repeat(500)}`;

    const bounded = boundOutput(text, 200);

    expect(bounded.length).toBeLessThanOrEqual(200);
    expect(bounded.startsWith('aaaa')).toBe(true);
    expect(bounded.endsWith('bbbb')).toBe(true);
  });
});
