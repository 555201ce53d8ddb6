"""Where the bundled data lives: ``taxonomy/`` and ``templates/``.

In a source checkout (and an editable install) they sit at the top of the repository, as the
project's layout has them; a wheel carries them inside the package as ``exporter/_taxonomy``
and ``exporter/_templates`` (see pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of bundled data ``name`` ("taxonomy" or "templates")."""
    packaged = _HERE / f"_{name}"
    if packaged.is_dir():
        return packaged
    return _HERE.parent / name
