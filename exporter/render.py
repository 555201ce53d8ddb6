"""Render an :class:`Instance` to XBRL 2.1 instance XML with the Jinja templates in ``templates/``.

Output is deterministic: contexts, units and facts come in a stable order with stable ids, and
nothing time-dependent is written, so the same input gives the same bytes.  Every value passes
through Jinja's XML escaping; what is written is first validated in memory (``render_checked``)
and files are written atomically (``exporter.files``), so a failure never leaves half a file
behind, nor an instance our validator rejects.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import escape

from . import __version__
from .files import write_atomic, write_files
from .resources import cache_dir, data_dir
from .model import ConvertError, Context, Fact, Instance, Unit

TEMPLATES = data_dir("templates")
__all__ = ["render", "render_checked", "write_instance", "write_atomic", "write_files"]

QNAME = re.compile(r"^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$")
_QNAME_LINES = re.compile(r"(?:[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)(?:\n[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)*")  # QNAMEs, one a line


_COMMENT_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DASHES = re.compile(r"-{2,}")


def _comment(text: str) -> str:
    # "--" may not appear inside an XML comment; control characters may not appear at all.
    text = str(text)
    if "--" not in text and not text.endswith("-") and _COMMENT_FORBIDDEN.search(text) is None:
        return text  # most labels: nothing to change (one search instead of two substitutions)
    text = _COMMENT_FORBIDDEN.sub(" ", text)
    return _DASHES.sub("-", text).rstrip("-")


# What markupsafe.escape replaces (with &amp; &lt; &gt; &#39; &#34;): a text holding none of
# these escapes to itself.
_ESCAPED_CHARACTERS = re.compile(r"[&<>'\"]")


def _comment_texts(labels) -> dict[str, str]:
    """The escaped comment text of each distinct label: what ``_Escaped(_comment)`` gives, but
    with the labels joined by newlines searched and escaped at once (nearly always _comment
    has nothing to do, and escaping only a few apostrophes and ampersands)."""
    distinct = list(dict.fromkeys(labels))
    joined = "\n".join(distinct)
    if joined.count("\n") != len(distinct) - 1:  # a label holds a newline: one at a time
        comments = _Escaped(_comment)
        return {label: comments[label] for label in distinct}
    # (_comment and escaping keep newlines, so the texts split as the labels were joined)
    if "--" in joined or "-\n" in joined or joined.endswith("-") or _COMMENT_FORBIDDEN.search(joined):
        joined = "\n".join([_comment(label) for label in distinct])
    if _ESCAPED_CHARACTERS.search(joined) is not None:
        joined = str(escape(joined))
    return dict(zip(distinct, joined.split("\n")))


class _Escaped(dict):
    """``markupsafe.escape`` (what Jinja's autoescaping applies) of each distinct value, computed
    once per rendering: a release repeats its few context ids, units, concepts and labels over
    and over, and escaping is most of what printing them costs."""

    __slots__ = ("prepare",)

    def __init__(self, prepare=None):
        super().__init__()
        self.prepare = prepare  # applied before escaping (the comment text of a label)

    def __missing__(self, value) -> str:
        text = value if self.prepare is None else self.prepare(value)
        kind = type(text)
        if kind is int:
            escaped = str(text)  # digits and a sign: nothing to escape
        elif kind is str and _ESCAPED_CHARACTERS.search(text) is None:
            escaped = text  # most texts: markupsafe.escape would return them unchanged
        else:
            escaped = escape(text)
        self[value] = escaped
        return escaped


def _context_rows(contexts: list[Context], esc: _Escaped) -> list[tuple]:
    """(id, scheme, identifier, dimension members as (axis, member), start or None, end) per context,
    every value escaped, for the template.  Ids (letters, digits, "_", ".", "-": see
    model.Context) and ISO dates hold nothing escaping replaces: they are printed as they are."""
    return [(c.id, esc[c.entity.scheme], esc[c.entity.identifier],
             [(esc[m.axis], esc[m.member]) for m in c.dims] if c.dims else (),
             None if c.period.start is None else c.period.start.isoformat(), c.period.end.isoformat())
            for c in contexts]


def _unit_rows(units: list[Unit], esc: _Escaped) -> list[tuple]:
    """(id, numerator measures, denominator measures) per unit, every value escaped (ids as for
    contexts: printed as they are)."""
    return [(u.id, [esc[m] for m in u.numerator], [esc[m] for m in u.denominator]) for u in units]


def _fact_rows(facts: list[Fact], esc: _Escaped) -> list[tuple]:
    """(provenance comment text or None, line, column, concept, context id, unit id or None,
    decimals, value) per fact, every value escaped, for the template.

    Only the decimals, which repeat, go through ``esc``: a fact's value is nearly always its own,
    and a value holding none of the characters escaping replaces is printed as it is, so it is
    only searched for them.  Concepts are QNames (render checks them), context and unit ids are
    made of letters, digits, "_", "." and "-" (see model.Context): they hold none of them; line
    and column are ints, which Jinja prints with str() as escaping would."""
    comments = _comment_texts(f.provenance.label for f in facts if f.provenance is not None)
    needs_escape = _ESCAPED_CHARACTERS.search
    rows = []
    append = rows.append
    for f in facts:
        p = f.provenance
        unit = f.unit
        value = f.value
        if needs_escape(value) is not None:
            value = escape(value)
        if p is None:
            append((None, None, None, f.concept, f.context.id, None if unit is None else unit.id,
                    esc[f.decimals], value))
        else:
            append((comments[p.label], p.line, p.column, f.concept, f.context.id,
                    None if unit is None else unit.id, esc[f.decimals], value))
    return rows


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
    return env


def render(instance: Instance, template: str = "instance.xml.j2") -> bytes:
    facts = instance.facts
    concepts = list(dict.fromkeys(f.concept for f in facts))
    joined = "\n".join(concepts)
    # all of them checked at once; when some is no QName, one at a time to name it
    if joined.count("\n") != len(concepts) - 1 or _QNAME_LINES.fullmatch(joined) is None:
        for concept in concepts:
            if not QNAME.match(concept):
                raise ConvertError(f"internal: concept name {concept!r} is not a QName")
    esc = _Escaped()
    text = _environment().get_template(template).render(
        version=__version__,
        source_name=os.path.basename(instance.source) if instance.source else "",
        namespaces=sorted(instance.namespaces.items()),
        schema_refs=instance.schema_refs,
        contexts=_context_rows(instance.contexts, esc),
        units=_unit_rows(instance.units, esc),
        facts=_fact_rows(facts, esc),
    )
    return text.encode("utf-8")


def write_instance(instance: Instance, target: str | Path, *, also: dict[Path, bytes] | None = None,
                   keep=()) -> list[Path]:
    """Render the instance and write it at ``target`` with its extension schema and linkbases
    (if it has extension concepts) beside it, and the files ``also`` gives (a report), all or
    nothing, and none of them over a file of ``keep`` (the inputs).  Returns the paths written."""
    from . import extension

    target = Path(target)
    files = extension.attach(instance, target)  # also points the schemaRef at the extension
    files[target] = render_checked(instance, target, files)
    files.update(also or {})
    write_files(files, keep=keep)
    return list(files)


def render_checked(instance: Instance, where: Path, extension_files: dict[Path, bytes]) -> bytes:
    """``render(instance)``, validated in memory as the file ``where`` with its extension's
    files beside it (``exporter.selfcheck``); ConvertError when it would not be valid."""
    from . import selfcheck

    data = render(instance)
    selfcheck.verify(instance, data, where, extension_files)
    return data
