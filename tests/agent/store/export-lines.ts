import type { ExportQuery, Store } from '../../../src/agent/store/types.js';

/** A minimal RFC 4180 reader, to check the output the way a spreadsheet would read it. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else if (char !== '\n') {
      field += char;
    }
  }
  return [...fields, field];
}

export interface ExportedRow {
  ts: number;
  /** Only in JSON lines. */
  tier?: string;
  values: Map<string, { avg: number; max: number }>;
}

/** Reads an export back, whichever its format, into one value per series per timestamp. */
export function readExport(store: Store, query: ExportQuery): ExportedRow[] {
  const lines = [...store.exportLines(query)];
  if (query.format === 'jsonl') {
    return lines.map((line) => {
      const row = JSON.parse(line) as {
        ts: string;
        tier: string;
        values: Record<string, { avg: number; max: number }>;
      };
      return {
        ts: Date.parse(row.ts),
        tier: row.tier,
        values: new Map(Object.entries(row.values)),
      };
    });
  }
  const [header = [], ...rows] = lines.map(parseCsvLine);
  return rows.map((fields) => {
    const values = new Map<string, { avg: number; max: number }>();
    for (let i = 1; i < header.length; i += 2) {
      const name = header[i];
      if (name !== undefined && fields[i] !== '') {
        values.set(name, { avg: Number(fields[i]), max: Number(fields[i + 1]) });
      }
    }
    return { ts: Date.parse(fields[0] ?? ''), values };
  });
}
