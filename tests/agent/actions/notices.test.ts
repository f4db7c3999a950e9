import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLogBundle } from '../../../src/agent/actions/log-bundle.js';
import { createTranslations, restartNotice } from '../../../src/agent/actions/notices.js';
import type { Language } from '../../../src/shared/i18n.js';

const facts = { kind: 'reminder' as const, reason: '', sentBy: '', snoozesLeft: 0 };

describe('restart notices', () => {
  it.each([
    ['en', 3 * 60_000, 'Your PC will restart in 3 minutes.'],
    ['en', 30_000, 'Your PC will restart in 1 minute.'],
    ['en', 5 * 3_600_000, 'Your PC will restart in 5 hours.'],
    ['ru', 2 * 60_000, 'Компьютер перезагрузится через 2 минуты.'],
    ['ru', 5 * 60_000, 'Компьютер перезагрузится через 5 минут.'],
    ['fr', 21 * 60_000, 'Votre PC redémarrera dans 21 minutes.'],
    ['es', 60_000, 'Su PC se reiniciará dentro de 1 minuto.'],
  ])('%s, %i ms left', async (language, msLeft, countdown) => {
    const t = await createTranslations(() => language as Language)();

    expect(restartNotice(t, { ...facts, msLeft }).body.startsWith(countdown)).toBe(true);
  });

  it('follows a change of language between notifications', async () => {
    let language: Language = 'en';
    const translate = createTranslations(() => language);

    const before = restartNotice(await translate(), { ...facts, msLeft: 60_000 });
    language = 'fr';
    const after = restartNotice(await translate(), { ...facts, msLeft: 60_000 });

    expect(before.title).toBe('Restart planned by IT');
    expect(after.title).toBe('Redémarrage prévu par le service informatique');
  });
});

describe('log bundle', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest log lines and stays within the size bound', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashfleet-bundle-'));
    dirs.push(dir);
    const log = path.join(dir, 'agent.log');
    // Random text does not compress: the bundle must drop the oldest part to fit.
    const noise = Array.from({ length: 4000 }, () => crypto.randomBytes(96).toString('base64'));
    fs.writeFileSync(log, `${noise.join('\n')}\nNEWEST LINE\n`);

    const bundle = await buildLogBundle({
      logFiles: [log],
      latest: {},
      now: Date.UTC(2025, 5, 2),
      maxBytes: 100_000,
    });

    expect(bundle.gzip.length).toBeLessThanOrEqual(100_000);
    const text = gunzipSync(bundle.gzip).toString('utf8');
    expect(text).toContain('NEWEST LINE');
    expect(text).not.toContain(noise[0]);
    expect(text).toContain('disks: not sampled yet');
  });
});
