import { describe, expect, it } from "vitest";
import type { Finding } from "../api/types";
import { findingMarkers } from "./finding-markers";

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: "wildcard-resource",
    severity: "high",
    title: "Resource is *",
    detail: "Name the resources.",
    statement: null,
    sid: null,
    path: null,
    source: "consoleme",
    ...overrides,
  };
}

const TEXT = '{\n  "Statement": [\n    {"Sid": "Read", "Action": "s3:*", "Resource": "*"}\n  ]\n}';

describe("findingMarkers", () => {
  it("marks the finding's element, or its statement", () => {
    const [byPath, byStatement] = findingMarkers(TEXT, [
      finding({ path: "Statement[0].Resource", statement: 0 }),
      finding({ statement: 0, severity: "low", title: "Broad action", detail: "" }),
    ]);
    expect(TEXT.slice(byPath?.start, byPath?.end)).toBe('"Resource": "*"');
    expect(byPath?.message).toBe("Resource is *: Name the resources.");
    expect(TEXT.slice(byStatement?.start, byStatement?.end)).toBe('"Sid": "Read"');
    expect(byStatement).toMatchObject({ severity: "low", message: "Broad action" });
  });

  it("puts document-wide findings on the first line", () => {
    const [marker] = findingMarkers(TEXT, [finding({ title: "Too large" })]);
    expect(marker).toMatchObject({ start: 0, end: 1 });
  });
});
