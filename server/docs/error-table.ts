import { ERROR_CODES } from '../http/error-codes.js';

/** The registry of error codes as a Markdown table, for the OpenAPI description. */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, info]) =>
      `| \`${code}\` | ${info.status} | ${info.description.replaceAll('|', '\\|')} |`,
  );
  return ['| code | status | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
