/**
 * What a command made: with --json exactly one JSON object on stdout (a launcher parses it),
 * otherwise a few lines for people.
 */
export function printResult(isJson: boolean, result: object, lines: string[]): void {
  process.stdout.write(isJson ? `${JSON.stringify(result)}\n` : `${lines.join('\n')}\n`);
}
