/**
 * A tiny, safe reading of the markdown the server sends in messages: paragraphs (blank
 * lines), `**bold**`, `*italic*` / `_italic_` and `` `code` ``. Everything else is text. The
 * result is data for React to render as text nodes; no HTML is ever produced or parsed.
 */
export type InlineSpan =
  | { kind: "text"; text: string }
  | { kind: "strong"; text: string }
  | { kind: "em"; text: string }
  | { kind: "code"; text: string };

const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\n]+\*)|(\b_[^_\n]+_\b)/g;

function spansOf(line: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  let last = 0;
  for (const match of line.matchAll(INLINE)) {
    const [token] = match;
    const start = match.index;
    if (start > last) spans.push({ kind: "text", text: line.slice(last, start) });
    if (token.startsWith("`")) spans.push({ kind: "code", text: token.slice(1, -1) });
    else if (token.startsWith("**")) spans.push({ kind: "strong", text: token.slice(2, -2) });
    else spans.push({ kind: "em", text: token.slice(1, -1) });
    last = start + token.length;
  }
  if (last < line.length) spans.push({ kind: "text", text: line.slice(last) });
  return spans;
}

/** Paragraphs of inline spans; single newlines inside a paragraph become spaces. */
export function parseInlineMarkdown(markdown: string): InlineSpan[][] {
  return markdown
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim().replace(/\s*\n\s*/g, " "))
    .filter((paragraph) => paragraph.length > 0)
    .map(spansOf);
}
