"""xbrl-export: earnings press releases to XBRL 2.1 instance documents.

Library API::

    from exporter import convert, validate
    instance = convert("release.txt")          # -> exporter.model.Instance
    report = validate("instance.xml")          # -> exporter.validate.Report
    rows = facts("instance.xml")               # -> exporter.facts.Facts, one FactRow per fact

``exporter.convert``, ``exporter.validate`` and ``exporter.facts`` are the modules of those names (the pipeline in
``exporter/convert.py``, the validator package ``exporter/validate/``); calling the module calls
its function.  That keeps ``import exporter`` cheap (nothing is loaded until used, so
``xbrl-export validate`` does not pay for the converter) while both spellings work.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"
__all__ = ["convert", "validate", "facts", "__version__"]


def __getattr__(name: str):
    if name in ("convert", "validate", "facts"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'exporter' has no attribute {name!r}")
