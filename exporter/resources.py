"""Where the bundled data lives: ``taxonomy/`` and ``templates/``.

In a source checkout (and an editable install) they sit at the top of the repository, as the
project's layout has them; a wheel carries them inside the package as ``exporter/_taxonomy``
and ``exporter/_templates`` (see pyproject.toml).
"""
from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of bundled data ``name`` ("taxonomy" or "templates")."""
    packaged = _HERE / f"_{name}"
    if packaged.is_dir():
        return packaged
    return _HERE.parent / name


def cache_dir() -> Path | None:
    """The user's cache folder (compiled schemas, DTS models, templates, patterns, rules):
    ``$XBRL_EXPORT_CACHE`` when set ("" turns caching off), else ``$XDG_CACHE_HOME/xbrl-export``
    or ``~/.cache/xbrl-export``.  Everything in it is keyed by content, so it can be deleted at
    any time."""
    configured = os.environ.get("XBRL_EXPORT_CACHE")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xbrl-export"


def write_cache_file(path: Path, data: bytes) -> None:
    """Store ``data`` at ``path`` in the cache folder whole or not at all (processes may store
    at once); an unwritable cache only costs time, so a failure is ignored."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
