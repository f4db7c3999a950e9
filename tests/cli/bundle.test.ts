import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_BIN } from '../helpers/agent-process.js';

/** What keeps the headless agent inside its memory budget, checked on the built binary. */
describe('the bundled agent (dist/agent.mjs)', () => {
  const bundle = readFileSync(AGENT_BIN, 'latin1');

  it('leaves the dashboard framework out: it is loaded from node_modules on first use', () => {
    expect(bundle).not.toMatch(/^\/\/ node_modules\/(fastify|@fastify)\//m);
  });

  it('holds only Latin-1 characters, so V8 keeps its source one byte per character', () => {
    // One character beyond U+00FF (a "…" in a kept comment) doubles the source's memory.
    const text = readFileSync(AGENT_BIN, 'utf8');
    const wide = [...text].findIndex((char) => char.codePointAt(0)! > 0xff);
    expect(wide === -1 ? '' : text.slice(Math.max(0, wide - 60), wide + 10)).toBe('');
  });
});
