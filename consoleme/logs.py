"""Structured logs: one JSON object per line; no secrets (no headers, cookies or bodies logged)."""

from __future__ import annotations

import logging
import sys
import time

import orjson

from consoleme.config.models import LoggingSettings

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Record fields plus anything passed in ``extra``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(settings: LoggingSettings) -> None:
    """Route every logger to stderr in the configured format. Called once, by the CLI."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.json_format:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.level)
    # Tornado's own access log would duplicate ours.
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    # httpx logs every request URL at INFO; webhook URLs are secrets.
    logging.getLogger("httpx").setLevel(logging.WARNING)
