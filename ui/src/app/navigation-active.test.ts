import { describe, expect, it } from "vitest";
import { activeNavigationHref, navigationItems } from "./navigation";

describe("activeNavigationHref", () => {
  it("highlights the entry a page lives under", () => {
    expect(activeNavigationHref(navigationItems, "/resources")).toBe("/resources");
    expect(activeNavigationHref(navigationItems, "/resources/roles/111122223333/app")).toBe(
      "/resources",
    );
    expect(
      activeNavigationHref(navigationItems, "/accounts/111122223333/service-control-policies"),
    ).toBe("/accounts");
    expect(activeNavigationHref(navigationItems, "/")).toBe("/");
  });

  it("does not treat every page as under the home page", () => {
    expect(activeNavigationHref(navigationItems, "/resourcesx")).toBe("/resourcesx");
    expect(activeNavigationHref(navigationItems, "/nowhere")).toBe("/nowhere");
  });
});
