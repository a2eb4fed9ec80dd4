import { useCallback } from "react";
import { useNavigate } from "react-router";

interface FollowDetail {
  href?: string;
  external?: boolean;
}

/**
 * An `onFollow` handler for Cloudscape links and navigation: plain clicks on internal links
 * become client-side navigations; modified clicks and external links keep browser behaviour.
 */
export function useRouterFollow() {
  const navigate = useNavigate();
  return useCallback(
    (event: CustomEvent<FollowDetail>) => {
      const { href, external } = event.detail;
      if (!href || external || !href.startsWith("/")) return;
      event.preventDefault();
      void navigate(href);
    },
    [navigate],
  );
}
