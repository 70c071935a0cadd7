from dashboard_core.cli import main

raise SystemExit(main())
