"""``python -m exporter.taxonomy build | check | zip OUT.zip`` (see package.main)."""
from .package import main

raise SystemExit(main())
