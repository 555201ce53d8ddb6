"""Loading the taxonomy: ``taxonomy/src/concepts.csv`` and ``structure.toml`` read and checked
(labels, signs and calculation weights), and the compiled JSON form that ``load()`` reads.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path

from .core import (DEI_PREFIX, NUMERIC_TYPES, PREFIX, ROLE_BASE, SCHEMA_DIR, SIGNS, XSD_TYPES, Axis, CalcArc, Concept,
                   DomainMember, PresentationArc, Role, Taxonomy)


def package_dir() -> Path:
    """The taxonomy/ folder (of the source checkout, or the copy inside an installed wheel)."""
    from ..resources import data_dir

    return data_dir("taxonomy")


def source_dir() -> Path:
    return package_dir() / "src"


def schema_dir() -> Path:
    return package_dir() / SCHEMA_DIR


class TaxonomySourceError(ValueError):
    """concepts.csv or structure.toml is inconsistent; the message names the row or entry."""


_WORD_LABELS = [  # name fragments whose US-GAAP label is not the plain words
    ("IncreaseDecrease", "Increase (Decrease)"), ("IncomeLoss", "Income (Loss)"),
    ("ProfitLoss", "Profit (Loss)"), ("GainLoss", "Gain (Loss)"), ("GainsLosses", "Gain (Loss)"),
    ("IncomeExpense", "Income (Expense)"), ("ExpenseBenefit", "Expense (Benefit)"),
    ("ProvidedByUsedIn", "Provided by (Used in)"), ("AccumulatedDeficit", "(Accumulated Deficit)"),
    ("PaymentsForProceedsFrom", "Payments for (Proceeds from)"),
    ("ProceedsFromPaymentsFor", "Proceeds from (Payments for)"),
    ("ProceedsFromRepaymentsOf", "Proceeds from (Repayments of)"),
]
_SMALL_WORDS = {"And", "Of", "In", "To", "For", "From", "By", "On", "Or", "The", "At", "As", "With"}
_NEGATIONS = [  # how a label reads with the opposite sign
    ("Increase (Decrease)", "Decrease (Increase)"), ("Income (Loss)", "Loss (Income)"),
    ("Profit (Loss)", "Loss (Profit)"), ("Gain (Loss)", "Loss (Gain)"),
    ("Income (Expense)", "Expense (Income)"), ("Expense (Benefit)", "Benefit (Expense)"),
    ("Provided by (Used in)", "Used in (Provided by)"), ("Expense (Reversal)", "Reversal (Expense)"),
]
_SIGNED_NAME = re.compile(
    r"IncomeLoss|ProfitLoss|GainLoss|GainsLosses|LossGain|IncomeExpense|ExpenseIncome|ExpenseBenefit"
    r"|BenefitExpense|ProvidedByUsedIn|PeriodIncreaseDecrease|EffectOfExchangeRate|AccumulatedDeficit"
    r"|ComprehensiveIncome|GrossProfit|EarningsPerShare|PerBasicShare|PerDilutedShare"
    r"|PaymentsForProceeds|ProceedsFromPayments|ProceedsFromRepayments|AssetsLiabilities|^ProfitLoss$")


def label_from_name(name: str) -> str:
    """A readable standard label for a concept name when the source gives none."""
    text = name
    for fragment, words in _WORD_LABELS:
        text = text.replace(fragment, f" {words} ")
    parts = []
    for chunk in text.split(" "):
        if chunk.startswith("(") or chunk.endswith(")") or not chunk:
            parts.append(chunk)
            continue
        parts.extend(re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+", chunk))
    words = [w for w in parts if w]
    return " ".join(w.lower() if i and w in _SMALL_WORDS else w for i, w in enumerate(words))


def terse_from_label(label: str) -> str:
    """Sentence case of the standard label: "Accounts Payable, Current" -> "Accounts payable, current"."""
    words = label.split(" ")
    out = [words[0]] + [w if (w.isupper() and len(w) > 1) or w[:1] == "(" and w[1:2].isupper() and w[2:3].isupper()
                        else w.lower() for w in words[1:]]
    return " ".join(out)


def negate_label(label: str) -> str | None:
    if "(" not in label:
        return None
    lowered = label.lower()
    for plain, negated in _NEGATIONS:
        at = lowered.find(plain.lower())
        if at < 0:
            continue
        span = label[at:at + len(plain)]
        # keep the case style of the label: "Increase (decrease)" -> "Decrease (increase)"
        words = [n.capitalize() if o[:1].isupper() or o[1:2].isupper() and o[0] == "(" else n.lower()
                 for o, n in zip(span.split(" "), negated.split(" "))]
        words = [w if not w.startswith("(") else "(" + (w[1:].capitalize() if o[1:2].isupper() else w[1:].lower())
                 for o, w in zip(span.split(" "), words)]
        return label[:at] + " ".join(words) + label[at + len(plain):]
    return None


def default_sign(name: str, item_type: str, balance: str | None) -> str:
    """The sign convention when the source does not give one (see the module docstring)."""
    if name.startswith("IncreaseDecrease"):
        return "change"
    if item_type not in NUMERIC_TYPES or _SIGNED_NAME.search(name):
        return "signed"
    if item_type == "shares":
        return "magnitude"  # share counts are never negative
    if balance is None:
        return "signed"
    if re.search(r"Net$|NetOfTax$|Other.*Net", name) and "Receivable" not in name and "Revenue" not in name \
            and not re.search(r"(Assets|Equipment|Investments|Liabilities|Inventory|Securities)", name):
        return "signed"  # "..., Net" income statement amounts are income less expense
    if name in {"StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"}:
        return "signed"
    return "magnitude"


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    import csv  # only building from the source files needs it (load() reads the compiled JSON)

    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(i, line) for i, line in enumerate(fh, 1)]
    data = [(i, line) for i, line in lines if line.strip() and not line.startswith("#")]
    reader = csv.reader(line for _, line in data)
    for (lineno, _), row in zip(data, reader):
        rows.append((lineno, row))
    return rows


def _parse_concepts(path: Path) -> tuple[dict[str, Concept], dict[str, list[str]]]:
    rows = _read_rows(path)
    header, body = rows[0][1], rows[1:]
    if header[:4] != ["name", "type", "period", "balance"]:
        raise TaxonomySourceError(f"{path.name}:{rows[0][0]}: unexpected header {header!r}")
    concepts: dict[str, Concept] = {}
    parents: dict[str, list[str]] = {}
    current_abstract: str | None = None
    for lineno, row in body:
        row = row + [""] * (9 - len(row))
        if len(row) > 9:
            raise TaxonomySourceError(f"{path.name}:{lineno}: {len(row)} columns (quote labels with commas)")
        name, kind, period, balance, parent, sign, label, terse, negated = (f.strip() for f in row)
        where = f"{path.name}:{lineno}"
        if name in concepts:
            raise TaxonomySourceError(f"{where}: duplicate concept {name}")
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
            raise TaxonomySourceError(f"{where}: bad concept name {name!r}")
        abstract = kind == "abstract"
        item_type = "string" if abstract else kind
        if item_type not in XSD_TYPES:
            raise TaxonomySourceError(f"{where}: unknown type {kind!r}")
        if period not in ("d", "i"):
            raise TaxonomySourceError(f"{where}: period must be d or i, not {period!r}")
        if balance not in ("", "debit", "credit") or (balance and item_type != "monetary"):
            raise TaxonomySourceError(f"{where}: balance {balance!r} not allowed for type {kind}")
        if sign and sign not in SIGNS:
            raise TaxonomySourceError(f"{where}: sign must be one of {SIGNS}")
        label = label or label_from_name(name)
        terse_label = terse or (None if abstract else terse_from_label(label))
        negated_label = negated or (None if abstract or item_type not in NUMERIC_TYPES else
                                    negate_label(terse_label or label))
        concepts[name] = Concept(
            name=name, item_type=item_type, period_type="instant" if period == "i" else "duration",
            balance=balance or None, abstract=abstract, label=label, terse_label=terse_label,
            negated_label=negated_label, sign=sign or default_sign(name, item_type, balance or None))
        if parent:
            parents[name] = parent.split("|")
        elif not abstract:
            if current_abstract is None:
                raise TaxonomySourceError(f"{where}: {name} has no parent and no abstract row above it")
            parents[name] = [current_abstract]
        if abstract:
            current_abstract = name
    for name, ps in parents.items():
        for p in ps:
            if p not in concepts or not concepts[p].abstract:
                raise TaxonomySourceError(f"{path.name}: parent {p!r} of {name} is not an abstract concept")
    return concepts, parents


def _weighted(child: str, where: str) -> tuple[str, int]:
    if child[:1] not in "+-" or len(child) < 2:
        raise TaxonomySourceError(f"{where}: calculation child {child!r} must start with + or -")
    return child[1:], 1 if child[0] == "+" else -1


COMPILED_FILE = "xe-2026.json"  # taxonomy/xe-2026.json: the source, parsed and checked, for load()


@functools.lru_cache(maxsize=1)
def load() -> Taxonomy:
    """The xe taxonomy (cached: the result is treated as immutable).

    Reads ``taxonomy/xe-2026.json``, the parsed form of the source written by ``build`` (parsing
    and checking the CSV each time would cost more than the 20 ms budget); the no-drift test keeps
    it equal to the source.
    """
    path = package_dir() / COMPILED_FILE
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise TaxonomySourceError(f"cannot read {path} ({exc}); run: python -m exporter.taxonomy build") from None
    return _from_json(data)


def _to_json(tx: Taxonomy) -> bytes:
    data = {
        # (a tenth field, the prefix, only where it is not xe's: the dei concepts)
        "concepts": [[c.name, c.item_type, c.period_type, c.balance, c.abstract, c.label, c.terse_label,
                      c.negated_label, c.sign] + ([c.prefix] if c.prefix != PREFIX else [])
                     for c in tx.concepts.values()],
        "calculations": [[a.parent, a.child, a.weight, a.role] for a in tx.calculations],
        "presentation": [[a.parent, a.child, a.order, a.role] for a in tx.presentation],
        "roles": [[r.id, r.uri, r.definition, list(r.used_on), r.root] for r in tx.roles.values()],
        "axes": [[a.name, a.label, a.domain, a.domain_label, [[m, tx.members[m].label] for m in a.members]]
                 for a in tx.axes.values()],
        "hypercube": [tx.hypercube, tx.hypercube_label, tx.line_items, tx.line_items_label],
        "dimensional_items": list(tx.dimensional_items),
    }
    # one entry per line, so that a change to the source shows as a readable diff
    parts = []
    for key, value in data.items():
        if value and isinstance(value[0], list):
            items = ",\n".join(json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{json.dumps(key)}: [\n{items}\n]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _from_json(data: dict) -> Taxonomy:
    concepts = {row[0]: Concept(*row) for row in data["concepts"]}
    members = {}
    axes = {}
    for name, label, domain, domain_label, mems in data["axes"]:
        for m, mlabel in mems:
            members[m] = DomainMember(m, mlabel, name)
        axes[name] = Axis(name, label, domain, domain_label, tuple(m for m, _ in mems))
    hypercube, hypercube_label, line_items, line_items_label = data["hypercube"]
    return Taxonomy(
        concepts=concepts,
        calculations=[CalcArc(*row) for row in data["calculations"]],
        presentation=[PresentationArc(*row) for row in data["presentation"]],
        roles={r[0]: Role(r[0], r[1], r[2], tuple(r[3]), r[4]) for r in data["roles"]},
        axes=axes, members=members, hypercube=hypercube, hypercube_label=hypercube_label,
        line_items=line_items, line_items_label=line_items_label,
        dimensional_items=tuple(data["dimensional_items"]))


def _subtree(root: str, children: dict[str, list[str]]) -> set[str]:
    """The heading and every concept below it in concepts.csv's presentation."""
    out: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in out:
            out.add(node)
            stack.extend(children.get(node, []))
    return out


def load_source() -> Taxonomy:
    """Parse and check concepts.csv and structure.toml (what ``build`` compiles)."""
    return load_from(source_dir())


def load_from(src: Path) -> Taxonomy:
    import tomllib  # as csv: not imported by conversions, which load the compiled taxonomy

    concepts, parents = _parse_concepts(src / "concepts.csv")
    with (src / "structure.toml").open("rb") as fh:
        structure = tomllib.load(fh)
    roles: dict[str, Role] = {}
    for r in structure.get("role", []):
        roles[r["id"]] = Role(id=r["id"], uri=ROLE_BASE + r["id"], definition=r["definition"],
                              used_on=tuple(r["used_on"]), root=r.get("root"))
    # presentation: each root's subtree, children in source order
    children: dict[str, list[str]] = {}
    for name in concepts:
        for p in parents.get(name, []):
            children.setdefault(p, []).append(name)
    dei_root = structure.get("dei", {}).get("root")
    if dei_root:
        if dei_root not in concepts or not concepts[dei_root].abstract:
            raise TaxonomySourceError(f"structure.toml: [dei] root {dei_root!r} is not an abstract concept")
        for name in _subtree(dei_root, children):
            concepts[name] = dataclasses.replace(concepts[name], prefix=DEI_PREFIX)
    presentation: list[PresentationArc] = []
    placed: set[str] = set()
    for role in roles.values():
        if not role.root:
            continue
        if role.root not in concepts or parents.get(role.root):
            raise TaxonomySourceError(f"structure.toml: role {role.id} root {role.root!r} is not a root abstract")
        stack = [role.root]
        placed.add(role.root)
        while stack:
            node = stack.pop()
            for order, child in enumerate(children.get(node, []), 1):
                presentation.append(PresentationArc(concepts[node].qname, concepts[child].qname, order, role.uri))
                placed.add(child)
                stack.append(child)
    unplaced = [n for n in concepts if n not in placed]
    if unplaced:
        raise TaxonomySourceError(f"concepts.csv: not under any role's root: {', '.join(unplaced[:5])}")
    presentation.sort(key=lambda a: (a.role, a.parent, a.order))
    calculations: list[CalcArc] = []
    for i, calc in enumerate(structure.get("calculation", []), 1):
        where = f"structure.toml calculation #{i} ({calc.get('parent')})"
        role = roles.get(calc["role"])
        if role is None or "calculation" not in role.used_on:
            raise TaxonomySourceError(f"{where}: role {calc['role']!r} is not a calculation role")
        for name in [calc["parent"]] + [c[1:] for c in calc["children"]]:
            c = concepts.get(name)
            if c is None or c.item_type != "monetary" or c.abstract:
                raise TaxonomySourceError(f"{where}: {name} is not a monetary line item")
        for child in calc["children"]:
            name, weight = _weighted(child, where)
            calculations.append(CalcArc(f"{PREFIX}:{calc['parent']}", f"{PREFIX}:{name}", weight, role.uri))
    dims = structure.get("dimensions", {})
    axes: dict[str, Axis] = {}
    members: dict[str, DomainMember] = {}
    for a in structure.get("axis", []):
        names = []
        for member, label in a["members"]:
            if member in members or member in concepts:
                raise TaxonomySourceError(f"structure.toml: member {member} declared twice")
            members[member] = DomainMember(member, label, a["name"])
            names.append(member)
        axes[a["name"]] = Axis(a["name"], a["label"], a["domain"], a["domain_label"], tuple(names))
    excluded = _subtree(dims["exclude_under"], children) if dims.get("exclude_under") else set()
    dimensional = tuple(n for n, c in concepts.items() if not c.abstract and n not in excluded)
    return Taxonomy(concepts=concepts, calculations=calculations, presentation=presentation, roles=roles,
                    axes=axes, members=members, hypercube=dims.get("hypercube", "StatementTable"),
                    line_items=dims.get("line_items", "StatementLineItems"),
                    hypercube_label=dims.get("hypercube_label", "Statement [Table]"),
                    line_items_label=dims.get("line_items_label", "Statement [Line Items]"),
                    dimensional_items=dimensional)
