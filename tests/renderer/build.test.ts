import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { JS_BUDGET_GZIP_BYTES } from '../../renderer/local/size-budget.js';

const ROOT = join(import.meta.dirname, '../..');
const OUT = join(ROOT, 'dist/renderer/local');

describe('npm run build:renderer', () => {
  it('builds the page with relative URLs, within the JavaScript budget', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'build:renderer'], {
      cwd: ROOT,
      maxBuffer: 10 * 1024 * 1024,
    });
    expect(stdout).toMatch(/total JS .* gzip .*: ok/);

    const html = readFileSync(join(OUT, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
    expect(html).toMatch(/src="\.\/assets\/[^"]+\.js"/);

    const scripts = readdirSync(join(OUT, 'assets')).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipTotal = scripts.reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(OUT, 'assets', name))).length,
      0,
    );
    expect(gzipTotal).toBeLessThanOrEqual(JS_BUDGET_GZIP_BYTES);
    expect(existsSync(join(OUT, 'assets'))).toBe(true);
  }, 120_000);
});
