import { describe, expect, it } from "vitest";
import { decodeBase64Text } from "./base64-text";

describe("decodeBase64Text", () => {
  it("decodes UTF-8, standard or URL-safe, padded or not", () => {
    expect(decodeBase64Text(btoa("Several roles match"))).toBe("Several roles match");
    expect(decodeBase64Text("w6kgfn4_")).toBe("é ~~?");
  });

  it("answers null for nothing or garbage", () => {
    expect(decodeBase64Text(null)).toBeNull();
    expect(decodeBase64Text("%%%")).toBeNull();
    expect(decodeBase64Text(btoa("\xff\xfe"))).toBeNull();
  });
});
