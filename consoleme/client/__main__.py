"""``python -m consoleme.client`` is the ``cme`` command."""

from consoleme.client.main import main

raise SystemExit(main())
