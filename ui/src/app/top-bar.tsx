import TopNavigation from "@cloudscape-design/components/top-navigation";
import type { UserProfile } from "../api/types";
import { useRouterFollow } from "../components/use-router-follow";

interface TopBarProps {
  profile: UserProfile;
  signingOut: boolean;
  onSignOut: () => void;
}

/** The bar across the top: product name and the signed-in user's menu. */
export function TopBar({ profile, signingOut, onSignOut }: TopBarProps) {
  const onFollow = useRouterFollow();
  return (
    <TopNavigation
      identity={{
        href: "/",
        title: profile.site.name || "ConsoleMe",
        logo: { src: "/favicon.svg", alt: "" },
        onFollow,
      }}
      utilities={[
        {
          type: "menu-dropdown",
          text: profile.user,
          description: profile.is_admin ? "Administrator" : undefined,
          iconName: "user-profile",
          items: [
            {
              id: "sign-out",
              text: signingOut ? "Signing out…" : "Sign out",
              disabled: signingOut,
            },
          ],
          onItemClick: ({ detail }) => {
            if (detail.id === "sign-out") onSignOut();
          },
        },
      ]}
    />
  );
}
