"""The Open Information Model 1.0 forms of a report: xBRL-JSON and xBRL-CSV.

Both are built from one :class:`OimReport` (plain data), made either from our own model
(``from_model``: ``convert --format xbrl-json|xbrl-csv``) or from the facts of any loaded XBRL 2.1
instance (``from_rows``: ``xbrl-export oim``).  How XBRL 2.1 XML maps to OIM:

- a period is a pair of date-times: an XML date that starts a period is its midnight, one that
  ends a period (or is an instant) is the midnight that follows it (2007-09-30 -> 2007-10-01T00:00:00);
- the entity is ``prefix:identifier``, the prefix bound to the identifier's scheme;
- a unit is ``num*num/den`` of prefixed measures; a numeric fact in xbrli:pure has no unit
  (OIM's default), a non-numeric fact none at all;
- decimals is an integer, absent for INF; a nil fact's value is null (xBRL-CSV: ``#nil``).

xBRL-CSV is written as a metadata JSON file and one CSV table beside it (``NAME.json`` and
``NAME-facts.csv``): one row per fact, one column per core dimension and per axis.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

OIM_NAMESPACE = "https://xbrl.org/2021"
JSON_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
CSV_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-csv"
XBRLI = "http://www.xbrl.org/2003/instance"
ISO4217 = "http://www.xbrl.org/2003/iso4217"
FORMATS = ("xbrl-json", "xbrl-csv")
PURE = "xbrli:pure"
# well-known entity schemes get their usual prefix; others scheme, scheme2 ...
SCHEME_PREFIXES = {"http://www.sec.gov/CIK": "cik"}
CORE_COLUMNS = ("id", "concept", "entity", "period", "unit", "decimals")


@dataclass
class OimFact:
    """One fact in OIM terms (prefixed QNames throughout)."""

    id: str
    concept: str
    entity: str  # "prefix:identifier"
    period: str | None  # "start/end" or an instant, as date-times; None: forever
    unit: str | None  # None: no unit (non-numeric, or pure)
    dimensions: dict[str, str]  # taxonomy-defined dimensions: axis -> member or typed value
    decimals: int | None  # None: INF, or non-numeric
    value: str | None  # None: nil


@dataclass
class OimReport:
    namespaces: dict[str, str]  # prefix -> URI, every prefix the facts use
    taxonomy: list[str]  # the schemas the report's DTS starts from (URLs, relative or absolute)
    facts: list[OimFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- building

def from_model(instance) -> OimReport:
    """The OIM report of one of our own instances (``exporter.model.Instance``); its schema
    references are the ones it will be written with (``extension.attach`` sets them)."""
    namespaces = dict(instance.namespaces)
    schemes = _Schemes(namespaces)
    facts = []
    for n, f in enumerate(instance.facts, 1):
        p = f.context.period
        period = _instant(p.end) if p.is_instant else f"{_start(p.start)}/{_instant(p.end)}"
        unit = None
        if f.unit is not None:
            unit = unit_string(f.unit.numerator, f.unit.denominator)
            namespaces.update(_measure_namespaces(f.unit.numerator + f.unit.denominator))
        numeric = f.unit is not None
        decimals = int(f.decimals) if numeric and f.decimals not in (None, "INF") else None
        value = None if numeric and f.value == "" else f.value
        facts.append(OimFact(f"f{n}", f.concept, schemes.entity(f.context.entity.scheme, f.context.entity.identifier),
                             period, unit, {m.axis: m.member for m in f.context.dims}, decimals, value))
    return OimReport(_with_core(namespaces, schemes), list(instance.schema_refs), facts)


def from_rows(rows, taxonomy: list[str]) -> OimReport:
    """The OIM report of a loaded instance's facts (``exporter.facts.Facts``); ``taxonomy``:
    its schema references as the report should name them."""
    namespaces = dict(rows.namespaces)
    schemes = _Schemes(namespaces)
    report = OimReport({}, list(taxonomy))
    for n, row in enumerate(rows, 1):
        if row.instant is not None:
            period = _end_text(row.instant)
        elif row.start is not None:
            period = f"{_start_text(row.start)}/{_end_text(row.end)}"
        else:
            period = None  # forever
        unit = None
        decimals = None
        if row.numeric:
            unit = unit_string(*row.measures) if row.measures[0] else None
            if row.decimals not in (None, "INF"):
                decimals = int(row.decimals)
            elif row.precision not in (None, "INF") and not row.nil:
                report.warnings.append(f"{row.concept} (context {row.context}) has precision {row.precision}, "
                                       "which OIM cannot express: written without decimals")
        value = None if row.nil else (format(row.value, "f") if row.numeric and not isinstance(row.value, str)
                                      else str(row.value))
        report.facts.append(OimFact(f"f{n}", row.concept, schemes.entity(row.entity_scheme, row.entity), period,
                                    unit, dict(row.dimensions), decimals, value))
    report.namespaces = _with_core(namespaces, schemes)
    return report


def unit_string(numerator, denominator=()) -> str | None:
    """OIM's unit string of prefixed measures (sorted, as OIM's canonical form has them); None
    for pure alone, which OIM writes as no unit."""
    num, den = sorted(numerator), sorted(denominator)
    if num == [PURE] and not den:
        return None

    def part(measures):
        text = "*".join(measures)
        return f"({text})" if len(measures) > 1 and den else text

    return part(num) + (f"/{part(den)}" if den else "")


def _measure_namespaces(measures) -> dict[str, str]:
    known = {"iso4217": ISO4217, "xbrli": XBRLI}
    return {m.partition(":")[0]: known[m.partition(":")[0]] for m in measures if m.partition(":")[0] in known}


def _with_core(namespaces: dict[str, str], schemes: "_Schemes") -> dict[str, str]:
    out = {"xbrl": OIM_NAMESPACE}
    out.update(namespaces)
    out.update(schemes.prefixes)
    return dict(sorted(out.items()))


class _Schemes:
    """Prefixes for entity identifier schemes, clear of the report's other prefixes."""

    def __init__(self, namespaces: dict[str, str]):
        self.taken = set(namespaces) | {"xbrl"}
        self.prefixes: dict[str, str] = {}
        self._by_scheme: dict[str, str] = {}

    def entity(self, scheme: str, identifier: str) -> str:
        prefix = self._by_scheme.get(scheme)
        if prefix is None:
            base = SCHEME_PREFIXES.get(scheme, "scheme")
            prefix, n = base, 1
            while prefix in self.taken:
                n += 1
                prefix = f"{base}{n}"
            self.taken.add(prefix)
            self._by_scheme[scheme] = prefix
            self.prefixes[prefix] = scheme
        return f"{prefix}:{identifier}"


def _start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00"


def _instant(day: date) -> str:
    """The end of a day: the midnight that follows it."""
    return f"{(day + timedelta(days=1)).isoformat()}T00:00:00"


_DATE_ONLY = re.compile(r"\s*(\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?\s*")


def _start_text(text: str) -> str:
    m = _DATE_ONLY.fullmatch(text)
    return f"{m.group(1)}T00:00:00{m.group(2) or ''}" if m else text.strip()


def _end_text(text: str) -> str:
    m = _DATE_ONLY.fullmatch(text)
    if not m:
        return text.strip()
    day = date.fromisoformat(m.group(1)) + timedelta(days=1)
    return f"{day.isoformat()}T00:00:00{m.group(2) or ''}"


# ---------------------------------------------------------------- writing

def xbrl_json(report: OimReport) -> bytes:
    """The xBRL-JSON document."""
    facts = {}
    for f in report.facts:
        dims = {"concept": f.concept, "entity": f.entity}
        if f.period is not None:
            dims["period"] = f.period
        if f.unit is not None:
            dims["unit"] = f.unit
        dims.update(f.dimensions)
        entry: dict = {"value": f.value}
        if f.decimals is not None:
            entry["decimals"] = f.decimals
        entry["dimensions"] = dims
        facts[f.id] = entry
    document = {"documentInfo": {"documentType": JSON_DOCUMENT_TYPE, "namespaces": report.namespaces,
                                 "taxonomy": report.taxonomy},
                "facts": facts}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def csv_table_name(metadata: str | Path) -> str:
    """The CSV table's file name beside the metadata file: NAME.json -> NAME-facts.csv."""
    return Path(metadata).stem + "-facts.csv"


def xbrl_csv(report: OimReport, table_url: str) -> tuple[bytes, bytes]:
    """The xBRL-CSV metadata JSON and its one CSV table (to be written at ``table_url``,
    relative to the metadata file)."""
    axes = sorted({axis for f in report.facts for axis in f.dimensions})
    axis_columns = _axis_columns(axes)
    columns: dict = {name: {} for name in CORE_COLUMNS}
    columns.update({axis_columns[a]: {} for a in axes})
    columns["value"] = {"dimensions": {}}
    dimensions = {"concept": "$concept", "entity": "$entity", "period": "$period", "unit": "$unit"}
    dimensions.update({a: "$" + axis_columns[a] for a in axes})
    metadata = {
        "documentInfo": {"documentType": CSV_DOCUMENT_TYPE, "namespaces": report.namespaces,
                         "taxonomy": report.taxonomy},
        "tableTemplates": {"facts": {"rowIdColumn": "id", "columns": columns, "dimensions": dimensions,
                                     "decimals": "$decimals"}},
        "tables": {"facts": {"template": "facts", "url": table_url}},
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(CORE_COLUMNS) + [axis_columns[a] for a in axes] + ["value"])
    for f in report.facts:
        writer.writerow([f.id, f.concept, f.entity, f.period or "", f.unit or "",
                         "" if f.decimals is None else str(f.decimals)]
                        + [_csv_text(f.dimensions[a]) if a in f.dimensions else "" for a in axes]
                        + ["#nil" if f.value is None else _csv_text(f.value)])
    meta = (json.dumps(metadata, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    return meta, out.getvalue().encode("utf-8")


def _csv_text(text: str) -> str:
    """A cell's text: xBRL-CSV gives '#' a special meaning at the start of a cell, and an
    empty cell means 'no value'."""
    if text == "":
        return "#empty"
    return "#" + text if text.startswith("#") else text


def _axis_columns(axes: list[str]) -> dict[str, str]:
    """Column names for axes (identifiers: prefix_Local), clear of the core columns."""
    out: dict[str, str] = {}
    taken = set(CORE_COLUMNS) | {"value"}
    for axis in axes:
        base = re.sub(r"[^A-Za-z0-9_]", "_", axis)
        if not re.match(r"[A-Za-z_]", base):
            base = "_" + base
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        out[axis] = name
    return out


def output_files(report: OimReport, target: Path, fmt: str) -> dict[Path, bytes]:
    """The files of the report in ``fmt`` for ``target`` (xbrl-json: the document; xbrl-csv:
    the metadata file, and its table beside it)."""
    if fmt == "xbrl-json":
        return {target: xbrl_json(report)}
    if fmt == "xbrl-csv":
        table = csv_table_name(target)
        meta, data = xbrl_csv(report, table)
        return {target: meta, target.parent / table: data}
    raise ValueError(f"OIM format must be one of {', '.join(FORMATS)}, not {fmt!r}")
