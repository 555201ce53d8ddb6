"""Signs as XBRL stores them.

XBRL holds the concept's value, not its presentation: "Loss from operations (435)" is
OperatingIncomeLoss = -435000, while "Preferred stock dividends (140)", printed as a deduction,
is DividendsPreferredStock = 140000.  Each concept carries a ``sign`` kind in the taxonomy
(``magnitude``, ``change`` or ``signed``) and this module turns a printed number into the stored one.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .model import Row

FLIP_HINT = re.compile(r"\((?:benefit|income|gain|recovery|credit|expense|loss|deficit)s?\)|\b(?:benefit|recovery)\b", re.I)


def signed_value(printed: Decimal, concept, row: Row, statement: str, negate: bool) -> Decimal:
    """The value XBRL stores, from the number as printed.

    * ``magnitude`` concepts (expenses, payments, dividends) are stored positive; parentheses
      only show them as deductions, unless the label says the sign can flip ("(benefit)").
    * ``change`` concepts (IncreaseDecrease*) in a cash-flow statement are printed as their cash
      effect; the concept is the change in the balance, so credit-balance ones (assets'
      increases, which use cash) are the printed value negated.
    * everything else is stored as printed.
    """
    value = -printed if negate else printed
    if concept.sign == "magnitude":
        if value < 0 and FLIP_HINT.search(row.full_label):
            return value
        return abs(value)
    if concept.sign == "change" and statement == "cashflow" and concept.balance == "credit":
        return -value
    if concept.sign == "signed" and not negate:
        if statement == "income" and row.contribution and (concept.balance == "debit" or
                                                           DEDUCTED_CREDITS.search(concept.name)):
            # "Provision for income taxes (2,306)" added into net income: the expense is 2,306;
            # "Minority interest (4)": the minority's share of income, 4, comes off net income.
            return -value
        if statement == "income" and concept.balance == "credit" and not row.contribution and \
                not SUBTOTAL_LABEL.search(row.label) and any(EXPENSE_FIRST_SECTION.search(s) for s in row.sections):
            # Under "Other expense (income):" amounts are printed expense-positive: "Other
            # income (190)" is income of 190.
            return -value
        if statement == "cashflow" and concept.balance == "credit" and _is_adjustment(concept, row):
            # A non-cash income item is subtracted from net income: "(990)" is income of 990.
            return -value
    return value


# Credit concepts that net income subtracts (calculation weight -1): the minority's share.
DEDUCTED_CREDITS = re.compile(r"AttributableToNoncontrollingInterest$|^MinorityInterestInNetIncomeLoss|"
                              r"AttributableToRedeemableNoncontrollingInterest$")
# A section heading naming expense before income: its lines are printed expense-positive.
EXPENSE_FIRST_SECTION = re.compile(r"\bexpenses?,? ?\((income|gains?)\)|\((income|gains?)\),? ?(and )?expenses?\b", re.I)
SUBTOTAL_LABEL = re.compile(r"^(total|subtotal|net)\b|\b(before|after)\b|^(income|loss|earnings)\b", re.I)
STARTING_LINES = re.compile(r"NetIncomeLoss|ProfitLoss|^IncomeLoss")
ADJUSTMENT_SECTIONS = re.compile(r"\boperating activities\b|\badjustments?\b|\breconcile\b", re.I)


def _is_adjustment(concept, row: Row) -> bool:
    """A line among the operating-activity adjustments (not net income, the line they start from)."""
    if STARTING_LINES.search(concept.name):
        return False
    return any(ADJUSTMENT_SECTIONS.search(s) for s in row.sections)
