import { describe, expect, it } from "vitest";
import { locateJsonPath } from "./json-locate";

const TEXT = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      { Sid: "First", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      { Effect: "Allow", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" },
    ],
  },
  null,
  2,
);

function slice(text: string, path: string): string | null {
  const range = locateJsonPath(text, path);
  return range ? text.slice(range.start, range.end) : null;
}

describe("locateJsonPath", () => {
  it("finds an element of a statement", () => {
    expect(slice(TEXT, "Statement[1].Action")).toBe(
      '"Action": [\n        "iam:*",\n        "sts:AssumeRole"\n      ]',
    );
    expect(slice(TEXT, "Statement[0].Resource")).toBe('"Resource": "*"');
  });

  it("points at a statement by its Sid, else its Effect", () => {
    expect(slice(TEXT, "Statement[0]")).toBe('"Sid": "First"');
    expect(slice(TEXT, "Statement[1]")).toBe('"Effect": "Allow"');
  });

  it("falls back to the deepest part that exists", () => {
    expect(slice(TEXT, "Statement[1].Condition")).toBe('"Effect": "Allow"');
    expect(slice(TEXT, "Statement[5]")).toContain('"Statement": [');
  });

  it("treats a single statement object as Statement[0]", () => {
    const text = '{"Statement": {"Sid": "Only", "Effect": "Deny"}}';
    expect(slice(text, "Statement[0].Effect")).toBe('"Effect": "Deny"');
  });

  it("handles escapes in strings", () => {
    const text = '{"Statement": [{"Sid": "a\\"b", "Action": "s3:*"}]}';
    expect(slice(text, "Statement[0].Action")).toBe('"Action": "s3:*"');
  });

  it("gives nothing for text that is not JSON", () => {
    expect(locateJsonPath('{"Statement": [', "Statement[0]")).toBeNull();
    expect(locateJsonPath("{} extra", "Statement")).toBeNull();
    expect(locateJsonPath("{}", "Statement")).toBeNull();
  });
});
