"""xbrl-export: earnings press releases to XBRL 2.1 instance documents.

Library API::

    from exporter import convert, validate
    instance = convert("release.txt")          # -> exporter.model.Instance
    report = validate("instance.xml")          # -> exporter.validate.Report
"""
from __future__ import annotations

__all__ = ["convert", "validate", "__version__"]
__version__ = "0.1.0"


def convert(path, **options):
    """Read a release and return its :class:`exporter.model.Instance` (see ``exporter.convert``)."""
    from .convert import convert as _convert

    return _convert(path, **options)


def validate(path, **options):
    """Validate an instance (or DTS entry point) and return a ``Report``."""
    from .validate import validate as _validate

    return _validate(path, **options)
