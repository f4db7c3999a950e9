import { CompiledQuery } from 'kysely';
import type { Compilable, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Statement sizes, largest first: any row count is a sum of these (its binary digits). */
function sizesUpTo(max: number): number[] {
  const sizes: number[] = [];
  for (let size = 1; size <= max; size *= 2) sizes.unshift(size);
  return sizes;
}

/**
 * A multi-row statement (an upsert) written once per row count by Kysely, for the dialect at
 * hand, then reused with fresh parameters: building and compiling a query of a thousand rows
 * through the query builder costs more than SQLite takes to run it. Row counts are split into
 * powers of two, so a handful of statement texts serve every batch (and a driver that caches
 * prepared statements by text prepares each only once).
 *
 * Reuse is only sound when the compiled parameters are exactly the row values in row order,
 * column by column; that is checked when a size is first compiled (with distinct sentinel
 * values), and a statement that fails the check is built afresh each time instead.
 */
export class MultiRowStatement<Row extends Record<string, unknown>> {
  readonly #texts = new Map<number, string | null>();
  readonly #sizes: number[];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly columns: ReadonlyArray<keyof Row & string>,
    private readonly build: (db: Kysely<Database>, rows: Row[]) => Compilable,
    maxRowsPerStatement: number,
  ) {
    this.#sizes = sizesUpTo(maxRowsPerStatement);
  }

  async run(executor: Kysely<Database>, rows: readonly Row[]): Promise<void> {
    let offset = 0;
    for (const size of this.#sizes) {
      while (rows.length - offset >= size) {
        const part = rows.slice(offset, offset + size);
        offset += size;
        const text = this.#text(size);
        if (text === null) await executor.executeQuery(this.build(executor, part).compile());
        else await executor.executeQuery(CompiledQuery.raw(text, this.#parameters(part)));
      }
    }
  }

  #parameters(rows: readonly Row[]): unknown[] {
    const parameters: unknown[] = [];
    for (const row of rows) for (const column of this.columns) parameters.push(row[column]);
    return parameters;
  }

  #text(size: number): string | null {
    const known = this.#texts.get(size);
    if (known !== undefined) return known;
    const sentinels = Array.from({ length: size }, (_, i) =>
      Object.fromEntries(this.columns.map((column, j) => [column, `\u0000${i}:${j}`])),
    ) as Row[];
    const compiled = this.build(this.db, sentinels).compile();
    const expected = this.#parameters(sentinels);
    const isReusable =
      compiled.parameters.length === expected.length &&
      compiled.parameters.every((value, i) => value === expected[i]);
    const text = isReusable ? compiled.sql : null;
    this.#texts.set(size, text);
    return text;
  }
}
