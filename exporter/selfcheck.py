"""The check before writing: an instance is written only if our own validator accepts it.

``convert`` builds an instance that should be valid by construction (facts that contradict
each other reported, calculation arcs the facts contradict left out or prohibited: see
``duplicates`` and ``extension``); this makes sure of it.  The instance's rendered bytes and its
extension's files are validated in memory, before anything is written, with the checks of
``exporter.validate`` (``Validator.validate_in_memory``): XBRL 2.1 instance rules, link rules of
the extension, Dimensions 1.0, calculation consistency (XBRL 2.1, the validator's default).
The bundled taxonomy's part of the DTS comes from the validator's DTS cache, so a check costs
a few tens of milliseconds.  An instance that fails is not written: ``ConvertError`` (exit 1)
names the first problem.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .model import ConvertError, Instance


@lru_cache(maxsize=1)
def _validator():
    # one per process: a batch of releases shares the parsed taxonomy and its DTS
    from .validate import Validator

    return Validator()


def problems(data: bytes, where: Path, extension_files: dict[Path, bytes]) -> list[str]:
    """What our validator says against the instance ``data`` were it written at ``where``
    with ``extension_files`` beside it: one line per error or inconsistency."""
    report = _validator().validate_in_memory(Path(where).absolute(), data, extension_files)
    return [f"{m.code} {_SPACES.sub(' ', m.message)}" + (f" (line {m.line})" if m.line else "")
            for m in report.messages if m.level in ("error", "inconsistency")]


_SPACES = re.compile(r"\s+")


def verify(instance: Instance, data: bytes, where: Path, extension_files: dict[Path, bytes]) -> None:
    """Raise ConvertError (one line) when the instance would not be valid."""
    found = problems(data, where, extension_files)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ConvertError(f"{instance.source or where}: the instance would not be valid, so nothing is written: "
                           f"{found[0]}{more}")
