import { describe, expect, it } from "vitest";
import { isUntouched, parsePolicyText, policyText, withoutEmptySids } from "./policy-text";

describe("parsePolicyText", () => {
  it("reads a JSON object and says why anything else is not a policy", () => {
    expect(parsePolicyText('{"Statement": []}')).toEqual({ document: { Statement: [] } });
    expect(parsePolicyText("{").error).toMatch(/^Not valid JSON/);
    expect(parsePolicyText("[]").error).toBe("A policy is a JSON object with a Statement.");
  });
});

describe("withoutEmptySids", () => {
  it("drops blank Sids only", () => {
    expect(
      withoutEmptySids({ Statement: [{ Sid: "", Effect: "Allow" }, { Sid: "Keep" }] }),
    ).toEqual({
      Statement: [{ Effect: "Allow" }, { Sid: "Keep" }],
    });
    expect(withoutEmptySids({ Statement: { Sid: "" } })).toEqual({ Statement: {} });
  });
});

describe("isUntouched", () => {
  it("compares documents, not whitespace", () => {
    const template = policyText({ Statement: [] });
    expect(isUntouched('{ "Statement": [ ] }', template)).toBe(true);
    expect(isUntouched('{"Statement": [{}]}', template)).toBe(false);
    expect(isUntouched("{", template)).toBe(false);
  });
});
