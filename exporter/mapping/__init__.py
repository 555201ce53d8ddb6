"""Map table line items onto taxonomy concepts through rules kept as data.

A rule file is TOML (the defaults are ``taxonomy/mappings.toml``)::

    [[rule]]
    label = "General, administrative and patent costs"   # exact, case- and space-insensitive
    # pattern = '^general,? administrative'              # or a regular expression (re.search)
    # fallback = true                                    # or: any line (of the statement/section)
    statement = "income"                                 # optional: income | balance | cashflow | any
    section = "Costs and expenses"                       # optional: a heading above the line
    concept = "GeneralAndAdministrativeExpense"          # or "ext:PatentCosts", declared below
    negate = false                                       # optional: printed with the opposite sign

    [[concept]]                                          # a company extension concept
    name = "PatentCosts"
    type = "monetary"                                    # monetary | shares | perShare | percent | pure | string
    period_type = "duration"                             # duration | instant
    balance = "debit"                                    # optional: debit | credit (monetary only)
    label = "Patent costs"

Rules are ordered by specificity: exact label with a section > exact label > pattern with a
section > pattern > fallback with a section > fallback; among equals, user files (given later)
win over the defaults, and within a file the earlier rule wins.  Every fact records the rule
(file:line) that chose its concept, so ``mappings explain`` can say why.

``parse_rule_file`` never raises on content: it returns every problem with its line number (what
``mappings check`` prints); ``load_rules`` raises :class:`MappingError` on the first problem that
makes a file unusable.

The parts: ``rules`` (rules and rule sets, label normalizing, pattern prefilters), ``rulefiles``
(reading and checking rule files, the layered rule set), ``checks`` (problems across rules:
unknown concepts, period conflicts, duplicate and shadowed rules) and ``applying`` (rules applied
to the tables' lines: facts, unplaced numbers, decisions).
"""
from __future__ import annotations

from .applying import Decision, Mapped, apply, withdraw
from .checks import finite_language
from .rulefiles import check_files, load_rules, parse_rule_file, read_rule_file
from .rules import (DEFAULT_RULES, DeclaredConcept, MappingError, MappingRule, Problem, RuleFile, RuleSet,
                    candidates, normalize)

__all__ = ["DEFAULT_RULES", "Decision", "DeclaredConcept", "Mapped", "MappingError", "MappingRule", "Problem", "RuleFile",
           "RuleSet", "apply", "withdraw", "candidates", "check_files", "finite_language", "load_rules", "normalize",
           "parse_rule_file", "read_rule_file"]
