export const SIGN_IN_PATH = "/sign-in";

/**
 * Turns an untrusted `next` parameter into a same-origin path to go to after sign-in.
 * Only relative paths that start with a single "/" pass; anything that a browser could read
 * as another origin ("//evil.com", "/\\evil.com", "https://…", "javascript:…") falls back.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/"): string {
  if (!next) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  // Browsers treat "\" like "/" in URLs, and strip tabs and newlines before parsing.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  // Going back to the sign-in page after signing in would only loop.
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`)) return fallback;
  return next;
}

/** Builds the sign-in URL that brings the user back to `path` afterwards. */
export function signInPath(path: string): string {
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(safeNextPath(path))}`;
}
