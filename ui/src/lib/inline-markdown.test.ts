import { describe, expect, it } from "vitest";
import { parseInlineMarkdown } from "./inline-markdown";

describe("parseInlineMarkdown", () => {
  it("reads bold, italic and code, and splits paragraphs on blank lines", () => {
    expect(
      parseInlineMarkdown("Sign in as **alice** from `10.0.0.1`,\n*now*.\n\nOr _not_."),
    ).toEqual([
      [
        { kind: "text", text: "Sign in as " },
        { kind: "strong", text: "alice" },
        { kind: "text", text: " from " },
        { kind: "code", text: "10.0.0.1" },
        { kind: "text", text: ", " },
        { kind: "em", text: "now" },
        { kind: "text", text: "." },
      ],
      [
        { kind: "text", text: "Or " },
        { kind: "em", text: "not" },
        { kind: "text", text: "." },
      ],
    ]);
  });

  it("keeps markup and snake_case names as plain text", () => {
    expect(parseInlineMarkdown("<b>hi</b> ci_deployer_role")).toEqual([
      [{ kind: "text", text: "<b>hi</b> ci_deployer_role" }],
    ]);
  });
});
