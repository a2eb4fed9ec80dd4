import { describe, expect, it } from "vitest";
import { navigationItems, visibleNavigation, withInfo } from "./navigation";

describe("visibleNavigation", () => {
  it("hides admin pages from non-admins, and only from them", () => {
    const hrefs = (items: ReturnType<typeof visibleNavigation>) =>
      items.flatMap((item) => ("href" in item ? [item.href] : []));
    expect(hrefs(visibleNavigation(navigationItems, true))).toContain("/admin/role-mappings");
    expect(hrefs(visibleNavigation(navigationItems, false))).not.toContain("/admin/role-mappings");
    expect(hrefs(visibleNavigation(navigationItems, false))).toContain("/audit");
  });

  it("drops a section left empty", () => {
    const items = visibleNavigation(
      [
        { type: "link", text: "Home", href: "/" },
        {
          type: "section",
          text: "Admin",
          items: [{ type: "link", text: "Role mappings", href: "/admin/role-mappings" }],
        },
      ],
      false,
    );
    expect(items).toEqual([{ type: "link", text: "Home", href: "/" }]);
  });
});

describe("withInfo", () => {
  it("puts the info beside one link, also inside sections", () => {
    const items = withInfo(
      [
        { type: "link", text: "Home", href: "/" },
        {
          type: "section",
          text: "Changes",
          items: [{ type: "link", text: "Requests", href: "/requests" }],
        },
      ],
      "/requests",
      "3",
    );
    expect(items).toEqual([
      { type: "link", text: "Home", href: "/" },
      {
        type: "section",
        text: "Changes",
        items: [{ type: "link", text: "Requests", href: "/requests", info: "3" }],
      },
    ]);
    expect(withInfo(navigationItems, "/requests", undefined)).toEqual(navigationItems);
  });
});
