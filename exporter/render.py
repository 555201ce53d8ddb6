"""Render an :class:`Instance` to XBRL 2.1 instance XML with the Jinja templates in ``templates/``.

Output is deterministic: contexts, units and facts come in a stable order with stable ids, and
nothing time-dependent is written, so the same input gives the same bytes.  Every value passes
through Jinja's XML escaping; files are written atomically (``exporter.files``), so a failure
never leaves half a file behind.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from . import regex_cache

regex_cache.prime()  # before jinja2 compiles its lexer's patterns

import jinja2  # noqa: E402

from . import __version__
from .files import write_atomic, write_files
from .resources import cache_dir, data_dir
from .model import ConvertError, Instance

TEMPLATES = data_dir("templates")
__all__ = ["render", "write_instance", "write_atomic", "write_files"]

QNAME = re.compile(r"^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$")


def _comment(text: str) -> str:
    # "--" may not appear inside an XML comment; control characters may not appear at all.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", str(text))
    return re.sub(r"-{2,}", "-", text).rstrip("-")


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache in a folder, where a damaged or unwritable file only costs time
    (the template is compiled again)."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> _TemplateCache | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder / "jinja"))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # A fresh process would compile the template (~25 ms) on every run: Jinja's bytecode cache
    # keeps the compiled template in the user cache folder, checked against the template's text.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_template_cache(),
        autoescape=True,  # XML escaping of every interpolated value
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["comment"] = _comment
    return env


def render(instance: Instance, template: str = "instance.xml.j2") -> bytes:
    for fact in instance.facts:
        if not QNAME.match(fact.concept):
            raise ConvertError(f"internal: concept name {fact.concept!r} is not a QName")
    text = _environment().get_template(template).render(
        version=__version__,
        source_name=os.path.basename(instance.source) if instance.source else "",
        namespaces=sorted(instance.namespaces.items()),
        schema_refs=instance.schema_refs,
        contexts=instance.contexts,
        units=instance.units,
        facts=instance.facts,
    )
    return text.encode("utf-8")


def write_instance(instance: Instance, target: str | Path) -> list[Path]:
    """Render the instance and write it at ``target`` with its extension schema and linkbases
    (if it has extension concepts) beside it, all or nothing.  Returns the paths written."""
    from . import extension

    target = Path(target)
    files = extension.attach(instance, target)  # also points the schemaRef at the extension
    files[target] = render(instance)
    write_files(files)
    return list(files)
