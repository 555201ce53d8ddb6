"""Writing output files atomically: all of them or none, never half a file.

Each file goes to a temporary file beside its target, and only when every one is fully written
are they renamed into place; a failure removes the temporaries (and any already renamed), so
a user never finds a truncated instance or an instance without its extension schema.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .model import ConvertError


class FileRefused(ConvertError):
    """A file the user named cannot be used as asked: a missing or unreadable input, an output
    that would replace a device, FIFO, folder or symlink, or the input itself (exit status 2)."""

    exit_status = 2


def read_bounded(handle, limit: int, expected: int = 0) -> bytes:
    """At most ``limit`` + 1 bytes from an open binary file: ``expected`` (the size a regular
    file reports) at once, the rest (a pipe, a file that grew) in chunks, so no buffer of the
    limit's size is ever allocated and a device or stream that never ends is cut at limit + 1."""
    first = handle.read(min(expected, limit) + 1)
    if len(first) <= expected or len(first) > limit:
        return first
    chunks, total = [first], len(first)
    while total <= limit:
        chunk = handle.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def existing_mode(path: str | Path) -> int | None:
    """What stands at ``path`` (its ``lstat`` mode: a symbolic link is not followed), None when
    nothing does; FileRefused when it cannot be told."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as e:
        raise FileRefused(f"{path}: cannot write ({e.strerror or e})") from None


def check_target(target: str | Path) -> None:
    """Refuse to write at ``target`` unless it is a new path or a regular file: writing replaces
    what stands there, and a device, FIFO, socket, folder or symlink must be left as it was."""
    target = Path(target)
    mode = existing_mode(target)
    if mode is None:
        return
    if stat.S_ISLNK(mode):
        raise FileRefused(f"{target}: is a symbolic link; refusing to write through it (name the file itself)")
    if stat.S_ISDIR(mode):
        raise FileRefused(f"{target}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise FileRefused(f"{target}: is a device, FIFO or socket; refusing to write there")


def check_not_inputs(targets, inputs) -> None:
    """Refuse an output that is one of the inputs (it would replace the release it came from)."""
    seen = {}
    for path in inputs:
        try:
            info = os.stat(path)
        except OSError:
            continue
        seen[(info.st_dev, info.st_ino)] = path
    for target in targets:
        try:
            info = os.stat(target)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            raise FileRefused(f"{target}: is an input of this run; refusing to overwrite it")


def write_files(files: dict[Path, bytes | Iterable[bytes]], *, make_dirs: bool = False, keep=()) -> None:
    """Write every file or none: each target is checked (see ``check_target``), and against the
    files of ``keep`` (the run's inputs), before anything is written.  A file's data is bytes or
    an iterable of bytes chunks."""
    for target in files:
        check_target(target)
    check_not_inputs(files, keep)
    temps: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            target = Path(target)
            folder = target.parent if str(target.parent) else Path(".")
            if make_dirs:
                folder.mkdir(parents=True, exist_ok=True)
            if not folder.is_dir():
                raise FileRefused(f"{target}: folder {folder} does not exist")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
                temps.append((tmp, target))
                with os.fdopen(fd, "wb") as fh:
                    if isinstance(data, (bytes, bytearray, memoryview)):
                        fh.write(data)
                    else:  # chunks (a large report is encoded as it is written, never whole in memory)
                        for chunk in data:
                            fh.write(chunk)
                os.chmod(tmp, 0o644)  # mkstemp makes files private; these are ordinary outputs
            except OSError as e:
                raise FileRefused(f"{target}: cannot write ({e.strerror or e})") from None
        renamed: list[Path] = []
        for tmp, target in temps:
            try:
                os.replace(tmp, target)
                renamed.append(target)
            except OSError as e:
                for done in renamed:  # no half set of outputs either
                    done.unlink(missing_ok=True)
                raise FileRefused(f"{target}: cannot write ({e.strerror or e})") from None
    except BaseException:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


def json_chunks(value, indent: int = 1, size: int = 1 << 20):
    """``json.dumps(value, indent=indent).encode()`` in chunks of about ``size`` bytes: the same
    bytes, without the whole text and its encoding in memory at once."""
    import json

    parts: list[str] = []
    held = 0
    for part in json.JSONEncoder(indent=indent).iterencode(value):
        parts.append(part)
        held += len(part)
        if held >= size:
            yield "".join(parts).encode()
            parts, held = [], 0
    if parts:
        yield "".join(parts).encode()


def write_atomic(path: str | Path, data: bytes, *, make_dirs: bool = False) -> None:
    write_files({Path(path): data}, make_dirs=make_dirs)
