import type { SideNavigationProps } from "@cloudscape-design/components/side-navigation";

/**
 * The side navigation. Pages plug in here: add an entry when its route exists, never before.
 */
export const navigationItems: readonly SideNavigationProps.Item[] = [
  { type: "link", text: "Home", href: "/" },
];
