"""Equality predicates of XBRL 2.1 section 4.10: s-equal contexts, u-equal units, and the
"x-equal" comparison of values by their typed value rather than their lexical form (see
``typed``).
"""
from __future__ import annotations

from .dts import Context
from .typed import typed_value

def element_key(elem, defaults=None) -> tuple:
    """A hashable key equal for x-equal element trees (name, attributes, content, children).
    ``defaults(tag)`` -> (default content or None, {attribute: default}) supplies what schema
    validation would fill in (XBRL compares the post-schema-validation infoset)."""
    content_default, attribute_defaults = defaults(elem.tag) if defaults is not None else (None, None)
    attributes = dict(elem.attrib)
    if attribute_defaults:
        for name, value in attribute_defaults.items():
            attributes.setdefault(name, value)
    attrs = tuple(sorted((name, typed_value(value)) for name, value in attributes.items()))
    children = tuple(element_key(child, defaults) for child in elem if isinstance(child.tag, str))
    text = None
    if not children:
        raw = "".join(t for t in elem.itertext() if t) if len(elem) else (elem.text or "")
        if content_default is not None and not raw:
            raw = content_default
        text = typed_value(raw)
    return (elem.tag, attrs, text, children)


def container_key(container, defaults=None) -> tuple | None:
    if container is None:
        return None
    return tuple(element_key(child, defaults) for child in container if isinstance(child.tag, str))


def context_key(context: Context, dts=None) -> tuple:
    """Equal for s-equal contexts (4.10): same entity, same period, s-equal segment/scenario
    (with the default values the DTS's schemas give, when ``dts`` is known)."""
    if context.period_kind == "instant":
        period = ("instant", context.end)
    elif context.period_kind == "duration":
        period = ("duration", context.start, context.end)
    else:
        period = (context.period_kind,)
    defaults = dts.element_defaults if dts is not None else None
    return (context.entity_scheme, context.entity_identifier, period,
            container_key(context.segment, defaults), container_key(context.scenario, defaults))


def unit_key(unit) -> tuple:
    return (unit.numerator, unit.denominator)

