import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeSample } from '../../helpers/sample-factory.js';
import { storeFixture, T0 } from './store-fixture.js';

const fixture = storeFixture();
const mode = (file: string) => fs.statSync(file).mode & 0o777;

// The file holds the machine's hostname, serial number and MAC addresses.
describe.skipIf(process.platform === 'win32')('database file permissions', () => {
  it('creates the database, its WAL and shared memory readable by the owner only', () => {
    const dbPath = fixture.newPath();

    const store = fixture.open(dbPath);
    store.writeCycle(makeSample(T0));

    expect(mode(dbPath)).toBe(0o600);
    expect(mode(`${dbPath}-wal`)).toBe(0o600);
    expect(mode(`${dbPath}-shm`)).toBe(0o600);
  });

  it('tightens an existing database that others could read', () => {
    const dbPath = fixture.newPath();
    fixture.open(dbPath).close();
    fs.chmodSync(dbPath, 0o644);

    fixture.open(dbPath);

    expect(mode(dbPath)).toBe(0o600);
  });

  it('leaves the mode alone when opened read-only', () => {
    const dbPath = fixture.newPath();
    fixture.open(dbPath).close();
    fs.chmodSync(dbPath, 0o640);

    fixture.open(dbPath, { readonly: true });

    expect(mode(dbPath)).toBe(0o640);
  });
});
