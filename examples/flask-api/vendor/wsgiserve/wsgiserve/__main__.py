from wsgiserve.cli import main

raise SystemExit(main())
