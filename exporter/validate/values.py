"""Fast lexical checks of fact values against their schema types.

A fact's value is checked against the built-in XML Schema type its item type derives from,
plus the facets of every restriction step on the way.  Types we cannot express this way
(unions, lists, inline types, unsupported patterns) get ``None`` and are left to xmlschema
(``schemas.SchemaSet.element_errors``).  Checks are built once per type and cached.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from .dts import XBRLI, XSD

XS = f"{{{XSD}}}"

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"([+-]?(\d+(\.\d*)?|\.\d+)([Ee][+-]?\d+)?|INF|-INF|NaN)\Z")
_TZ = r"(Z|[+-](\d{2}):(\d{2}))?"
_DATE = re.compile(r"(-?\d{4,})-(\d{2})-(\d{2})" + _TZ + r"\Z")
_DATETIME = re.compile(r"(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?" + _TZ + r"\Z")
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d+)?" + _TZ + r"\Z")
_GYEAR = re.compile(r"-?\d{4,}" + _TZ + r"\Z")
_GYEARMONTH = re.compile(r"-?\d{4,}-(\d{2})" + _TZ + r"\Z")
_GMONTHDAY = re.compile(r"--(\d{2})-(\d{2})" + _TZ + r"\Z")
_GDAY = re.compile(r"---(\d{2})" + _TZ + r"\Z")
_GMONTH = re.compile(r"--(\d{2})" + _TZ + r"\Z")
_DURATION = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?\Z")
_HEX = re.compile(r"([0-9A-Fa-f]{2})*\Z")
_BASE64 = re.compile(r"(([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){2}(A|Q|g|w) ?= ?=|([A-Za-z0-9+/] ?){3}[AEIMQUYcgkosw048] ?=)?\Z")
_NAMESTART = "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
_NAMECHAR = _NAMESTART + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_ASCII_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")


@functools.lru_cache(maxsize=None)
def _name_pattern(kind: str) -> re.Pattern:
    # compiled on first use: these wide Unicode classes cost ~50 ms to compile at import
    if kind == "NCName":
        return re.compile(f"[{_NAMESTART}][{_NAMECHAR}]*\\Z")
    if kind == "Name":
        return re.compile(f"[{_NAMESTART}:][{_NAMECHAR}:]*\\Z")
    return re.compile(f"[{_NAMECHAR}:]+\\Z")


def _is_ncname(text: str) -> bool:
    return bool(_ASCII_NCNAME.match(text)) or (not text.isascii() and bool(_name_pattern("NCName").match(text)))
# A URI reference (RFC 3986 section 4.1, as XML Schema 1.0's anyURI after escaping): at most
# one fragment; a relative reference's first path segment holds no ':' (it would read as a
# scheme); every '%' starts an escape of two hex digits.
_URI_REFERENCE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:|(?![^/?#]*:))[^#]*(?:#[^#]*)?\Z")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def is_uri_reference(text: str) -> bool:
    return bool(_URI_REFERENCE.match(text)) and not _BAD_ESCAPE.search(text)


_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")

INTEGER_RANGES = {
    "integer": (None, None), "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "byte": (-128, 127), "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
}
NUMERIC_PRIMITIVES = {"decimal", "float", "double"} | set(INTEGER_RANGES)
STRINGISH = {"string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
             "ID", "IDREF", "ENTITY", "anyURI"}


def _valid_date(y: str, m: str, d: str) -> bool:
    try:
        year = int(y)
        date(2000 if year <= 0 or year > 9999 else year, int(m), int(d))
        if int(m) == 2 and int(d) == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            return False
        return year != 0
    except ValueError:
        return False


def _tz_ok(hh: str | None, mm: str | None) -> bool:
    return hh is None or (int(hh) <= 14 and int(mm) <= 59 and (int(hh) < 14 or int(mm) == 0))


def lexical_ok(primitive: str, text: str, nsmap: dict | None = None) -> bool:
    """Is ``text`` (already whitespace-processed) in the lexical space of the built-in type?"""
    if primitive == "decimal":
        return bool(_DECIMAL.match(text))
    if primitive in INTEGER_RANGES:
        if not _INTEGER.match(text):
            return False
        low, high = INTEGER_RANGES[primitive]
        value = int(text)
        return (low is None or value >= low) and (high is None or value <= high)
    if primitive in ("float", "double"):
        return bool(_FLOAT.match(text))
    if primitive == "boolean":
        return text in ("true", "false", "1", "0")
    if primitive == "date":
        m = _DATE.match(text)
        return bool(m) and _valid_date(m.group(1), m.group(2), m.group(3)) and _tz_ok(m.group(5), m.group(6))
    if primitive == "dateTime":
        m = _DATETIME.match(text)
        if not m or not _valid_date(m.group(1), m.group(2), m.group(3)):
            return False
        hh, mi, ss = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if hh == 24:
            return mi == 0 and ss == 0 and not (m.group(7) or "").strip(".0")
        return hh < 24 and mi < 60 and ss < 60 and _tz_ok(m.group(9), m.group(10))
    if primitive == "time":
        m = _TIME.match(text)
        if not m:
            return False
        hh, mi, ss = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return (hh < 24 and mi < 60 and ss < 60) or (hh == 24 and mi == 0 and ss == 0)
    if primitive == "gYear":
        return bool(_GYEAR.match(text))
    if primitive == "gYearMonth":
        m = _GYEARMONTH.match(text)
        return bool(m) and 1 <= int(m.group(1)) <= 12
    if primitive == "gMonthDay":
        m = _GMONTHDAY.match(text)
        return bool(m) and _valid_date("2000", m.group(1), m.group(2))
    if primitive == "gDay":
        m = _GDAY.match(text)
        return bool(m) and 1 <= int(m.group(1)) <= 31
    if primitive == "gMonth":
        m = _GMONTH.match(text)
        return bool(m) and 1 <= int(m.group(1)) <= 12
    if primitive == "duration":
        return bool(_DURATION.match(text))
    if primitive == "hexBinary":
        return bool(_HEX.match(text))
    if primitive == "base64Binary":
        return bool(_BASE64.match(text))
    if primitive in ("NCName", "ID", "IDREF", "ENTITY"):
        return _is_ncname(text)
    if primitive == "Name":
        return bool(_name_pattern("Name").match(text))
    if primitive == "NMTOKEN":
        return bool(_name_pattern("NMTOKEN").match(text))
    if primitive == "language":
        return bool(_LANGUAGE.match(text))
    if primitive == "anyURI":
        return is_uri_reference(text)
    if primitive == "QName":
        prefix, sep, local = text.rpartition(":")
        if not _is_ncname(local) or (sep and not _is_ncname(prefix)):
            return False
        if nsmap is None:
            return True
        return (prefix in nsmap) if sep else True
    return True  # string, normalizedString, token, anySimpleType


def whitespace(primitive: str, text: str) -> str:
    if primitive == "string":
        return text
    if primitive == "normalizedString":
        return re.sub(r"[\t\n\r]", " ", text)
    return " ".join(text.split())


@dataclass(slots=True)
class ValueCheck:
    """How to check one item type's value: the built-in primitive and the facets on the way."""

    primitive: str
    facets: list[tuple[str, str]]  # all restriction facets from the type up to the built-in
    numeric: bool

    def error(self, text: str, nsmap: dict | None = None) -> str | None:
        value = whitespace(self.primitive, text)
        if not lexical_ok(self.primitive, value, nsmap):
            return f"value {_short(text)!r} is not a valid {self.primitive}"
        if self.facets:
            return _facet_error(self, value)
        return None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _facet_error(check: ValueCheck, value: str) -> str | None:
    enumerations = [v for k, v in check.facets if k == "enumeration"]
    numeric = check.numeric
    if enumerations:
        if numeric:
            try:
                ok = Decimal(value) in {Decimal(v) for v in enumerations}
            except InvalidOperation:
                ok = value in enumerations
        else:
            ok = value in {whitespace(check.primitive, v) for v in enumerations}
        if not ok:
            return f"value {_short(value)!r} is not one of the allowed values {enumerations}"
    for kind, facet in check.facets:
        if kind == "pattern":
            try:
                if not re.fullmatch(xsd_pattern(facet), value):
                    return f"value {_short(value)!r} does not match the pattern {facet!r}"
            except re.error:
                continue
        elif kind in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive") and numeric:
            try:
                v, limit = Decimal(value), Decimal(facet)
            except InvalidOperation:
                continue
            bad = ((kind == "minInclusive" and v < limit) or (kind == "maxInclusive" and v > limit)
                   or (kind == "minExclusive" and v <= limit) or (kind == "maxExclusive" and v >= limit))
            if bad:
                return f"value {value} violates the facet {kind}={facet}"
        elif kind in ("length", "minLength", "maxLength") and not numeric:
            n, limit = len(value), int(facet)
            if (kind == "length" and n != limit) or (kind == "minLength" and n < limit) or \
                    (kind == "maxLength" and n > limit):
                return f"value {_short(value)!r} has length {n}, violating {kind}={facet}"
        elif kind in ("totalDigits", "fractionDigits") and numeric:
            try:
                digits = Decimal(value).normalize().as_tuple()
            except InvalidOperation:
                continue
            fraction = max(0, -digits.exponent)
            total = max(len(digits.digits), fraction)
            if (kind == "totalDigits" and total > int(facet)) or (kind == "fractionDigits" and fraction > int(facet)):
                return f"value {value} violates the facet {kind}={facet}"
    return None


def xsd_pattern(pattern: str) -> str:
    """XML Schema regular expressions are implicitly anchored; the rest of the syntax we
    accept is the common subset with Python's (character class escapes \\i, \\c and \\p{..}
    are rejected by the caller, who then falls back to xmlschema)."""
    return pattern


def _pattern_supported(pattern: str) -> bool:
    if re.search(r"\\[icIC]|\\[pP]\{|-\[", pattern):
        return False
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def build_check(types: dict, type_qname: str | None) -> ValueCheck | None:
    """A ValueCheck for the simple content of ``type_qname``, or None when only xmlschema can
    tell (complex content, unions, lists, unsupported facets, unknown types)."""
    facets: list[tuple[str, str]] = []
    seen = set()
    qname = type_qname
    while qname and qname not in seen:
        seen.add(qname)
        if qname.startswith(XS):
            primitive = qname[len(XS):]
            if primitive in ("anyType",):
                return None
            if primitive == "anySimpleType":
                primitive = "string"
            numeric = primitive in NUMERIC_PRIMITIVES
            for kind, value in facets:
                if kind == "pattern" and not _pattern_supported(value):
                    return None
                if kind in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive") and not numeric:
                    return None
                if kind == "whiteSpace":
                    return None
            return ValueCheck(primitive, facets, numeric)
        decl = types.get(qname)
        if decl is None or decl.opaque:
            return None
        if decl.content not in ("simpleType", "simpleContent"):
            return None
        facets = decl.facets + facets
        qname = decl.base
    return None


def is_numeric_type(type_chain: tuple[str, ...]) -> bool:
    """Numeric items (XBRL 2.1 5.1.1.3): types derived from decimal, float, double (and their
    built-in derivations) or fractionItemType."""
    for qname in type_chain:
        if qname.startswith(XS):
            return qname[len(XS):] in NUMERIC_PRIMITIVES
        if qname == f"{{{XBRLI}}}fractionItemType":
            return True
    return False


def fast_matcher(check: ValueCheck):
    """A callable text -> bool answering "certainly valid" cheaply (False means: run
    ``check.error`` to know)."""
    if check.primitive == "decimal":
        return _DECIMAL_PADDED.match
    if check.primitive in ("string", "normalizedString", "token"):
        return lambda text: True
    return lambda text: False


_DECIMAL_PADDED = re.compile(r"[ \t\n\r]*[+-]?(\d+(\.\d*)?|\.\d+)[ \t\n\r]*\Z")
