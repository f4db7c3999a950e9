import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeHealth, makeSample } from '../../helpers/sample-factory.js';
import { HOUR, MINUTE, fill, storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();

describe('read-only open', () => {
  it('sees what the writer has committed, while the writer keeps writing', () => {
    const dbPath = fixture.newPath();
    const writer = fixture.open(dbPath);
    fill(writer, fixture.clock, { from: T0, to: T0 + HOUR, intervalMs: 10_000 });

    const reader = fixture.open(dbPath, { readonly: true });
    const query = { metrics: ['cpu.usagePercent'], from: T0, to: T0 + 2 * HOUR, maxPoints: 1000 };

    expect(reader.history(query)).toEqual(writer.history(query));
    expect(reader.latest()).toEqual(writer.latest());
    expect(reader.outboxStatus()).toEqual(writer.outboxStatus());

    const ts = T0 + HOUR;
    fixture.clock.now = ts;
    writer.writeCycle(makeSample(ts), makeHealth(ts, 'critical'));

    expect(reader.latest().health?.status).toBe('critical');
    expect(reader.recentValues('cpu.usagePercent', ts, ts + 1)).toHaveLength(1);
  });

  it('opens after the writer has closed, and refuses to write', () => {
    const dbPath = fixture.newPath();
    const writer = fixture.open(dbPath);
    fill(writer, fixture.clock, { from: T0, to: T0 + 10 * MINUTE, intervalMs: 10_000 });
    writer.close();
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false); // a clean close folds the WAL back

    const reader = fixture.open(dbPath, { readonly: true });

    expect(reader.outboxStatus().lastSeq).toBe(60);
    const readonlyError = expect.objectContaining({ code: 'E_STORE_READONLY' });
    expect(() => reader.writeCycle(makeSample(T0))).toThrow(readonlyError);
    expect(() => reader.rollUp()).toThrow(readonlyError);
    expect(() => reader.applyRetention()).toThrow(readonlyError);
    expect(() => reader.acknowledge(1)).toThrow(readonlyError);
    expect(reader.integrityCheck()).toBe('ok');
  });

  it("chooses tiers with the writer's retention when opened without options", () => {
    const dbPath = fixture.newPath();
    const writer = fixture.open(dbPath, { retention: { rawHours: 1 } });
    fill(writer, fixture.clock, { from: T0, to: T0 + 3 * HOUR, intervalMs: 60_000 });
    const reader = fixture.open(dbPath, { readonly: true });
    // Two hours back at 1 000 points wants raw samples, which the writer keeps for 1 h only.
    const query = {
      metrics: ['cpu.usagePercent'],
      from: T0 + HOUR,
      to: T0 + 3 * HOUR,
      maxPoints: 1000,
    };

    expect(writer.history(query).tier).toBe('minute');
    expect(reader.history(query).tier).toBe('minute');
  });
});
