"""ConsoleMe: a control plane for AWS access."""

__version__ = "0.1.0"
