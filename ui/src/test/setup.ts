import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

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
