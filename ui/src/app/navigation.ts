import type { SideNavigationProps } from "@cloudscape-design/components/side-navigation";
import type { ReactNode } from "react";

/**
 * The side navigation. Pages plug in here: add an entry when its route exists, never before.
 */
export const navigationItems: readonly SideNavigationProps.Item[] = [
  { type: "link", text: "My roles", href: "/" },
  { type: "link", text: "Audit log", href: "/audit" },
  { type: "link", text: "Requests", href: "/requests" },
  { type: "link", text: "Resources", href: "/resources" },
  { type: "link", text: "Accounts", href: "/accounts" },
  { type: "link", text: "Role mappings", href: "/admin/role-mappings" },
];

/** Pages only administrators may open: their entries are hidden from everyone else. */
const ADMIN_ONLY_HREFS: ReadonlySet<string> = new Set(["/admin/role-mappings"]);

/** `items` without the entries (and emptied sections) of admin-only pages, for non-admins. */
export function visibleNavigation(
  items: readonly SideNavigationProps.Item[],
  isAdmin: boolean,
): SideNavigationProps.Item[] {
  if (isAdmin) return [...items];
  return items.flatMap((item): SideNavigationProps.Item[] => {
    if (item.type === "link") return ADMIN_ONLY_HREFS.has(item.href) ? [] : [item];
    if (item.type === "section" || item.type === "expandable-link-group") {
      const inner = visibleNavigation(item.items, false);
      return inner.length > 0 || item.type === "expandable-link-group"
        ? [{ ...item, items: inner }]
        : [];
    }
    return [item];
  });
}

/**
 * The entry to highlight for `pathname`: the longest link that is the path or a parent of it,
 * so a resource's page highlights "Resources" ("/" only matches itself).
 */
export function activeNavigationHref(
  items: readonly SideNavigationProps.Item[],
  pathname: string,
): string {
  const hrefs = items.flatMap(function collect(item): string[] {
    if (item.type === "link") return [item.href];
    if (item.type === "section" || item.type === "expandable-link-group") {
      return item.items.flatMap(collect);
    }
    return [];
  });
  const matches = hrefs.filter(
    (href) => href === pathname || (href !== "/" && pathname.startsWith(`${href}/`)),
  );
  return matches.sort((a, b) => b.length - a.length)[0] ?? pathname;
}

/** `items` with `info` (a count badge, say) beside the link to `href`; unchanged without one. */
export function withInfo(
  items: readonly SideNavigationProps.Item[],
  href: string,
  info: ReactNode,
): SideNavigationProps.Item[] {
  if (info === undefined || info === null) return [...items];
  return items.map((item): SideNavigationProps.Item => {
    if (item.type === "link") return item.href === href ? { ...item, info } : item;
    if (item.type === "section" || item.type === "expandable-link-group") {
      return { ...item, items: withInfo(item.items, href, info) };
    }
    return item;
  });
}
