"""Writing output files atomically: all of them or none, never half a file.

Each file goes to a temporary file beside its target, and only when every one is fully written
are they renamed into place; a failure removes the temporaries (and any already renamed), so
a user never finds a truncated instance or an instance without its extension schema.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .model import ConvertError


def write_files(files: dict[Path, bytes], *, make_dirs: bool = False) -> None:
    temps: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            target = Path(target)
            folder = target.parent if str(target.parent) else Path(".")
            if make_dirs:
                folder.mkdir(parents=True, exist_ok=True)
            if not folder.is_dir():
                raise ConvertError(f"{target}: folder {folder} does not exist")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
                temps.append((tmp, target))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.chmod(tmp, 0o644)  # mkstemp makes files private; these are ordinary outputs
            except OSError as e:
                raise ConvertError(f"{target}: cannot write ({e.strerror or e})") from None
        renamed: list[Path] = []
        for tmp, target in temps:
            try:
                os.replace(tmp, target)
                renamed.append(target)
            except OSError as e:
                for done in renamed:  # no half set of outputs either
                    done.unlink(missing_ok=True)
                raise ConvertError(f"{target}: cannot write ({e.strerror or e})") from None
    except BaseException:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


def write_atomic(path: str | Path, data: bytes, *, make_dirs: bool = False) -> None:
    write_files({Path(path): data}, make_dirs=make_dirs)
