import AppLayout from "@cloudscape-design/components/app-layout";
import Badge from "@cloudscape-design/components/badge";
import Flashbar from "@cloudscape-design/components/flashbar";
import Link from "@cloudscape-design/components/link";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import { useQueryClient } from "@tanstack/react-query";
import { Suspense, useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { isUnauthorized } from "../api/api-error";
import { useSignOut } from "../api/use-auth";
import { useAwaitingCount, type AwaitingCount } from "../api/use-change-requests";
import { PageSpinner } from "../components/page-spinner";
import { useRouterFollow } from "../components/use-router-follow";
import { SIGN_IN_PATH } from "../lib/safe-next";
import { activeNavigationHref, navigationItems, visibleNavigation, withInfo } from "./navigation";
import { useSession } from "./session";
import { TopBar } from "./top-bar";
import { useNavigationOpen } from "./use-navigation-open";
import "./app-shell.css";

/** Beside "Requests": how many wait for the user's approval, linked to that view. */
function AwaitingBadge({
  awaiting,
  onFollow,
}: {
  awaiting: AwaitingCount;
  onFollow: ReturnType<typeof useRouterFollow>;
}) {
  const count = `${awaiting.count}${awaiting.more ? "+" : ""}`;
  return (
    <Link
      href="/requests?view=awaiting"
      onFollow={onFollow}
      ariaLabel={`${count} waiting for your approval`}
    >
      <Badge color="blue">{count}</Badge>
    </Link>
  );
}

/** The signed-in frame: top bar, side navigation and the current page. */
export default function AppShell() {
  const profile = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const onFollow = useRouterFollow();
  const signOut = useSignOut();
  const [navigationOpen, setNavigationOpen] = useNavigationOpen();
  const awaiting = useAwaitingCount();
  const [signOutError, setSignOutError] = useState<string | null>(null);

  const leave = async () => {
    await navigate(SIGN_IN_PATH, { replace: true });
    // Only once off the gated pages: a cleared cache there would refetch the profile.
    queryClient.clear();
  };
  const handleSignOut = () => {
    setSignOutError(null);
    signOut.mutate(undefined, {
      onSuccess: () => void leave(),
      onError: (error) => (isUnauthorized(error) ? void leave() : setSignOutError(error.message)),
    });
  };

  const siteName = profile.site.name || "ConsoleMe";
  return (
    <>
      <div id="top-navigation" className="app-shell__top-navigation">
        <TopBar profile={profile} signingOut={signOut.isPending} onSignOut={handleSignOut} />
      </div>
      <AppLayout
        headerSelector="#top-navigation"
        navigationOpen={navigationOpen}
        onNavigationChange={({ detail }) => setNavigationOpen(detail.open)}
        navigation={
          <SideNavigation
            header={{ text: siteName, href: "/" }}
            activeHref={activeNavigationHref(navigationItems, location.pathname)}
            items={withInfo(
              visibleNavigation(navigationItems, profile.is_admin),
              "/requests",
              awaiting && awaiting.count > 0 ? (
                <AwaitingBadge awaiting={awaiting} onFollow={onFollow} />
              ) : undefined,
            )}
            onFollow={onFollow}
          />
        }
        notifications={
          signOutError && (
            <Flashbar
              items={[
                {
                  type: "error",
                  header: "Sign-out failed",
                  content: signOutError,
                  dismissible: true,
                  dismissLabel: "Dismiss",
                  onDismiss: () => setSignOutError(null),
                },
              ]}
            />
          )
        }
        toolsHide
        content={
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        }
      />
    </>
  );
}
