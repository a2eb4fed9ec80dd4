"""Settings: pydantic models and the loader. Only ``consoleme.cli`` calls the loader."""

from consoleme.config.loader import load_settings
from consoleme.config.models import Settings

__all__ = ["Settings", "load_settings"]
