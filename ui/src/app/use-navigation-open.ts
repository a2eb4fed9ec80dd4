import { useCallback, useEffect, useState } from "react";

/** Cloudscape's phone breakpoint: narrower than this, the navigation is an overlay. */
const NARROW = "(max-width: 688px)";

function isNarrow(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia(NARROW).matches;
}

/**
 * Whether the side navigation is open, for `AppLayout`'s `navigationOpen`.
 *
 * AppLayout closes the navigation whenever the viewport becomes phone-narrow. That is not the
 * user's choice, so it must not outlive the narrow viewport: the wide-screen choice is kept
 * apart and comes back when the viewport is wide again. (Chromium passes through a 1×1
 * viewport while it takes a full-page screenshot; before this, the navigation stayed closed
 * afterwards.)
 */
export function useNavigationOpen(): [boolean, (open: boolean) => void] {
  const [narrow, setNarrow] = useState(isNarrow);
  const [wideOpen, setWideOpen] = useState(true);
  const [narrowOpen, setNarrowOpen] = useState(false);

  useEffect(() => {
    const update = () => setNarrow(isNarrow());
    window.addEventListener("resize", update);
    return () => window.removeEventListener("resize", update);
  }, []);

  // Asked at the moment of the change: AppLayout closes in an effect, maybe before our resize
  // listener ran.
  const onChange = useCallback((open: boolean) => {
    if (isNarrow()) setNarrowOpen(open);
    else setWideOpen(open);
  }, []);

  return [narrow ? narrowOpen : wideOpen, onChange];
}
