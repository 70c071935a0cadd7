"""`python -m dashboard_core`: the command line (see cli.py)."""

from dashboard_core.cli import main

raise SystemExit(main())
