"""``python -m captionkit``."""

from captionkit.cli import main

raise SystemExit(main())
