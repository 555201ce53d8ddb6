"""XBRL Dimensions 1.0 validation: taxonomy rules (xbrldte:*) and instance rules (xbrldie:*).

``check(dts, instance, report)`` runs both; ``check_taxonomy`` runs the DTS rules alone (entry
points that are schemas or linkbases).  The dimensional relationship sets come from ``drs``.

Instance validity (section 3.1) is decided once per (primary item, context shape): a context's
shape is what the rules look at (which dimension has which member, where; typed dimensions only
by presence; whether segment/scenario also hold non-dimensional content), so many contexts share
one shape and 100,000 facts cost 100,000 dictionary lookups.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urldefrag, urljoin

from .drs import (ALL, DIMENSION_DEFAULT, DIMENSION_DOMAIN, DOMAIN_MEMBER, HAS_HYPERCUBE,
                  HYPERCUBE_DIMENSION, NOT_ALL, DimensionalRelationships, consecutive_elr,
                  is_closed, is_usable)
from .dts import (DTS, LINK, STANDARD_LINK_ROLE, XBRLDI, XSD, Concept, Context, Instance,
                  Relationship)
from .report import Report

DEFINITION_ARC = f"{{{LINK}}}definitionArc"
ROLE_REF = f"{{{LINK}}}roleRef"
XS_ELEMENT = f"{{{XSD}}}element"
XS_SCHEMA = f"{{{XSD}}}schema"
EXPLICIT_MEMBER = f"{{{XBRLDI}}}explicitMember"
TYPED_MEMBER = f"{{{XBRLDI}}}typedMember"

# Stands for a typed dimension's value in a context shape: validity never depends on it.
TYPED_VALUE = "#typed"

# Schema-validates one element against its global declaration: the problems, as sentences.
ElementErrors = Callable[[object], list[str]]


def check(dts: DTS, instance: Instance | None, report: Report,
          element_errors: ElementErrors | None = None) -> None:
    """Every Dimensions 1.0 rule that applies to this DTS and (when given) instance.

    `element_errors` (e.g. ``schemas.SchemaSet.element_errors``) schema-validates one element
    against its global declaration; with it, typed dimension values are checked against their
    domain element's type too (reported as ``xmlSchema:valueError``, as Arelle does)."""
    relationships = DimensionalRelationships(dts.relationships)
    check_taxonomy(dts, report, relationships)
    if instance is not None:
        check_instance(dts, instance, report, relationships, element_errors)


def _name(qname: str | None) -> str:
    """A Clark QName as people read it: its local name (namespaces are long and rarely help)."""
    if not qname:
        return str(qname)
    return qname.rpartition("}")[2]


# =========================================================================== taxonomy rules


def check_taxonomy(dts: DTS, report: Report,
                   relationships: DimensionalRelationships | None = None, documents=None) -> None:
    """The xbrldte rules: declarations, arc endpoints, targetRole, defaults, cycles, polymorphism
    (``documents``: the declarations and arcs of these URLs only, the others checked before;
    defaults and the DRS graphs, which new arcs join, over the whole DTS)."""
    rels = relationships or DimensionalRelationships(dts.relationships)
    for concept in dts.concepts.values():
        if documents is None or concept.file in documents:
            _check_declaration(dts, concept, report)
    _check_target_roles(dts, report, documents)
    if not rels.relationships:
        return
    concepts = dts.concepts
    for rel in rels.relationships:
        if documents is None or rel.file in documents:
            _check_endpoints(concepts.get(rel.source), concepts.get(rel.target), rel, report)
    _check_defaults(rels, report)
    _check_drs_graphs(rels, report)


def _check_declaration(dts: DTS, concept: Concept, report: Report) -> None:
    if concept.is_item and concept.is_hypercube and not concept.abstract:
        report.error("xbrldte:HypercubeElementIsNotAbstractError",
                     f"Hypercube {_name(concept.qname)} must be declared abstract.",
                     concept.line, concept.file)
    elif concept.is_item and concept.is_dimension and not concept.abstract:
        report.error("xbrldte:DimensionElementIsNotAbstractError",
                     f"Dimension {_name(concept.qname)} must be declared abstract.",
                     concept.line, concept.file)
    ref = concept.typed_domain_ref
    if ref is None:
        return
    if not (concept.is_item and concept.is_dimension):
        report.error("xbrldte:TypedDomainRefError",
                     f"{_name(concept.qname)} has xbrldt:typedDomainRef but is no dimension.",
                     concept.line, concept.file)
        return
    problem = _typed_domain_problem(dts, concept)
    if problem is not None:
        code, text = problem
        report.error(code, f"Typed dimension {_name(concept.qname)}: xbrldt:typedDomainRef "
                     f"'{ref}' {text}.", concept.line, concept.file)


def _typed_domain_problem(dts: DTS, concept: Concept) -> tuple[str, str] | None:
    """Why a typed dimension's typedDomainRef does not locate a usable domain (section 2.5.2.1)."""
    ref = (concept.typed_domain_ref or "").strip()
    url, fragment = urldefrag(ref)
    if not fragment:
        return "xbrldte:TypedDimensionURIError", "has no fragment identifier"
    target_url = urljoin(concept.file, url) if url else concept.file
    document = dts.documents.get(target_url)
    if document is None or document.kind != "schema" or document.root is None:
        return "xbrldte:OutOfDTSSchemaError", "locates a schema that is not in the DTS"
    element = document.element_by_id(fragment)
    if element is None:
        return "xbrldte:TypedDimensionError", "locates nothing in that schema"
    if element.tag != XS_ELEMENT:
        return "xbrldte:TypedDimensionError", "locates something that is no element declaration"
    parent = element.getparent()
    if parent is None or parent.tag != XS_SCHEMA:
        return "xbrldte:TypedDimensionError", "locates a local, not a global, element declaration"
    if (element.get("abstract") or "").strip() in ("true", "1"):
        return "xbrldte:TypedDimensionError", "locates an abstract element declaration"
    return None


def _role_refs_by_document(dts: DTS) -> dict[str, set[str]]:
    cache: dict[str, set[str]] = {}
    for url, document in dts.documents.items():
        if document.root is None or document.kind == "instance":
            continue
        cache[url] = {e.get("roleURI", "").strip() for e in document.root.iter(ROLE_REF)}
    return cache


def _check_target_roles(dts: DTS, report: Report, documents=None) -> None:
    """xbrldt:targetRole on a definition arc needs a roleRef in the arc's linkbase (section 2.2);
    the standard link role needs none."""
    role_refs: dict[str, set[str]] | None = None
    for arc in dts.arcs:
        if documents is not None and arc.file not in documents:
            continue
        target_role = arc.target_role
        if target_role is None or arc.arc_name != DEFINITION_ARC or target_role == STANDARD_LINK_ROLE:
            continue
        if role_refs is None:
            role_refs = _role_refs_by_document(dts)
        if target_role not in role_refs.get(arc.file, set()):
            report.error("xbrldte:TargetRoleNotResolvedError",
                         f"xbrldt:targetRole {target_role} has no roleRef in this linkbase.",
                         arc.line, arc.file)


_ENDPOINT_RULES = {
    # arcrole: (source test, source code, target test, target code)
    HYPERCUBE_DIMENSION: (lambda c: c.is_hypercube, "xbrldte:HypercubeDimensionSourceError",
                          lambda c: c.is_dimension, "xbrldte:HypercubeDimensionTargetError"),
    ALL: (lambda c: _is_primary_item(c), "xbrldte:HasHypercubeSourceError",
          lambda c: c.is_hypercube, "xbrldte:HasHypercubeTargetError"),
    NOT_ALL: (lambda c: _is_primary_item(c), "xbrldte:HasHypercubeSourceError",
              lambda c: c.is_hypercube, "xbrldte:HasHypercubeTargetError"),
    DIMENSION_DOMAIN: (lambda c: _is_explicit_dimension(c), "xbrldte:DimensionDomainSourceError",
                       lambda c: _is_primary_item(c), "xbrldte:DimensionDomainTargetError"),
    DOMAIN_MEMBER: (lambda c: _is_primary_item(c), "xbrldte:DomainMemberSourceError",
                    lambda c: _is_primary_item(c), "xbrldte:DomainMemberTargetError"),
    DIMENSION_DEFAULT: (lambda c: _is_explicit_dimension(c), "xbrldte:DimensionDefaultSourceError",
                        lambda c: _is_primary_item(c), "xbrldte:DimensionDefaultTargetError"),
}


def _is_primary_item(concept: Concept) -> bool:
    """Primary items and domain members are items that are neither hypercubes nor dimensions."""
    return concept.is_item and not concept.is_hypercube and not concept.is_dimension


def _is_explicit_dimension(concept: Concept) -> bool:
    return concept.is_dimension and concept.typed_domain_ref is None


def _is_typed_dimension(concept: Concept) -> bool:
    return concept.is_dimension and concept.typed_domain_ref is not None


def _check_endpoints(source: Concept | None, target: Concept | None, rel: Relationship,
                     report: Report) -> None:
    source_ok, source_code, target_ok, target_code = _ENDPOINT_RULES[rel.arcrole]
    arcrole = rel.arcrole.rpartition("/")[2]
    if source is not None and not source_ok(source):
        report.error(source_code, f"The source {_name(rel.source)} of this {arcrole} relationship "
                     "is not of the kind Dimensions 1.0 requires.", rel.line, rel.file)
    if target is not None and not target_ok(target):
        report.error(target_code, f"The target {_name(rel.target)} of this {arcrole} relationship "
                     "is not of the kind Dimensions 1.0 requires.", rel.line, rel.file)
    if rel.arcrole in HAS_HYPERCUBE and rel.context_element is None:
        report.error("xbrldte:HasHypercubeMissingContextElementAttributeError",
                     f"The {arcrole} relationship from {_name(rel.source)} to {_name(rel.target)} "
                     "needs an xbrldt:contextElement attribute.", rel.line, rel.file)


def _check_defaults(rels: DimensionalRelationships, report: Report) -> None:
    """A dimension has at most one default member, whatever the ELRs (section 2.7.1)."""
    seen: dict[str, str] = {}
    for rel in rels.of_arcrole(DIMENSION_DEFAULT):
        first = seen.setdefault(rel.source, rel.target)
        if first != rel.target:
            report.error("xbrldte:TooManyDefaultMembersError",
                         f"Dimension {_name(rel.source)} has two defaults: {_name(first)} and "
                         f"{_name(rel.target)}.", rel.line, rel.file)


def _check_drs_graphs(rels: DimensionalRelationships, report: Report) -> None:
    """Directed cycles in a dimension's domain (xbrldte:DRSDirectedCycleError) and primary items
    that are members of their own hypercube's dimensions (xbrldte:PrimaryItemPolymorphismError)."""
    cycle_checked: set[tuple[str, str, str]] = set()
    domains: dict[tuple[str, str], set[str]] = {}   # (dimension, ELR) -> usably reached members
    for has_hypercube in (*rels.of_arcrole(ALL), *rels.of_arcrole(NOT_ALL)):
        primary_items: set[str] | None = None
        for hc_dim in rels.dimensions_of(has_hypercube):
            dimension, domain_elr = hc_dim.target, consecutive_elr(hc_dim)
            key = (has_hypercube.target, dimension, domain_elr)
            if key not in cycle_checked:
                cycle_checked.add(key)
                cycle = _domain_cycle(rels, has_hypercube.target, dimension, domain_elr)
                if cycle is not None:
                    report.error("xbrldte:DRSDirectedCycleError",
                                 f"The domain of dimension {_name(dimension)} (hypercube "
                                 f"{_name(has_hypercube.target)}) has a directed cycle: "
                                 + " -> ".join(_name(c) for c in cycle) + ".",
                                 has_hypercube.line, has_hypercube.file)
            members = domains.get((dimension, domain_elr))
            if members is None:
                members = domains[(dimension, domain_elr)] = _usably_reached(rels, dimension,
                                                                             domain_elr)
            if not members:
                continue
            if primary_items is None:
                primary_items = rels.drs_primary_items(has_hypercube)
            shared = primary_items & members
            if shared:
                report.error("xbrldte:PrimaryItemPolymorphismError",
                             f"Primary item {_name(min(shared))} of hypercube "
                             f"{_name(has_hypercube.target)} is also a member of dimension "
                             f"{_name(dimension)}.", has_hypercube.line, has_hypercube.file)


def _domain_elrs(rels: DimensionalRelationships, dimension: str, elr: str) -> set[str]:
    """The ELRs a dimension's domain spreads over, following targetRoles from `elr`."""
    elrs = {elr}
    visited: set[tuple[str, str]] = set()
    stack = list(rels.from_source(DIMENSION_DOMAIN, dimension, elr))
    while stack:
        rel = stack.pop()
        step = (rel.target, consecutive_elr(rel))
        if step in visited:
            continue
        visited.add(step)
        elrs.add(step[1])
        stack.extend(rels.from_source(DOMAIN_MEMBER, step[0], step[1]))
    return elrs


def _domain_cycle(rels: DimensionalRelationships, hypercube: str, dimension: str,
                  elr: str) -> list[str] | None:
    """A directed cycle among the domain-member relationships of the ELRs a dimension's domain
    uses (a DRS is the union of those base sets), or None.  The hypercube and the dimension count
    as already on the path, so a member pointing back at either is a cycle too."""
    elrs = _domain_elrs(rels, dimension, elr)

    def children(concept: str) -> list[str]:
        return [r.target for e in elrs for r in rels.from_source(DOMAIN_MEMBER, concept, e)]

    on_path = [hypercube, dimension]
    on_path_set = set(on_path)
    done: set[str] = set()
    for root in {r.target for r in rels.from_source(DIMENSION_DOMAIN, dimension, elr)}:
        if root in on_path_set:
            return [*on_path, root]
        if root in done:
            continue
        # iterative depth-first search keeping the current path
        stack = [(root, iter(children(root)))]
        on_path.append(root)
        on_path_set.add(root)
        while stack:
            concept, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                on_path_set.discard(on_path.pop())
                done.add(concept)
                continue
            if child in on_path_set:
                return [*on_path[on_path.index(child):], child]
            if child not in done:
                stack.append((child, iter(children(child))))
                on_path.append(child)
                on_path_set.add(child)
    return None


def _usably_reached(rels: DimensionalRelationships, dimension: str, elr: str) -> set[str]:
    """The members some usable relationship of the dimension's domain leads to (a member only
    reached through xbrldt:usable="false" relationships is no polymorphism)."""
    reached: set[str] = set()
    visited: set[tuple[str, str]] = set()
    stack = list(rels.from_source(DIMENSION_DOMAIN, dimension, elr))
    while stack:
        rel = stack.pop()
        if is_usable(rel):
            reached.add(rel.target)
        step = (rel.target, consecutive_elr(rel))
        if step not in visited:
            visited.add(step)
            stack.extend(rels.from_source(DOMAIN_MEMBER, step[0], step[1]))
    return reached


# =========================================================================== instance rules


@dataclass(frozen=True)
class ContextShape:
    """What dimensional validity depends on in a context."""

    segment: tuple[tuple[str | None, str | None], ...]    # sorted (dimension, member or TYPED_VALUE)
    scenario: tuple[tuple[str | None, str | None], ...]
    segment_other: bool    # segment holds non-dimensional content too
    scenario_other: bool

    def values_in(self, container: str | None) -> dict[str | None, str | None]:
        return dict(self.scenario if container == "scenario" else self.segment)

    def has_other_content(self, container: str | None) -> bool:
        return self.scenario_other if container == "scenario" else self.segment_other


def _has_other_content(element) -> bool:
    if element is None:
        return False
    return any(isinstance(child.tag, str) and child.tag not in (EXPLICIT_MEMBER, TYPED_MEMBER)
               for child in element)


def context_shape(context: Context) -> ContextShape:
    segment: dict = {}
    scenario: dict = {}
    for value in context.dimensions:
        where = scenario if value.container == "scenario" else segment
        # a repeated dimension is an error of its own; the first value stands for validity
        where.setdefault(value.dimension, TYPED_VALUE if value.is_typed else value.member)
    return ContextShape(tuple(sorted(segment.items(), key=str)),
                        tuple(sorted(scenario.items(), key=str)),
                        _has_other_content(context.segment), _has_other_content(context.scenario))


def check_instance(dts: DTS, instance: Instance, report: Report,
                   relationships: DimensionalRelationships | None = None,
                   element_errors: ElementErrors | None = None) -> None:
    """The xbrldie rules: context dimension values, then each item fact's dimensional validity."""
    rels = relationships or DimensionalRelationships(dts.relationships)
    # Contexts are interned by shape, so the per-fact key is a small (concept, int) pair.
    shape_ids: dict[ContextShape, int] = {}
    context_shape_ids: dict[str, int] = {}
    for context in instance.contexts.values():
        _check_context(dts, rels, context, instance, report, element_errors)
        shape = context_shape(context)
        context_shape_ids[context.id] = shape_ids.setdefault(shape, len(shape_ids))
    if not rels.has_hypercubes:
        return   # no hypercube anywhere: every fact is dimensionally valid (section 3.1)
    shapes = list(shape_ids)
    verdicts: dict[tuple[str, int], bool] = {}
    for fact in instance.facts:
        if fact.is_tuple:
            continue
        shape_id = context_shape_ids.get(fact.context_ref or "")
        if shape_id is None:
            continue   # a missing context is an XBRL 2.1 error, reported there
        key = (fact.concept, shape_id)
        valid = verdicts.get(key)
        if valid is None:
            valid = verdicts[key] = is_dimensionally_valid(dts, rels, fact.concept,
                                                           shapes[shape_id])
        if not valid:
            report.error("xbrldie:PrimaryItemDimensionallyInvalidError",
                         f"Fact {_name(fact.concept)} in context {fact.context_ref} is not "
                         "dimensionally valid: no base set's hypercubes accept its dimensions.",
                         fact.line, instance.url)


def _check_context(dts: DTS, rels: DimensionalRelationships, context: Context,
                   instance: Instance, report: Report,
                   element_errors: ElementErrors | None) -> None:
    where_seen: dict[str | None, str] = {}
    repeated: set[str | None] = set()
    for value in context.dimensions:
        line = value.line or context.line
        dimension = dts.concepts.get(value.dimension) if value.dimension else None
        if value.dimension in where_seen and value.dimension not in repeated:
            repeated.add(value.dimension)
            report.error("xbrldie:RepeatedDimensionInInstanceError",
                         f"Context {context.id} gives dimension {value.dimension_text} more than "
                         "one value.", line, instance.url)
        where_seen.setdefault(value.dimension, value.container)
        if value.is_typed:
            if dimension is None or not _is_typed_dimension(dimension):
                report.error("xbrldie:TypedMemberNotTypedDimensionError",
                             f"Context {context.id}: typedMember dimension {value.dimension_text} "
                             "is not a typed dimension of the DTS.", line, instance.url)
            else:
                problem = _typed_content_problem(dimension, value.typed_element)
                if problem:
                    report.error("xbrldie:IllegalTypedDimensionContentError",
                                 f"Context {context.id}: typed dimension {value.dimension_text} "
                                 f"{problem}.", line, instance.url)
                elif element_errors is not None:
                    element = value.typed_element
                    for reason in element_errors(element):
                        report.error("xmlSchema:valueError",
                                     f"Context {context.id}: value of typed dimension "
                                     f"{value.dimension_text}: {reason}",
                                     element.sourceline or line, instance.url)
            continue
        if dimension is None or not _is_explicit_dimension(dimension):
            report.error("xbrldie:ExplicitMemberNotExplicitDimensionError",
                         f"Context {context.id}: explicitMember dimension {value.dimension_text} "
                         "is not an explicit dimension of the DTS.", line, instance.url)
        if value.member is None or value.member not in dts.concepts:
            report.error("xbrldie:ExplicitMemberUndefinedQNameError",
                         f"Context {context.id}: member {value.member_text} of dimension "
                         f"{value.dimension_text} is no element declared in the DTS.",
                         line, instance.url)
        elif value.dimension is not None and rels.defaults.get(value.dimension) == value.member:
            report.error("xbrldie:DefaultValueUsedInInstanceError",
                         f"Context {context.id}: {value.member_text} is the default of dimension "
                         f"{value.dimension_text} and must be left out of the context.",
                         line, instance.url)


def _typed_content_problem(dimension: Concept, element) -> str | None:
    """Typed member content must be one element: the one typedDomainRef locates (section 3.1.4.3)."""
    if element is None:
        return "has no content"
    parent = element.getparent()
    children = [c for c in (parent if parent is not None else [element]) if isinstance(c.tag, str)]
    if len(children) != 1:
        return "has more than one element as content"
    if dimension.typed_domain is None:
        return "has no domain element declaration to check its content against"
    if element.tag != dimension.typed_domain:
        return (f"holds {_name(element.tag)} where {_name(dimension.typed_domain)} is required")
    return None


def is_dimensionally_valid(dts: DTS, rels: DimensionalRelationships, primary: str,
                           shape: ContextShape) -> bool:
    """Section 3.1.1: valid when the primary item has no hypercubes, or when in some base set
    every `all` hypercube accepts the context and no `notAll` hypercube does."""
    base_sets = rels.hypercubes_of(primary)
    if not base_sets:
        return True
    return any(all(_hypercube_accepts(dts, rels, rel, shape) != (rel.arcrole == NOT_ALL)
                   for rel in has_hypercubes)
               for has_hypercubes in base_sets.values())


def _hypercube_accepts(dts: DTS, rels: DimensionalRelationships, has_hypercube: Relationship,
                       shape: ContextShape) -> bool:
    """Section 3.1.3: every dimension of the hypercube has a usable member in the container named
    by xbrldt:contextElement (or a default); a closed hypercube allows nothing else there."""
    container = has_hypercube.context_element
    values = shape.values_in(container)
    closed = is_closed(has_hypercube)
    if closed and shape.has_other_content(container):
        return False
    covered: set[str] = set()
    for hc_dim in rels.dimensions_of(has_hypercube):
        dimension = hc_dim.target
        if dimension in values:
            member = values[dimension]
            covered.add(dimension)
        elif dimension in rels.defaults:
            member = rels.defaults[dimension]
        else:
            return False
        concept = dts.concepts.get(dimension)
        if concept is not None and _is_typed_dimension(concept):
            continue   # a typed dimension only needs to be there
        if member is None or member == TYPED_VALUE:
            return False
        if member not in rels.usable_members(dimension, consecutive_elr(hc_dim)):
            return False
    if closed and any(dimension not in covered for dimension in values):
        return False
    return True
