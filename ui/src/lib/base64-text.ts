/** UTF-8 text from base64 (standard or URL-safe); `null` when absent or not decodable. */
export function decodeBase64Text(encoded: string | null | undefined): string | null {
  if (!encoded) return null;
  try {
    const normal = encoded.replace(/-/g, "+").replace(/_/g, "/");
    const padded = normal + "=".repeat((4 - (normal.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).trim() || null;
  } catch {
    return null;
  }
}
