/** Splits a comma-separated list of group names, dropping blanks and duplicates. */
export function parseGroups(text: string): string[] {
  const groups = text
    .split(",")
    .map((group) => group.trim())
    .filter((group) => group.length > 0);
  return [...new Set(groups)];
}
