"""Where the bundled data lives: ``taxonomy/`` and ``templates/``.

In a source checkout (and an editable install) they sit at the top of the repository, as the
project's layout has them; a wheel carries them inside the package as ``exporter/_taxonomy``
and ``exporter/_templates`` (see pyproject.toml).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of bundled data ``name`` ("taxonomy" or "templates")."""
    packaged = _HERE / f"_{name}"
    if packaged.is_dir():
        return packaged
    return _HERE.parent / name


def cache_dir() -> Path | None:
    """The user's cache folder (compiled schemas, DTS models, templates, rules):
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


CACHE_LIMIT_MB = 200  # default bound on the cache folder ($XBRL_EXPORT_CACHE_MB)
_PRUNED_STAMP = ".pruned"


def cache_limit_bytes() -> int:
    """``$XBRL_EXPORT_CACHE_MB`` (MiB) when set to a whole number, else ``CACHE_LIMIT_MB``."""
    try:
        return max(0, int(os.environ.get("XBRL_EXPORT_CACHE_MB", CACHE_LIMIT_MB))) * 1024 * 1024
    except ValueError:
        return CACHE_LIMIT_MB * 1024 * 1024


def prune_cache(folder: Path | None = None, limit: int | None = None) -> int:
    """Keep the cache folder under its size limit: the oldest entries (by the time they were
    written) go first.  Walks the folder only when an entry was added since the last prune (the
    folder's time is newer than its stamp), so a run that stored nothing pays one stat.
    Returns the number of files removed."""
    folder = cache_dir() if folder is None else folder
    if folder is None:
        return 0
    limit = cache_limit_bytes() if limit is None else limit
    stamp = folder / _PRUNED_STAMP
    try:
        changed = folder.stat().st_mtime_ns
        if stamp.stat().st_mtime_ns >= changed:
            return 0
    except FileNotFoundError:
        if not folder.is_dir():
            return 0
    except OSError:
        return 0
    entries = []
    total = 0
    for where, _, names in os.walk(folder):  # (the cache's own subfolders: compiled templates)
        for name in names:
            if name == _PRUNED_STAMP:
                continue
            path = os.path.join(where, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            entries.append((info.st_mtime_ns, path, info.st_size))
            total += info.st_size
    removed = 0
    entries.sort()
    for _, path, size in entries:
        if total <= limit:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        removed += 1
    try:
        stamp.touch()
        os.utime(stamp, ns=(time.time_ns(), max(time.time_ns(), folder.stat().st_mtime_ns)))
    except OSError:
        pass
    return removed
