"""xbrl-export: earnings press releases to XBRL 2.1 instance documents.

Library API::

    from exporter import convert, validate
    instance = convert("release.txt")          # -> exporter.model.Instance
    report = validate("instance.xml")          # -> exporter.validate.Report

The functions are bound here after their modules are imported: importing a submodule sets the
package attribute of the same name, so binding last keeps ``exporter.convert`` the function.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .convert import convert  # noqa: E402  (the pipeline: exporter/convert.py)
from .validate import validate  # noqa: E402

__all__ = ["convert", "validate", "__version__"]
