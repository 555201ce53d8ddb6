"""The release's own presentation: which concepts each of its statements shows, in its order,
under its headings, with its labels (issue 14).

The bundled taxonomy's presentation linkbase lists every concept it has (hundreds of rows per
statement); a reader of one instance wants the statements as the release printed them.  So the
company extension gets a presentation linkbase of its own, made here from what mapping decided:

    layout = presentation.layout(decisions, facts, prefix, namespace)  # plain data, on the Instance
    net = presentation.network(layout, taken, namer)                   # roles, abstracts, arcs, labels

One extended link role per statement kind (income statement, balance sheet, cash flow, the other
tables, the document and entity information), each defined by the extension schema, so the
taxonomy's own trees in its roles stay apart.  A role's root is the taxonomy's heading for that
statement (``xe:IncomeStatementAbstract``, ...); the release's section headings ("Current assets:",
"Costs and expenses:", a label-only line such as "Net loss per share:") become abstract concepts
of the extension under it, nested as printed; each line item sits under its innermost heading, in
the release's row order.  Every other table is a heading of its own (its caption) in the other
tables' role, and figures only the prose gives are listed there too.  Each concept the release
reports on a line of its own gets the line's printed text as its release label (the first such
line, statements first), which the arcs name as their preferred label; a line printed with the
opposite sign of its values ("Preferred stock dividends (140)", stored as 140) takes the label in
the negated release label role instead, so a reader shows the value as printed; a balance under
a period's columns (a cash-flow statement's opening and closing cash, one concept) takes it in
the period start or end label role, the two lines two arcs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable

from . import taxonomy as taxonomy_mod
from .model import Fact

# statement kind -> (role id, role definition, root heading QName or None: an extension heading)
ROLES = {
    "document": ("DocumentAndEntityInformation", "0001 - Document - Document and Entity Information",
                 f"{taxonomy_mod.DEI_PREFIX}:DocumentAndEntityInformationAbstract"),
    "income": ("IncomeStatement", "1001 - Statement - Income Statement", "xe:IncomeStatementAbstract"),
    "balance": ("BalanceSheet", "2001 - Statement - Balance Sheet", "xe:StatementOfFinancialPositionAbstract"),
    "cashflow": ("CashFlowStatement", "4001 - Statement - Statement of Cash Flows", "xe:StatementOfCashFlowsAbstract"),
    "other": ("OtherTables", "9001 - Disclosure - Other Tables of the Release", None),
}
OTHER_ROOT_LABEL = "Other Tables of the Release"
PROSE_HEADING = "Figures Given in the Text"
_SPACES = re.compile(r"\s+")


@dataclass
class Line:
    """One line of a statement: its concept, the headings above it (outermost first), its label."""
    concept: str  # QName
    headings: tuple[str, ...]
    label: str | None  # as printed; None where the printed text does not name the concept (a member)
    negated: bool = False  # printed with the opposite sign of the values stored ("Dividends (140)": 140)
    balance_at: str | None = None  # "start" | "end": a balance under a period's columns (opening cash)
    table: int = 0  # the release's table (Table.index) the line is printed in; 0: none


@dataclass
class Statement:
    kind: str  # a key of ROLES
    lines: list[Line] = field(default_factory=list)


@dataclass
class Layout:
    """The statements of one release as it presents them; the extension's prefix and namespace."""
    prefix: str
    namespace: str
    statements: list[Statement]


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(":").strip()


def layout(decisions, facts: list[Fact], prefix: str, namespace: str) -> Layout:
    """The release's statements from mapping's decisions (``mapping.Decision``, in table and row
    order) and the instance's facts (lines whose concept got no fact are left out)."""
    reported = {f.concept for f in facts}
    by_kind: dict[str, Statement] = {}

    def statement(kind: str) -> Statement:
        return by_kind.setdefault(kind, Statement(kind))

    placed: set[str] = set()
    for d in decisions:
        if d.concept is None or d.concept not in reported or not any(f is not None for f in d.facts):
            continue
        table, row = d.table, d.row
        kind = table.statement if table.role == "statement" and table.statement in ROLES else "other"
        headings = tuple(_clean(s) for s in row.sections if _clean(s))
        if kind == "other":
            headings = (_clean(table.caption) or f"Table {table.index}",) + headings
        if row.parent and _clean(row.parent) and (not headings or headings[-1] != _clean(row.parent)):
            headings += (_clean(row.parent),)
        # a member's line ("United States" under "Revenue by region") does not name its concept
        label = None if (row.dims or row.measure) else (_clean(row.label) or None)
        statement(kind).lines.append(Line(d.concept, headings, label, _printed_negated(d), _balance_at(d),
                                          table.index))
        placed.add(d.concept)
    dei = taxonomy_mod.DEI_PREFIX + ":"
    for f in facts:
        if f.concept in placed:
            continue
        placed.add(f.concept)
        if f.concept.startswith(dei):
            statement("document").lines.append(Line(f.concept, (), None))
        else:
            statement("other").lines.append(Line(f.concept, (PROSE_HEADING,), None))
    order = list(ROLES)
    return Layout(prefix, namespace, sorted(by_kind.values(), key=lambda s: order.index(s.kind)))


def _printed_negated(decision) -> bool:
    """Whether every number of the line is stored with the opposite sign of its print (and at
    least one is not zero): the reader should show the value negated to show it as printed."""
    signs = set()
    for k, fact in enumerate(decision.facts):
        cell = decision.row.cells[k] if k < len(decision.row.cells) else None
        if fact is None or cell is None or cell.value is None or cell.value == 0 or fact.unit is None:
            continue
        try:
            stored = Decimal(fact.value)
        except (InvalidOperation, ValueError):
            continue
        if stored != 0:
            signs.add((stored > 0) != (cell.value > 0))
    return signs == {True}


def _balance_at(decision) -> str | None:
    """"start" or "end" for a balance (instant facts) under columns of periods, as a cash-flow
    statement's opening and closing cash: which end of its columns' periods it is dated."""
    ends = set()
    columns = decision.table.columns
    for k, fact in enumerate(decision.facts):
        if fact is None or k >= len(columns) or columns[k].period is None:
            continue
        column, dated = columns[k].period, fact.context.period
        if column.is_instant or not dated.is_instant:
            return None
        ends.add("end" if dated.end == column.end else "start")
    return ends.pop() if len(ends) == 1 else None


@dataclass
class Network:
    """What the extension writes for a layout: its roles, the abstract headings it declares, the
    presentation arcs and the release labels."""
    roles: list[taxonomy_mod.Role]
    abstracts: list[taxonomy_mod.Concept]
    arcs: list[taxonomy_mod.PresentationArc]
    labels: list[tuple[str, str, str]]  # (qname, label role, label as printed)


def network(lay: Layout, taken: Iterable[str], namer: Callable[[str], str]) -> Network:
    """Roles, headings and arcs for ``lay``.  ``taken``: the extension's other local names (a
    heading's name is made unique against them); ``namer``: label -> UpperCamelCase name."""
    used = set(taken)
    heading_names: dict[tuple[str, ...], str] = {}  # heading path -> local name
    abstracts: list[taxonomy_mod.Concept] = []

    def heading(path: tuple[str, ...]) -> str:
        if path not in heading_names:
            base = namer(path[-1]) + "Abstract"
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base}{n}"
            used.add(name)
            heading_names[path] = name
            abstracts.append(taxonomy_mod.make_concept(name, "string", "duration", None, path[-1],
                                                       prefix=lay.prefix, abstract=True))
        return f"{lay.prefix}:{heading_names[path]}"

    roles, arcs, labels, labelled = [], [], [], set()  # labelled: (concept, label role)
    for st in lay.statements:
        role_id, definition, root = ROLES[st.kind]
        uri = f"{lay.namespace}/role/{role_id}"
        roles.append(taxonomy_mod.Role(role_id, uri, definition, ("presentation",)))
        root = root or heading((OTHER_ROOT_LABEL,))
        children: dict[str, int] = {}  # parent -> children so far (the next arc's order)
        seen: set[tuple] = set()

        def attach(parent: str, child: str, preferred: str | None = None, table: int = 0) -> None:
            # once per table, parent and label: a concept shown twice in one table with one label
            # is one line; its opening and closing balance are two, and so are the lines of two
            # tables of a kind ("Net income" atop the comprehensive income statement too)
            if (table, parent, child, preferred) in seen or parent == child:
                return
            seen.add((table, parent, child, preferred))
            children[parent] = children.get(parent, 0) + 1
            arcs.append(taxonomy_mod.PresentationArc(parent, child, children[parent], uri, preferred))

        for line in st.lines:
            parent = root
            for depth in range(1, len(line.headings) + 1):
                qname = heading(line.headings[:depth])
                attach(parent, qname)
                parent = qname
            role = taxonomy_mod.RELEASE_NEGATED_LABEL_ROLE if line.negated else taxonomy_mod.RELEASE_LABEL_ROLE
            if line.balance_at:  # the opening or closing balance (no reader negates those)
                role = (taxonomy_mod.PERIOD_START_LABEL_ROLE if line.balance_at == "start"
                        else taxonomy_mod.PERIOD_END_LABEL_ROLE)
            if line.label and (line.concept, role) not in labelled:
                labelled.add((line.concept, role))
                labels.append((line.concept, role, line.label))
            attach(parent, line.concept, role if (line.concept, role) in labelled else None, line.table)
    return Network(roles, abstracts, arcs, labels)
