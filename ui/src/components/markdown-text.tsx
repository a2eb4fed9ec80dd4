import Box from "@cloudscape-design/components/box";
import { parseInlineMarkdown } from "../lib/inline-markdown";

/**
 * Server text with light markdown (bold, italic, code, paragraphs), rendered as React text
 * nodes: whatever the text holds, it never becomes HTML.
 */
export function MarkdownText({ text }: { text: string }) {
  return (
    <>
      {parseInlineMarkdown(text).map((paragraph, p) => (
        <Box variant="p" key={p}>
          {paragraph.map((span, s) => {
            if (span.kind === "strong") return <strong key={s}>{span.text}</strong>;
            if (span.kind === "em") return <em key={s}>{span.text}</em>;
            if (span.kind === "code") {
              return (
                <Box variant="code" key={s}>
                  {span.text}
                </Box>
              );
            }
            return span.text;
          })}
        </Box>
      ))}
    </>
  );
}
