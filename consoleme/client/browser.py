"""Open a URL in the person's desktop browser, or say that we could not.

Python's ``webbrowser`` would fall back to text browsers (lynx, w3m) that take over the terminal
``cme`` is printing to, so we call the desktop opener directly: ``open`` on macOS, ``startfile``
on Windows, ``xdg-open`` elsewhere when a display is present. ``open_browser`` (settings):
``never`` only prints; ``always`` tries even without a display; ``auto`` tries when there is one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping


def has_desktop(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True where a browser window can be expected to appear."""
    if platform in ("darwin", "win32"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def open_url(url: str, mode: str, environ: Mapping[str, str]) -> bool:
    """Try to open ``url``; True when a browser was asked to. Never raises."""
    if mode == "never" or (mode == "auto" and not has_desktop(environ)):
        return False
    try:
        if sys.platform == "win32":
            os.startfile(url)  # type: ignore[attr-defined,unused-ignore]  # noqa: S606
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        path = shutil.which(opener)
        if path is None:
            return False
        subprocess.Popen(
            [path, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
