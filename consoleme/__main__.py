"""``python -m consoleme`` is the ``consoleme`` command."""

from consoleme.cli import main

raise SystemExit(main())
