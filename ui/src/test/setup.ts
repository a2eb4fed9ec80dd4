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

// The same for the review diff: both sides as text, named "<label> (before)" and "(after)".
vi.mock("../components/policy-viewer/monaco-json-diff", async () => {
  const { createElement, Fragment } = await import("react");
  return {
    default: ({ before, after, label }: { before: string; after: string; label: string }) =>
      createElement(
        Fragment,
        null,
        createElement("pre", { "aria-label": `${label} (before)` }, before),
        createElement("pre", { "aria-label": `${label} (after)` }, after),
      ),
  };
});

// And the policy editor: a textarea named like the editor; markers are listed beside it.
vi.mock("../components/policy-editor/monaco-json-editor", async () => {
  const { createElement, Fragment } = await import("react");
  interface Props {
    value: string;
    onChange: (value: string) => void;
    label: string;
    markers: { message: string }[];
  }
  return {
    default: ({ value, onChange, label, markers }: Props) =>
      createElement(
        Fragment,
        null,
        createElement("textarea", {
          "aria-label": label,
          value,
          onChange: (event: { target: { value: string } }) => onChange(event.target.value),
        }),
        createElement(
          "ul",
          { "aria-label": `${label} markers` },
          markers.map((marker, index) => createElement("li", { key: index }, marker.message)),
        ),
      ),
  };
});
