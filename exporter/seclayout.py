"""``convert --layout sec``: one flat folder per release, its files named as an SEC filing's are.

Readers of SEC filings (edgartools' ``XBRL.from_directory``) take a filing's folder and find its
parts by name: ``co-20070930.xml`` (the instance), ``co-20070930.xsd`` (the company schema) and
its linkbases ``co-20070930_lab.xml``, ``_pre.xml``, ``_cal.xml``, ``_def.xml``; every ``*.xsd``
of the folder declares elements, every ``*_lab.xml`` gives labels.  So the folder holds:

- the instance and its company extension (exporter.extension.attach with SEC names: the schema,
  the labels - the extension's concepts, and each reported concept's label as the release prints
  it -, the release's own presentation, the calculations and definitions it has);
- copies of the bundled taxonomy's schemas (``xe-2026.xsd``, ``dei-2026.xsd``) and label
  linkbases, the latter under SEC-style names (``xe-2026_lab.xml``, ``dei-2026_lab.xml``) so
  such readers find the concepts' types and labels.  The taxonomy's presentation is not copied
  (a reader would list its whole trees); the instance still refers to the taxonomy by its URL,
  so an XBRL processor resolves it through the taxonomy package, as for the default layout.

Nothing is written outside the folder; the folder must be new or empty (a filing's folder
holds one filing: stale files of another run would be read with it).
"""
from __future__ import annotations

import stat
from pathlib import Path

from . import extension
from . import taxonomy as taxonomy_mod
from .files import FileRefused, existing_mode, write_files
from .model import Instance
from .render import render_checked

# taxonomy file -> its name in the folder
TAXONOMY_COPIES = {
    taxonomy_mod.SCHEMA_FILE: taxonomy_mod.SCHEMA_FILE,
    taxonomy_mod.DEI_SCHEMA_FILE: taxonomy_mod.DEI_SCHEMA_FILE,
    taxonomy_mod.LINKBASE_FILES["label"]: taxonomy_mod.SCHEMA_FILE[:-4] + "_lab.xml",
    taxonomy_mod.DEI_LABEL_FILE: taxonomy_mod.DEI_SCHEMA_FILE[:-4] + "_lab.xml",
}


def check_folder(folder: Path) -> None:
    """Refuse a folder that is not new or empty, or is not a folder (a file, a symbolic link)."""
    mode = existing_mode(folder)
    if mode is None:
        return
    if stat.S_ISLNK(mode):
        raise FileRefused(f"{folder}: is a symbolic link; --layout sec writes into a folder of its own")
    if not stat.S_ISDIR(mode):
        raise FileRefused(f"{folder}: is not a folder; --layout sec writes a folder (name a new or empty one)")
    if any(folder.iterdir()):
        raise FileRefused(f"{folder}: folder is not empty; --layout sec writes into a new or empty folder")


def folder_files(instance: Instance, folder: Path) -> dict[Path, bytes]:
    """Every file of the folder: instance, extension (SEC names) and the taxonomy's copies."""
    stem = extension.sec_stem(instance)
    target = folder / f"{stem}.xml"
    files = extension.attach(instance, target, sec=True)
    files[target] = render_checked(instance, target, files)  # (what convert writes, validate accepts)
    source = taxonomy_mod.schema_dir()
    for name, copy in TAXONOMY_COPIES.items():
        files[folder / copy] = (source / name).read_bytes()
    return files


def write_folder(instance: Instance, folder: str | Path, *, also: dict[Path, bytes] | None = None,
                 keep=()) -> list[Path]:
    """Write the folder (created if missing) and the files ``also`` gives (a report), all or
    nothing; a folder this call created is removed again when writing fails."""
    folder = Path(folder)
    check_folder(folder)
    files = folder_files(instance, folder)
    files.update(also or {})
    created = not folder.exists()
    try:
        if created:
            folder.mkdir(parents=True)
        write_files(files, keep=keep)
    except OSError as e:
        _remove_if_empty(folder, created)
        raise FileRefused(f"{folder}: cannot write ({e.strerror or e})") from None
    except BaseException:
        _remove_if_empty(folder, created)
        raise
    return list(files)


def _remove_if_empty(folder: Path, created: bool) -> None:
    if created:
        try:
            folder.rmdir()
        except OSError:
            pass
