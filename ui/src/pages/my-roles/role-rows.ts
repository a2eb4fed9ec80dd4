import type { EligibleRole } from "../../api/types";

/** A row of the roles table: a group heading (favorites, or one account) or a role in it. */
export type RoleRow = GroupRow | RoleItemRow;

export interface GroupRow {
  kind: "group";
  id: string;
  title: string;
  /** The account id, for account groups. */
  accountId: string | null;
  children: RoleItemRow[];
}

export interface RoleItemRow {
  kind: "role";
  id: string;
  role: EligibleRole;
  /** Shown in the Favorites group, where roles of different accounts mix. */
  showAccount: boolean;
}

export const FAVORITES_GROUP = "favorites";

export function accountLabel(role: Pick<EligibleRole, "account_name" | "account_id">): string {
  return role.account_name ?? role.account_id;
}

/**
 * Groups one page of roles for display: favorites first (the server sorts them first), then
 * one group per account in the server's order.
 */
export function groupRoles(roles: readonly EligibleRole[]): GroupRow[] {
  const groups = new Map<string, GroupRow>();
  for (const role of roles) {
    const id = role.favorite ? FAVORITES_GROUP : `account:${role.account_id}`;
    let group = groups.get(id);
    if (!group) {
      group = role.favorite
        ? { kind: "group", id, title: "Favorites", accountId: null, children: [] }
        : {
            kind: "group",
            id,
            title: accountLabel(role),
            accountId: role.account_id,
            children: [],
          };
      groups.set(id, group);
    }
    group.children.push({
      kind: "role",
      id: `${id}/${role.arn}`,
      role,
      showAccount: role.favorite,
    });
  }
  return [...groups.values()];
}
