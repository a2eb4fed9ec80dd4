"""The built UI: hashed assets cached for a year, every other non-API path gets index.html."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import tornado.web

from consoleme.api.base import SECURITY_HEADERS

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class SpaHandler(tornado.web.StaticFileHandler):
    """Serves files of the built UI; unknown paths fall back to ``index.html`` (client routes)."""

    auth: ClassVar[str] = "public"

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)

    async def get(self, path: str, include_body: bool = True) -> None:
        served = self._file_for(path)
        if served is None:
            self.set_status(503)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("The UI is not built. Run `make ui` (or `make demo`).\n")
            return
        await super().get(served, include_body)

    def _file_for(self, path: str) -> str | None:
        """``path`` when it names a file of the build, else ``index.html`` (None: no build)."""
        root = Path(self.root).resolve()
        if not (root / "index.html").is_file():
            return None
        candidate = (root / path).resolve() if path else root
        if path and candidate.is_file() and root in candidate.parents:
            return path
        if path.startswith("assets/"):
            # A stale chunk after a deploy must fail clearly, not load index.html as script.
            raise tornado.web.HTTPError(404)
        return "index.html"

    def get_cache_time(self, path: str, modified: Any, mime_type: str) -> int:
        return self.CACHE_MAX_AGE if path.startswith("assets/") else 0

    def set_extra_headers(self, path: str) -> None:
        if not path.startswith("assets/"):
            self.set_header("Cache-Control", "no-cache")


def default_static_dir() -> Path:
    """Where the UI build lands inside the package (``make ui``)."""
    return Path(__file__).resolve().parent.parent / "static" / "ui"
