"""Facts of any XBRL 2.1 instance as a flat table: one row per fact, with its standard label.

    from exporter import facts
    rows = facts("instance.xml")                  # -> Facts (a list of FactRow)
    rows.to_dataframe()                           # pandas, where installed (extra [pandas])
    write(rows, "facts.csv", "csv")               # or "jsonl", "json"

The instance is read and its DTS discovered by the validator's own reader and resolver
(``Validator.load``): the same catalogs, packages and confinement (``roots``) as ``validate``,
nothing downloaded.  Values are not checked here (``validate`` does that).  For instances this
tool wrote, ``--report`` (convert's provenance JSON) adds where each number was printed.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ._callable import make_callable
from .model import ConvertError

STANDARD_LABEL = "http://www.xbrl.org/2003/role/label"
CONCEPT_LABEL = "http://www.xbrl.org/2003/arcrole/concept-label"
XBRLI = "http://www.xbrl.org/2003/instance"
ISO4217 = "http://www.xbrl.org/2003/iso4217"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORMATS = ("csv", "jsonl", "json")
# the table's columns, in order (CSV header; the JSON forms use the same names)
COLUMNS = ("concept", "label", "start", "end", "instant", "dimensions", "entity", "unit", "decimals",
           "precision", "value", "nil", "line", "column", "printed_label")


class FactsError(ConvertError):
    """A file whose facts cannot be read: one line for the user; ``exit_status`` 2 when the file
    could not be read at all, 1 when it was read but is no instance or its taxonomy failed."""

    def __init__(self, message: str, exit_status: int = 1):
        super().__init__(message)
        self.exit_status = exit_status


@dataclass
class FactRow:
    """One fact.  QNames are prefixed as the instance prefixes them; dates as the instance
    writes them (an XML end date is the period's last day)."""

    concept: str
    label: str  # the concept's standard label ("" when the DTS has none)
    start: str | None  # duration: first day; None for instants and forever
    end: str | None  # duration: last day
    instant: str | None
    dimensions: dict[str, str]  # axis -> member (explicit: a QName; typed: the value's text)
    entity: str  # the context's entity identifier (its scheme in entity_scheme)
    entity_scheme: str
    unit: str | None  # "USD", "USD/shares", "pure"; None for non-numeric facts
    decimals: str | None
    precision: str | None
    value: Decimal | str | None  # numeric facts: a Decimal; None when nil
    nil: bool
    numeric: bool
    # from convert's --report, for instances this tool wrote
    line: int | None = None
    column: int | None = None
    printed_label: str | None = None
    # for the OIM writer: the unit's measures (prefixed QNames), the period's texts as written
    measures: tuple[tuple[str, ...], tuple[str, ...]] = field(default=((), ()), repr=False)
    context: str = field(default="", repr=False)

    def as_dict(self) -> dict:
        """The row as the table shows it (JSON-ready: a number stays a number's text)."""
        out = {name: getattr(self, name) for name in COLUMNS}
        value = self.value
        out["value"] = None if value is None else (format(value, "f") if isinstance(value, Decimal) else value)
        return out


class Facts(list):
    """The rows of one instance (a list of :class:`FactRow`), with the instance's namespaces
    (prefix -> URI) and its schema references, which the OIM writer needs."""

    def __init__(self, rows=(), *, source: str = "", namespaces: dict[str, str] | None = None,
                 schema_refs: list[str] | None = None):
        super().__init__(rows)
        self.source = source
        self.namespaces = dict(namespaces or {})
        self.schema_refs = list(schema_refs or [])
        # facts of the instance not listed: their element is declared nowhere in the DTS, or
        # their context does not exist (``validate`` says more)
        self.left_out = 0

    def to_dataframe(self):
        """A pandas DataFrame of the rows (the table's columns); pandas is an optional extra."""
        try:
            import pandas
        except ImportError:
            raise ConvertError("to_dataframe needs pandas, which is not installed "
                               "(pip install 'xbrl-export[pandas]')") from None
        frame = pandas.DataFrame([r.as_dict() for r in self], columns=list(COLUMNS))
        frame["value"] = [r.value for r in self]  # numbers as Decimal, not text
        return frame


def facts(path: str | Path, *, report: str | Path | None = None, packages=(), roots=(), validator=None) -> Facts:
    """The facts of the instance at ``path``; ``report``: convert's --report JSON for it (adds
    source line, column and printed label); ``packages``/``roots`` as for ``validate``, or
    ``validator``: an ``exporter.validate.Validator`` to read with (a batch shares the taxonomy
    documents it has parsed).  Raises FactsError (one line) when the file is no readable instance."""
    if validator is None:
        with open_reader(packages, roots) as own:
            return facts(path, report=report, validator=own)
    instance, dts, read = validator.load(path)
    if instance is None:
        first = read.errors[0] if read.errors else None
        if read.unreadable:
            raise FactsError(f"{path}: {first.message if first else 'cannot be read'}", 2)
        if first is not None:
            raise FactsError(f"{path}: {first.message}")
        raise FactsError(f"{path}: not an XBRL instance (its root is not xbrli:xbrl)")
    fatal = [m for m in read.errors if m.code.startswith(("xbrl:", "tpe:")) and "schemaImportMissing" not in m.code]
    if dts is None or (fatal and not dts.concepts):
        raise FactsError(f"{path}: its taxonomy could not be loaded: {fatal[0].message if fatal else 'no schemaRef'}")
    rows = _rows(instance, dts)
    if report is not None:
        _add_provenance(rows, report)
    return rows


def open_reader(packages=(), roots=()):
    """A validator to read instances with (close it, or use it in a ``with``); FactsError
    (exit status 2) for a package or root that does not exist."""
    from .validate import Validator
    from .validate.resolver import DocumentError

    try:
        return Validator(packages=packages, roots=roots)
    except (DocumentError, ValueError) as exc:
        raise FactsError(str(exc), 2) from None


def _rows(instance, dts) -> Facts:
    prefixes = _Prefixes(instance.namespaces)
    labels = _Labels(dts, instance.root.get(XML_LANG) if instance.root is not None else None)
    from .validate.values import is_numeric_type

    numeric_concepts: dict[str, bool] = {}
    rows = Facts(source=instance.url, schema_refs=list(instance.schema_refs))
    rows.left_out = len(instance.undeclared)
    for fact in instance.facts:
        if fact.is_tuple:
            continue
        concept = dts.concepts.get(fact.concept)
        if concept is None:
            rows.left_out += 1
            continue
        numeric = numeric_concepts.get(fact.concept)
        if numeric is None:
            numeric = numeric_concepts[fact.concept] = is_numeric_type(concept.type_chain)
        context = instance.contexts.get((fact.context_ref or "").strip())
        if context is None:
            rows.left_out += 1
            continue
        start = end = instant = None
        if context.period_kind == "instant":
            instant = context.end_text
        elif context.period_kind == "duration":
            start, end = context.start_text, context.end_text
        dims = {}
        for d in context.dimensions:
            axis = prefixes.name(d.dimension) if d.dimension else d.dimension_text
            if d.is_typed:
                dims[axis] = "".join(d.typed_element.itertext()).strip() if d.typed_element is not None else ""
            else:
                dims[axis] = prefixes.name(d.member) if d.member else d.member_text
        unit_text, measures = None, ((), ())
        if numeric:
            unit = instance.units.get((fact.unit_ref or "").strip())
            if unit is not None:
                measures = (tuple(prefixes.name(m) for m in unit.numerator),
                            tuple(prefixes.name(m) for m in unit.denominator))
                unit_text = _unit_text(unit, prefixes)
        value: Decimal | str | None
        if fact.is_nil:
            value = None
        elif numeric:
            text = (fact.value or "").strip()
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = text  # (a fraction or a bad number: validate says which)
        else:
            value = fact.value or ""
        rows.append(FactRow(
            concept=prefixes.name(fact.concept), label=labels.standard(fact.concept),
            start=start, end=end, instant=instant, dimensions=dims,
            entity=context.entity_identifier, entity_scheme=context.entity_scheme,
            unit=unit_text, decimals=fact.decimals.strip() if fact.decimals else None,
            precision=fact.precision.strip() if fact.precision else None,
            value=value, nil=fact.is_nil, numeric=numeric, measures=measures, context=context.id))
    rows.namespaces = prefixes.used()
    return rows


class _Prefixes:
    """Clark names written back as prefixed QNames, with the instance's own prefixes (a
    namespace it binds to no prefix gets ns1, ns2 ...)."""

    def __init__(self, namespaces: dict):
        self.by_uri: dict[str, str] = {}
        for prefix, uri in sorted(namespaces.items(), key=lambda p: (p[0] is None, p[0] or "")):
            if prefix:
                self.by_uri.setdefault(uri, prefix)
        self.taken = set(self.by_uri.values())
        self._used: dict[str, str] = {}

    def name(self, clark: str) -> str:
        if not clark.startswith("{"):
            return clark
        uri, _, local = clark[1:].partition("}")
        prefix = self.by_uri.get(uri)
        if prefix is None:
            n = 1
            while f"ns{n}" in self.taken:
                n += 1
            prefix = self.by_uri[uri] = f"ns{n}"
            self.taken.add(prefix)
        self._used[prefix] = uri
        return f"{prefix}:{local}"

    def used(self) -> dict[str, str]:
        return dict(sorted(self._used.items()))


def _measure_text(qname: str) -> str:
    """A measure as a reader expects it: ISO currencies and XBRL's own measures by their local
    name (USD, shares, pure), others as prefixed QNames."""
    uri, _, local = qname[1:].partition("}") if qname.startswith("{") else ("", "", qname)
    return local if uri in (ISO4217, XBRLI) else ""


def _unit_text(unit, prefixes: _Prefixes) -> str:
    def part(measures):
        names = [_measure_text(m) or prefixes.name(m) for m in measures]
        return "*".join(names)

    text = part(unit.numerator)
    if unit.denominator:
        text += "/" + part(unit.denominator)
    return text


class _Labels:
    """Standard labels of concepts from the DTS's label links: in the instance's language when
    it has one, else English (en, en-US ...), else any."""

    def __init__(self, dts, lang: str | None):
        self.lang = (lang or "").lower()
        self.by_concept: dict[str, list] = {}
        for rel in dts.relationships_of(CONCEPT_LABEL):
            res = rel.target_resource
            if rel.source and res is not None and res.role in (STANDARD_LABEL, None):
                self.by_concept.setdefault(rel.source, []).append(res)
        self._chosen: dict[str, str] = {}

    def standard(self, concept: str) -> str:
        found = self._chosen.get(concept)
        if found is None:
            found = self._chosen[concept] = self._choose(self.by_concept.get(concept, []))
        return found

    def _choose(self, resources) -> str:
        def rank(res) -> int:
            lang = (res.lang or "").lower()
            if self.lang and lang == self.lang:
                return 0
            if lang == "en":
                return 1
            if lang.startswith("en-"):
                return 2
            return 3

        if not resources:
            return ""
        return " ".join(min(resources, key=rank).text.split())


def _add_provenance(rows: Facts, report: str | Path) -> None:
    """Source line, column and printed label from convert's --report, matched by concept and
    context (the report names both as the instance does)."""
    try:
        data = json.loads(Path(report).read_text(encoding="utf-8"))
        entries = data["facts"]
    except FileNotFoundError:
        raise FactsError(f"{report}: file not found", 2) from None
    except OSError as exc:
        raise FactsError(f"{report}: cannot read ({exc.strerror or exc})", 2) from None
    except (ValueError, KeyError, TypeError):
        raise FactsError(f"{report}: not a convert --report JSON (no 'facts' list)") from None
    queues: dict[tuple, list] = {}
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("source"), dict):
            queues.setdefault((entry.get("concept"), entry.get("context")), []).append(entry["source"])
    for row in rows:
        waiting = queues.get((row.concept, row.context))
        if waiting:
            source = waiting.pop(0)
            row.line, row.column = source.get("line"), source.get("column")
            row.printed_label = source.get("label") or None


# ---------------------------------------------------------------- output

def _cell(row: FactRow, name: str) -> str:
    if name == "dimensions":
        return "; ".join(f"{axis}={member}" for axis, member in row.dimensions.items())
    if name == "nil":
        return "true" if row.nil else ""
    value = row.as_dict()[name] if name == "value" else getattr(row, name)
    return "" if value is None else str(value)


def render(rows: Facts, fmt: str) -> bytes:
    """The table as CSV (header + one line per fact), JSON Lines or one JSON document."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(row, name) for name in COLUMNS])
        return out.getvalue().encode("utf-8")
    if fmt == "jsonl":
        return "".join(json.dumps(r.as_dict(), ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    document = {"source": rows.source, "namespaces": rows.namespaces, "facts": [r.as_dict() for r in rows]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def format_for(path: str | Path, given: str | None) -> str:
    """The format named, else the one the output's suffix says (.jsonl, .json), else csv."""
    if given:
        return given
    suffix = Path(str(path)).suffix.lower()
    return {".jsonl": "jsonl", ".json": "json"}.get(suffix, "csv")


__all__ = ["facts", "FactRow", "Facts", "FactsError", "render", "COLUMNS", "FORMATS"]

make_callable(__name__, "facts")  # `exporter.facts(path)` works on the module too
