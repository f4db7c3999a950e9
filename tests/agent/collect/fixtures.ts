import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A recorded (`linux/…`) or hand-written (`synthetic/…`) fixture, parsed. */
export function fixture<T>(path: string): T {
  return JSON.parse(readFileSync(`${root}${path}`, 'utf8')) as T;
}

export function fixtureText(path: string): string {
  return readFileSync(`${root}${path}`, 'utf8');
}
