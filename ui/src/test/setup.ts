import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  // Expire every cookie a test set, so XSRF tests start from a clean jar.
  for (const cookie of document.cookie.split(";")) {
    const name = cookie.split("=")[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
});

// The first render of a lazily loaded page imports its Cloudscape modules cold; allow for it.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no web workers or layout, so Monaco cannot run here: policy viewers render their
// text in a <pre> named like the editor. The real editor is covered by the Playwright tests.
vi.mock("../components/policy-viewer/monaco-json-viewer", async () => {
  const { createElement } = await import("react");
  return {
    default: ({ text, label }: { text: string; label: string }) =>
      createElement("pre", { "aria-label": label, "data-testid": "policy-viewer" }, text),
  };
});
