/** Reads one cookie's value out of a `document.cookie`-style string; `undefined` when absent. */
export function readCookie(cookieString: string, name: string): string | undefined {
  for (const part of cookieString.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const raw = part.slice(separator + 1).trim();
    // A quoted cookie value carries its quotes on the wire; the token inside is what counts.
    const value =
      raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    return value === "" ? undefined : value;
  }
  return undefined;
}
