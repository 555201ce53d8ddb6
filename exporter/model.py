"""The dataclasses that travel between the pipeline's stages.

Everything here is plain data: no I/O, no global state.  A stage takes some of these and
returns others (see ``exporter/convert.py`` for the whole pipeline).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# Namespaces used in every instance we write.
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDI = "http://xbrl.org/2006/xbrldi"
ISO4217 = "http://www.xbrl.org/2003/iso4217"
SEC_CIK_SCHEME = "http://www.sec.gov/CIK"
# Entities with no CIK get an identifier under our own scheme (ticker or company name).
LOCAL_ENTITY_SCHEME = "http://xbrl-export.org/entity"


class ConvertError(Exception):
    """A release could not be converted; the message is one line meant for the user."""


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_.-]")


def _id_token(qname: str) -> str:
    return _NOT_IN_ID.sub("", qname.rpartition(":")[2])


@dataclass(frozen=True)
class Period:
    """An XBRL period: an instant (start is None) or a duration from start to end, both inclusive.

    Periods sort by end date, then instants before durations, then longer durations first.
    """

    end: date
    start: date | None = None

    def __lt__(self, other: "Period") -> bool:
        return self._sort_key() < other._sort_key()

    def _sort_key(self) -> tuple:
        return (self.end, self.start is not None, -(self.end - self.start).days if self.start else 0)

    @classmethod
    def instant(cls, day: date) -> "Period":
        return cls(end=day)

    @classmethod
    def duration(cls, start: date, end: date) -> "Period":
        return cls(end=end, start=start)

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @property
    def months(self) -> int:
        """Length in whole months (0 for an instant); 13 weeks ~ 3, 52/53 weeks ~ 12."""
        if self.start is None:
            return 0
        return round(((self.end - self.start).days + 1) / 30.4375)

    @property
    def key(self) -> str:
        """A short stable token for context ids: I2007-09-30 or D2007-07-01_2007-09-30."""
        found = self.__dict__.get("_key")  # computed once (an attribute, not a field)
        if found is None:
            if self.start is None:
                found = f"I{self.end.isoformat()}"
            else:
                found = f"D{self.start.isoformat()}_{self.end.isoformat()}"
            object.__setattr__(self, "_key", found)
        return found

    def __str__(self) -> str:
        if self.start is None:
            return self.end.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class Entity:
    """The reporting entity: identifier and scheme of the XBRL context, and its name."""
    identifier: str
    scheme: str = LOCAL_ENTITY_SCHEME
    name: str | None = None


@dataclass(frozen=True, order=True)
class Member:
    """One explicit dimension value: axis and member are prefixed QNames ("xe:StatementGeographicalAxis")."""

    axis: str
    member: str


@dataclass(frozen=True)
class Context:
    """An XBRL context: entity, period and dimension members."""
    entity: Entity
    period: Period
    dims: tuple[Member, ...] = ()  # kept sorted so equal contexts compare equal

    def __post_init__(self) -> None:
        dims = self.dims
        if len(dims) > 1:
            dims = tuple(sorted(dims))
        elif type(dims) is not tuple:
            dims = tuple(dims)
        object.__setattr__(self, "dims", dims)
        # ``id``: stable, readable, derived from the period and the dimension members only.  It is
        # asked for thousands of times per release (dedup keys, rendering): a plain attribute,
        # computed once (not a field: equality and hashing stay those of the fields)
        object.__setattr__(self, "id", "_".join([self.period.key] + [_id_token(m.member) for m in self.dims]))


@dataclass(frozen=True)
class Unit:
    """A unit: measures are prefixed QNames ("iso4217:USD", "xbrli:shares", "xbrli:pure")."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # ``id`` ("USD", "USD_per_shares"): asked for per fact, so a plain attribute computed once
        # (not a field: equality and hashing stay those of the fields)
        found = "_".join(_id_token(m) for m in self.numerator)
        if self.denominator:
            found += "_per_" + "_".join(_id_token(m) for m in self.denominator)
        object.__setattr__(self, "id", found)


USD = Unit(("iso4217:USD",))
SHARES = Unit(("xbrli:shares",))
USD_PER_SHARE = Unit(("iso4217:USD",), ("xbrli:shares",))
PURE = Unit(("xbrli:pure",))


def currency_unit(code: str) -> Unit:
    return Unit((f"iso4217:{code.upper()}",))


@dataclass(frozen=True, init=False)
class Provenance:
    """Where a number came from: 1-based line and column in the source file.

    For HTML sources, ``table``/``row``/``cell`` (1-based) locate the cell as well.
    ``rule`` names the mapping rule (file:line) that chose the concept.
    """

    source: str
    line: int
    column: int
    text: str
    label: str = ""
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    rule: str = ""

    def __init__(self, source: str, line: int, column: int, text: str, label: str = "", table: int | None = None,
                 row: int | None = None, cell: int | None = None, rule: str = "") -> None:
        # The __init__ dataclass would write (same parameters; tests/test_mapping.py checks them):
        # one is made per fact, and a frozen dataclass's sets each field through
        # object.__setattr__, twice the cost of filling the instance's dict.
        fields = self.__dict__
        fields["source"] = source
        fields["line"] = line
        fields["column"] = column
        fields["text"] = text
        fields["label"] = label
        fields["table"] = table
        fields["row"] = row
        fields["cell"] = cell
        fields["rule"] = rule


def decimal_lexical(value: Decimal) -> str:
    """A fact's value as XBRL writes a decimal: no exponent, no trailing fraction zeros, "0" for
    zero (of either sign)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Fact:
    """One XBRL item.  ``value`` is the XBRL lexical value (already signed and scaled: see
    ``decimal_lexical``)."""

    concept: str  # prefixed QName, e.g. "xe:Revenues"
    context: Context
    value: str
    unit: Unit | None = None  # None for non-numeric items
    decimals: str | None = None  # "-3", "2", "INF"; None for non-numeric items
    provenance: Provenance | None = None

    @property
    def is_numeric(self) -> bool:
        return self.unit is not None

    @property
    def number(self) -> Decimal:
        return Decimal(self.value)


@dataclass
class Unplaced:
    """A number seen in the source that became no fact, and why."""

    text: str
    line: int
    column: int
    reason: str
    label: str = ""
    source: str = ""
    table: int | None = None
    row: int | None = None
    cell: int | None = None


@dataclass
class ExtensionConcept:
    """A company-specific concept declared in the extension schema written beside the instance.

    ``kind`` is "item" for a line item, or "member" for a dimension member (then ``axis`` names
    the axis, a prefixed QName, whose domain it joins; item_type is "domain").
    """

    name: str  # local name; the prefix is the extension's
    item_type: str  # "monetary", "shares", "perShare", "percent", "string", "domain" ...
    period_type: str  # "duration" | "instant"
    balance: str | None
    label: str
    parent: str | None = None  # concept of the total it adds up into, if the table shows one
    weight: int = 1
    kind: str = "item"
    axis: str | None = None


@dataclass(frozen=True)
class ExtensionArc:
    """A calculation relationship of the company extension (prefixed QNames, a role URI):
    the table shows parent = sum of weight * child.  Written to the extension calculation linkbase."""

    parent: str
    child: str
    weight: int
    role: str
    # A prohibiting arc (use="prohibited", priority 1) cancels the base taxonomy's arc between the
    # same concepts for this release (XBRL 2.1 3.5.3.9.7.5); it must repeat that arc's order.
    prohibited: bool = False
    order: int | None = None


@dataclass
class Instance:
    """Everything needed to render one instance document."""

    entity: Entity
    facts: list[Fact]
    schema_refs: list[str]
    namespaces: dict[str, str]  # prefix -> URI for concept prefixes used by facts
    source: str = ""
    unplaced: list[Unplaced] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extension: list[ExtensionConcept] = field(default_factory=list)
    # the extension's calculation arcs and prefix (its namespace is namespaces[extension_prefix])
    extension_arcs: list[ExtensionArc] = field(default_factory=list)
    extension_prefix: str = ""
    # the statements' own arithmetic: exporter.checks.Check per identity and column (held or not)
    checks: list = field(default_factory=list)
    # the release's own statements (exporter.presentation.Layout), for the extension's presentation
    # linkbase; None: the instance refers to the bundled taxonomy's presentation alone
    presentation: object | None = None

    @property
    def contexts(self) -> list[Context]:
        """Distinct contexts in a stable order (instants and durations by date, then dims)."""
        seen: dict[str, Context] = {}
        for f in self.facts:
            seen.setdefault(f.context.id, f.context)
        return sorted(seen.values(), key=lambda c: (c.period.end, c.period.start or c.period.end, c.id))

    @property
    def units(self) -> list[Unit]:
        seen: dict[str, Unit] = {}
        for f in self.facts:
            if f.unit is not None:
                seen.setdefault(f.unit.id, f.unit)
        return sorted(seen.values(), key=lambda u: u.id)


# ---------------------------------------------------------------- tables
#
# What the interpretation stage makes of every reader's grid, whatever the format: later stages
# never look at the source format again.


@dataclass
class Cell:
    """One number of a table row, with where it is in the source."""
    value: Decimal | None  # None: printed as a dash (nil)
    raw: str
    line: int
    column: int  # 1-based column of the token's first character
    percent: bool = False
    decimals: int = 0  # digits after the decimal point as printed
    locator: tuple[int, int, int] | None = None  # HTML: (table, row, cell), 1-based

    @property
    def negative(self) -> bool:
        return self.value is not None and self.value < 0


@dataclass
class Column:
    """A table column: its header text, its period and the members it stands for."""
    header: str
    period: Period | None
    # Segment columns: the dimension members the column stands for ("Domestic", "EMEA").
    dims: tuple[Member, ...] = ()


@dataclass
class Row:
    """A table row: its label, depth, cells and place among the sections."""
    label: str
    line: int
    depth: int  # indentation in characters (text) or nesting level (HTML)
    cells: list[Cell | None]
    sections: tuple[str, ...] = ()  # headings above the row, outermost first
    parent: str | None = None  # a label-only line that introduces this row ("Net loss per share")
    is_total: bool = False
    dims: tuple[Member, ...] = ()  # segment rows ("United States" under "Revenue by region")
    # What the row's numbers are when its label names a member instead ("iPhone" under "Net
    # sales by category" is net sales): mapping matches this rather than the label.
    measure: str | None = None
    # The row's numbers are printed with the sign they add into a total below it ("Provision for
    # income taxes (2,306)" between pre-tax income and net income), found from the arithmetic.
    contribution: bool = False

    @property
    def section(self) -> str | None:
        return self.sections[-1] if self.sections else None

    @property
    def full_label(self) -> str:
        return f"{self.parent} {self.label}" if self.parent else self.label


@dataclass
class Table:
    """A financial table found in a release: caption, statement kind, scale, columns and rows."""
    caption: str
    statement: str  # "income" | "balance" | "cashflow" | "other"
    scale: int  # power of ten applied to money: 3 for thousands, 6 for millions
    columns: list[Column]
    rows: list[Row]
    line: int  # first line of the table (its caption)
    share_scale: int | None = None  # when the caption scales shares differently
    currency: str = "USD"
    index: int = 0  # 1-based position among the release's tables
    warnings: list[str] = field(default_factory=list)
    role: str = "statement"  # "statement" | "segment" (figures per segment) | "other" (non-GAAP, metrics)
