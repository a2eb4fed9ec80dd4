/** Non-empty, trimmed lines of `text`, without duplicates (a textarea of one item per line). */
export function nonEmptyLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}
