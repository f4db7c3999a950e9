/** "a, b ,, c" → ["a", "b", "c"]: trimmed, no empties, no duplicates, order kept. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}
