"""Unit tests of the Dimensions 1.0 rules (exporter/validate/dimensions.py, drs.py).

Each test builds a tiny DTS in memory (concepts + effective relationships, the shape
``discovery`` produces) so a rule is exercised alone; ``test_dimensions_files.py`` runs the same
rules end to end on the taxonomy under tests/fixtures/dimensions/.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from exporter.validate import dimensions
from exporter.validate.drs import DimensionalRelationships
from exporter.validate.dts import (ALL, DIMENSION_DEFAULT, DIMENSION_DOMAIN, DIMENSION_ITEM,
                                   DOMAIN_MEMBER, DTS, HYPERCUBE_DIMENSION, HYPERCUBE_ITEM, ITEM,
                                   LINK, NOT_ALL, TUPLE, XBRLDI, XBRLDT, XBRLI, Arc, Concept,
                                   Context, DimensionValue, Document, Fact, Instance)
from exporter.validate.report import Report

NS = "http://example.com/dim"
ELR = "http://www.xbrl.org/2003/role/link"
ELR2 = "http://example.com/role/other"
SCHEMA = "file:///t/dim.xsd"
LINKBASE = "file:///t/dim-def.xml"
HEADS = {"item": (ITEM,), "hypercube": (HYPERCUBE_ITEM, ITEM), "dimension": (DIMENSION_ITEM, ITEM),
         "tuple": (TUPLE,), "none": ()}


def q(local: str) -> str:
    return f"{{{NS}}}{local}"


def concept(local: str, kind: str = "item", *, abstract: bool | None = None,
            typed_domain_ref: str | None = None, typed_domain: str | None = None) -> Concept:
    if abstract is None:
        abstract = kind in ("hypercube", "dimension")
    return Concept(qname=q(local), id=local, type=None, substitution_group=None,
                   substitution_chain=HEADS[kind], period_type="duration", balance=None,
                   abstract=abstract, nillable=True, typed_domain_ref=typed_domain_ref,
                   typed_domain=typed_domain, attributes={}, file=SCHEMA, line=1)


def rel(arcrole: str, source: str, target: str, elr: str = ELR, **xbrldt: str) -> Arc:
    attributes = {f"{{{XBRLDT}}}{name.replace('_', '')}": value for name, value in xbrldt.items()}
    return Arc(arcrole=arcrole, link_role=elr, link_name=f"{{{LINK}}}definitionLink",
               arc_name=f"{{{LINK}}}definitionArc", source=q(source), target=q(target),
               order=Decimal(1), priority=0, use="optional", weight=None, attributes=attributes,
               file=LINKBASE, line=1)


def _schema_document(url: str, body: str) -> Document:
    root = etree.fromstring(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                            f'targetNamespace="{NS}">{body}</xs:schema>')
    return Document(url, "schema", NS, root)


def _standard_documents() -> dict[str, Document]:
    """The schema declares the typed domain element `v`; the linkbase has a roleRef for ELR2."""
    linkbase = etree.fromstring(
        f'<link:linkbase xmlns:link="{LINK}"><link:roleRef roleURI="{ELR2}"/></link:linkbase>')
    return {SCHEMA: _schema_document(SCHEMA, '<xs:element name="v" id="v"/>'),
            LINKBASE: Document(LINKBASE, "linkbase", None, linkbase)}


def make_dts(concepts: list[Concept], relationships: list[Arc], documents=None) -> DTS:
    dts = DTS(entry=SCHEMA)
    dts.concepts = {c.qname: c for c in concepts}
    dts.relationships = list(relationships)
    dts.arcs = list(relationships)
    dts.documents = _standard_documents() if documents is None else documents
    return dts


def explicit(dim: str, member: str, container: str = "segment") -> DimensionValue:
    return DimensionValue(q(dim), f"d:{dim}", q(member), f"d:{member}", None, False, container, 5)


def typed(dim: str, element, container: str = "segment") -> DimensionValue:
    return DimensionValue(q(dim), f"d:{dim}", None, "", element, True, container, 5)


def context(cid: str, *values: DimensionValue, segment=None, scenario=None) -> Context:
    return Context(cid, 3, "s", "e", "duration", None, None, None, None, segment, scenario,
                   list(values))


def run(dts: DTS, contexts: list[Context], facts: list[tuple[str, str]]) -> list[str]:
    instance = Instance(url="file:///t/i.xml", root=None)
    instance.contexts = {c.id: c for c in contexts}
    instance.facts = [Fact(q(name), 10 + i, cid, None, "1", False, None, None, None)
                      for i, (name, cid) in enumerate(facts)]
    report = Report("file:///t/i.xml")
    dimensions.check(dts, instance, report)
    return report.codes


def taxonomy_codes(dts: DTS) -> list[str]:
    report = Report(SCHEMA)
    dimensions.check(dts, None, report)
    return report.codes


INVALID = "xbrldie:PrimaryItemDimensionallyInvalidError"


def cube_taxonomy(*, closed: str = "false", context_element: str = "segment",
                  arcrole: str = ALL, default: bool = False, extra: list[Arc] = ()) -> DTS:
    """Sales -all-> Cube -> Region (domain AllRegions: East, West); Margin has no hypercube."""
    concepts = [concept("Sales"), concept("Margin"), concept("Cube", "hypercube"),
                concept("Region", "dimension"), concept("Product", "dimension"),
                concept("AllRegions", abstract=True), concept("East"), concept("West"),
                concept("Widgets")]
    relationships = [
        rel(arcrole, "Sales", "Cube", closed=closed, contextElement=context_element),
        rel(HYPERCUBE_DIMENSION, "Cube", "Region"),
        rel(DIMENSION_DOMAIN, "Region", "AllRegions"),
        rel(DOMAIN_MEMBER, "AllRegions", "East"),
        rel(DOMAIN_MEMBER, "AllRegions", "West"),
        rel(DIMENSION_DOMAIN, "Product", "Widgets"),
    ]
    if default:
        relationships.append(rel(DIMENSION_DEFAULT, "Region", "AllRegions"))
    return make_dts(concepts, relationships + list(extra))


# --------------------------------------------------------------------------- instance: hypercubes


def test_primary_item_without_hypercube_is_valid_whatever_its_context():
    dts = cube_taxonomy(closed="true")
    assert run(dts, [context("c", explicit("Product", "Widgets"))], [("Margin", "c")]) == []


def test_member_of_the_domain_is_valid_and_a_foreign_member_is_not():
    dts = cube_taxonomy()
    ok = context("ok", explicit("Region", "East"))
    bad = context("bad", explicit("Region", "Widgets"))
    assert run(dts, [ok], [("Sales", "ok")]) == []
    assert run(dts, [bad], [("Sales", "bad")]) == [INVALID]


def test_missing_dimension_needs_a_default():
    plain = context("plain")
    assert run(cube_taxonomy(), [plain], [("Sales", "plain")]) == [INVALID]
    assert run(cube_taxonomy(default=True), [plain], [("Sales", "plain")]) == []


def test_closed_hypercube_rejects_other_dimensions_and_open_one_allows_them():
    both = context("both", explicit("Region", "East"), explicit("Product", "Widgets"))
    assert run(cube_taxonomy(closed="true"), [both], [("Sales", "both")]) == [INVALID]
    assert run(cube_taxonomy(closed="false"), [both], [("Sales", "both")]) == []


def test_closed_hypercube_rejects_non_dimensional_content_in_its_container():
    segment = etree.fromstring(
        f'<s:segment xmlns:s="{XBRLI}" xmlns:d="{XBRLDI}" xmlns:x="urn:x">'
        '<d:explicitMember dimension="d:Region">d:East</d:explicitMember><x:note/></s:segment>')
    ctx = context("c", explicit("Region", "East"), segment=segment)
    assert run(cube_taxonomy(closed="true"), [ctx], [("Sales", "c")]) == [INVALID]
    assert run(cube_taxonomy(closed="false"), [ctx], [("Sales", "c")]) == []


def test_dimension_must_be_in_the_container_the_hypercube_names():
    in_scenario = context("c", explicit("Region", "East", "scenario"))
    assert run(cube_taxonomy(context_element="segment"), [in_scenario], [("Sales", "c")]) == [INVALID]
    assert run(cube_taxonomy(context_element="scenario"), [in_scenario], [("Sales", "c")]) == []


def test_not_all_hypercube_excludes_its_members():
    east = context("east", explicit("Region", "East"))
    notall = cube_taxonomy(arcrole=NOT_ALL)
    assert run(notall, [east], [("Sales", "east")]) == [INVALID]
    assert run(notall, [context("none")], [("Sales", "none")]) == []


def test_all_and_not_all_in_one_base_set_combine():
    # Sales must have a region, but not West
    dts = cube_taxonomy(extra=[
        rel(NOT_ALL, "Sales", "Excluded", contextElement="segment"),
        rel(HYPERCUBE_DIMENSION, "Excluded", "Region", elr=ELR2),
        rel(DIMENSION_DOMAIN, "Region", "West", elr=ELR2),
    ])
    dts.relationships[-3].attributes[f"{{{XBRLDT}}}targetRole"] = ELR2
    dts.concepts[q("Excluded")] = concept("Excluded", "hypercube")
    east, west = context("e", explicit("Region", "East")), context("w", explicit("Region", "West"))
    assert run(dts, [east, west], [("Sales", "e"), ("Sales", "w")]) == [INVALID]


def test_unusable_member_and_unusable_default_are_invalid():
    dts = cube_taxonomy(default=True)
    dts.relationships[3].attributes[f"{{{XBRLDT}}}usable"] = "false"   # AllRegions -> East
    assert run(dts, [context("c", explicit("Region", "East"))], [("Sales", "c")]) == [INVALID]
    assert run(dts, [context("w", explicit("Region", "West"))], [("Sales", "w")]) == []
    dts.relationships[2].attributes[f"{{{XBRLDT}}}usable"] = "false"   # Region -> AllRegions
    assert run(dts, [context("none")], [("Sales", "none")]) == [INVALID]


def test_member_unusable_in_one_path_is_unusable_everywhere_in_that_domain():
    dts = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "West", "East", usable="false")])
    assert run(dts, [context("c", explicit("Region", "East"))], [("Sales", "c")]) == [INVALID]


def test_hypercubes_are_inherited_through_domain_member_in_the_same_base_set_only():
    dts = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "Sales", "Child"),
                               rel(DOMAIN_MEMBER, "Sales", "Stranger", elr=ELR2)])
    dts.concepts[q("Child")] = concept("Child")
    dts.concepts[q("Stranger")] = concept("Stranger")
    plain = context("plain")
    assert run(dts, [plain], [("Child", "plain")]) == [INVALID]       # inherits Cube
    assert run(dts, [plain], [("Stranger", "plain")]) == []           # other ELR: no cube


def test_inheritance_follows_target_role_into_the_next_base_set():
    dts = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "Sales", "Child", targetRole=ELR2),
                               rel(DOMAIN_MEMBER, "Child", "Grandchild", elr=ELR2),
                               rel(DOMAIN_MEMBER, "Child", "Unrelated", elr=ELR)])
    for name in ("Child", "Grandchild", "Unrelated"):
        dts.concepts[q(name)] = concept(name)
    plain = context("plain")
    assert run(dts, [plain], [("Grandchild", "plain")]) == [INVALID]
    assert run(dts, [plain], [("Unrelated", "plain")]) == []


def test_target_role_of_has_hypercube_locates_the_dimensions():
    concepts = [concept("Sales"), concept("Cube", "hypercube"), concept("Region", "dimension"),
                concept("East")]
    relationships = [rel(ALL, "Sales", "Cube", contextElement="segment", targetRole=ELR2),
                     rel(HYPERCUBE_DIMENSION, "Cube", "Region", elr=ELR2),
                     rel(DIMENSION_DOMAIN, "Region", "East", elr=ELR2)]
    dts = make_dts(concepts, relationships)
    assert run(dts, [context("c", explicit("Region", "East"))], [("Sales", "c")]) == []
    assert run(dts, [context("none")], [("Sales", "none")]) == [INVALID]
    relationships[0].attributes.pop(f"{{{XBRLDT}}}targetRole")       # cube now has no dims in ELR
    assert run(make_dts(concepts, relationships), [context("none")], [("Sales", "none")]) == []


def test_any_valid_base_set_makes_the_fact_valid():
    dts = cube_taxonomy(closed="true", extra=[
        rel(ALL, "Sales", "Cube2", elr=ELR2, contextElement="segment", closed="true"),
        rel(HYPERCUBE_DIMENSION, "Cube2", "Product", elr=ELR2),
        rel(DIMENSION_DOMAIN, "Product", "Widgets", elr=ELR2)])
    dts.concepts[q("Cube2")] = concept("Cube2", "hypercube")
    ctxs = [context("r", explicit("Region", "East")), context("p", explicit("Product", "Widgets")),
            context("rp", explicit("Region", "East"), explicit("Product", "Widgets"))]
    assert run(dts, ctxs, [("Sales", "r"), ("Sales", "p"), ("Sales", "rp")]) == [INVALID]


def test_typed_dimension_needs_only_to_be_present():
    value = etree.fromstring(f'<v xmlns="{NS}">42</v>')
    wrapper = etree.Element(f"{{{XBRLDI}}}typedMember")
    wrapper.append(value)
    concepts = [concept("Sales"), concept("Cube", "hypercube"),
                concept("Customer", "dimension", typed_domain_ref="#v", typed_domain=q("v"))]
    dts = make_dts(concepts, [rel(ALL, "Sales", "Cube", contextElement="segment"),
                              rel(HYPERCUBE_DIMENSION, "Cube", "Customer")])
    assert run(dts, [context("t", typed("Customer", value))], [("Sales", "t")]) == []
    assert run(dts, [context("none")], [("Sales", "none")]) == [INVALID]


def test_verdict_is_computed_once_per_concept_and_context_shape(monkeypatch):
    calls = []
    real = dimensions.is_dimensionally_valid
    monkeypatch.setattr(dimensions, "is_dimensionally_valid",
                        lambda *args: calls.append(args[2]) or real(*args))
    dts = cube_taxonomy()
    ctxs = [context(f"c{i}", explicit("Region", "East" if i % 2 else "West")) for i in range(50)]
    facts = [("Sales", f"c{i % 50}") for i in range(1000)] + [("Margin", "c1")]
    assert run(dts, ctxs, facts) == []
    assert sorted(calls) == [q("Margin"), q("Sales"), q("Sales")]


def test_tuples_and_facts_of_missing_contexts_are_skipped():
    dts = cube_taxonomy()
    dts.concepts[q("Group")] = concept("Group", "tuple")
    instance_codes = run(dts, [context("plain")], [("Sales", "nowhere")])
    assert instance_codes == []


# --------------------------------------------------------------------------- instance: contexts


def test_repeated_dimension_in_one_container_or_both():
    dts = cube_taxonomy(default=True)
    twice = context("t", explicit("Region", "East"), explicit("Region", "West"))
    split = context("s", explicit("Region", "East"), explicit("Region", "West", "scenario"))
    codes = run(dts, [twice, split], [])
    assert codes == ["xbrldie:RepeatedDimensionInInstanceError"] * 2


def test_explicit_member_must_name_an_explicit_dimension_and_a_declared_member():
    dts = cube_taxonomy()
    dts.concepts[q("Typed")] = concept("Typed", "dimension", typed_domain_ref="#v")
    codes = run(dts, [context("a", explicit("Sales", "East")), context("b", explicit("Typed", "East")),
                      context("c", explicit("Nowhere", "East")),
                      context("d", explicit("Region", "Undeclared"))], [])
    assert codes == ["xbrldie:ExplicitMemberNotExplicitDimensionError"] * 3 + [
        "xbrldie:ExplicitMemberUndefinedQNameError"]


def test_default_member_must_not_appear_in_a_context():
    dts = cube_taxonomy(default=True)
    codes = run(dts, [context("c", explicit("Region", "AllRegions"))], [("Sales", "c")])
    assert codes == ["xbrldie:DefaultValueUsedInInstanceError"]


def test_typed_member_must_name_a_typed_dimension_and_hold_its_domain_element():
    dts = cube_taxonomy()
    dts.concepts[q("Customer")] = concept("Customer", "dimension", typed_domain_ref="#v",
                                          typed_domain=q("v"))
    good = etree.SubElement(etree.Element(f"{{{XBRLDI}}}typedMember"), q("v"))
    wrong = etree.SubElement(etree.Element(f"{{{XBRLDI}}}typedMember"), q("w"))
    pair = etree.Element(f"{{{XBRLDI}}}typedMember")
    first = etree.SubElement(pair, q("v"))
    etree.SubElement(pair, q("v"))
    codes = run(dts, [context("g", typed("Customer", good)), context("r", typed("Region", good)),
                      context("w", typed("Customer", wrong)), context("p", typed("Customer", first)),
                      context("e", typed("Customer", None))], [])
    assert codes == ["xbrldie:TypedMemberNotTypedDimensionError"] + [
        "xbrldie:IllegalTypedDimensionContentError"] * 3


# --------------------------------------------------------------------------- taxonomy rules


def test_hypercubes_and_dimensions_must_be_abstract():
    dts = make_dts([concept("Cube", "hypercube", abstract=False),
                    concept("Region", "dimension", abstract=False), concept("Sales")], [])
    assert taxonomy_codes(dts) == ["xbrldte:HypercubeElementIsNotAbstractError",
                                   "xbrldte:DimensionElementIsNotAbstractError"]


@pytest.mark.parametrize("arcrole, source, target, code", [
    (HYPERCUBE_DIMENSION, "Sales", "Region", "xbrldte:HypercubeDimensionSourceError"),
    (HYPERCUBE_DIMENSION, "Cube", "Sales", "xbrldte:HypercubeDimensionTargetError"),
    (ALL, "Region", "Cube", "xbrldte:HasHypercubeSourceError"),
    (NOT_ALL, "Sales", "Region", "xbrldte:HasHypercubeTargetError"),
    (DIMENSION_DOMAIN, "Cube", "East", "xbrldte:DimensionDomainSourceError"),
    (DIMENSION_DOMAIN, "Customer", "East", "xbrldte:DimensionDomainSourceError"),
    (DIMENSION_DOMAIN, "Region", "Cube", "xbrldte:DimensionDomainTargetError"),
    (DOMAIN_MEMBER, "Region", "East", "xbrldte:DomainMemberSourceError"),
    (DOMAIN_MEMBER, "East", "Cube", "xbrldte:DomainMemberTargetError"),
    (DIMENSION_DEFAULT, "Cube", "East", "xbrldte:DimensionDefaultSourceError"),
    (DIMENSION_DEFAULT, "Region", "Region", "xbrldte:DimensionDefaultTargetError"),
])
def test_arc_endpoints_must_have_the_right_kind(arcrole, source, target, code):
    concepts = [concept("Sales"), concept("East"), concept("Cube", "hypercube"),
                concept("Region", "dimension"),
                concept("Customer", "dimension", typed_domain_ref="#v", typed_domain=q("v"))]
    extra = {"contextElement": "segment"} if arcrole in (ALL, NOT_ALL) else {}
    dts = make_dts(concepts, [rel(arcrole, source, target, **extra)])
    assert taxonomy_codes(dts) == [code]


def test_has_hypercube_needs_context_element():
    dts = cube_taxonomy()
    dts.relationships[0].attributes.pop(f"{{{XBRLDT}}}contextElement")
    assert taxonomy_codes(dts) == ["xbrldte:HasHypercubeMissingContextElementAttributeError"]


def test_a_dimension_has_at_most_one_default_across_all_roles():
    dts = cube_taxonomy(default=True, extra=[rel(DIMENSION_DEFAULT, "Region", "AllRegions", elr=ELR2)])
    assert taxonomy_codes(dts) == []     # the same default twice is one default
    dts = cube_taxonomy(default=True, extra=[rel(DIMENSION_DEFAULT, "Region", "East", elr=ELR2)])
    assert taxonomy_codes(dts) == ["xbrldte:TooManyDefaultMembersError"]


def test_directed_cycle_in_a_domain_of_a_hypercube_is_an_error_and_elsewhere_not():
    cyclic = rel(DOMAIN_MEMBER, "East", "AllRegions", elr=ELR2)
    into_elr2 = rel(DOMAIN_MEMBER, "AllRegions", "West", targetRole=ELR2)
    assert taxonomy_codes(cube_taxonomy(extra=[cyclic])) == []          # ELR2 not in the DRS
    assert taxonomy_codes(cube_taxonomy(extra=[cyclic, into_elr2])) == [
        "xbrldte:DRSDirectedCycleError"]
    no_cube = [c for c in cube_taxonomy(extra=[cyclic, into_elr2]).relationships
               if c.arcrole not in (ALL, HYPERCUBE_DIMENSION)]
    assert taxonomy_codes(make_dts(list(cube_taxonomy().concepts.values()), no_cube)) == []


def test_undirected_cycle_is_fine():
    assert taxonomy_codes(cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "East", "West")])) == []


def test_primary_item_must_not_be_a_usable_member_of_its_own_hypercube():
    dts = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "West", "Sales")])
    assert taxonomy_codes(dts) == ["xbrldte:PrimaryItemPolymorphismError"]
    dts = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "West", "Sales", usable="false")])
    assert taxonomy_codes(dts) == []
    # an inherited primary item counts too
    dts = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "Sales", "Margin"),
                               rel(DOMAIN_MEMBER, "West", "Margin")])
    assert taxonomy_codes(dts) == ["xbrldte:PrimaryItemPolymorphismError"]


@pytest.mark.parametrize("ref, code", [
    ("#good", None),
    ("other.xsd#good", None),
    ("dim.xsd", "xbrldte:TypedDimensionURIError"),
    ("missing.xsd#good", "xbrldte:OutOfDTSSchemaError"),
    ("#abstract", "xbrldte:TypedDimensionError"),
    ("#local", "xbrldte:TypedDimensionError"),
    ("#type", "xbrldte:TypedDimensionError"),
    ("#nothing", "xbrldte:TypedDimensionError"),
])
def test_typed_domain_ref_must_locate_a_global_non_abstract_element_in_the_dts(ref, code):
    body = ('<xs:element name="good" id="good" type="xs:string"/>'
            '<xs:element name="abstract" id="abstract" abstract="true"/>'
            '<xs:complexType name="t" id="type"><xs:sequence>'
            '<xs:element name="local" id="local"/></xs:sequence></xs:complexType>')
    documents = {SCHEMA: _schema_document(SCHEMA, body),
                 "file:///t/other.xsd": _schema_document("file:///t/other.xsd", body)}
    dts = make_dts([concept("Customer", "dimension", typed_domain_ref=ref)], [], documents)
    assert taxonomy_codes(dts) == ([code] if code else [])


def test_typed_domain_ref_on_a_non_dimension_is_an_error():
    dts = make_dts([concept("Sales", typed_domain_ref="#good")], [])
    assert taxonomy_codes(dts) == ["xbrldte:TypedDomainRefError"]


def test_target_role_needs_a_role_ref_in_its_linkbase():
    resolved = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "East", "West", targetRole=ELR2)])
    assert taxonomy_codes(resolved) == []
    unresolved = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "East", "West",
                                          targetRole="http://example.com/role/nowhere")])
    assert taxonomy_codes(unresolved) == ["xbrldte:TargetRoleNotResolvedError"]
    standard = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "East", "West", elr=ELR2, targetRole=ELR)])
    assert taxonomy_codes(standard) == []
    no_role_refs = cube_taxonomy(extra=[rel(DOMAIN_MEMBER, "East", "West", targetRole=ELR2)])
    no_role_refs.documents.pop(LINKBASE)
    assert taxonomy_codes(no_role_refs) == ["xbrldte:TargetRoleNotResolvedError"]


def test_relationships_index_ignores_non_dimensional_and_dangling_arcs():
    arcs = [rel("http://www.xbrl.org/2003/arcrole/parent-child", "Sales", "Margin"),
            rel(DOMAIN_MEMBER, "Sales", "Margin")]
    arcs[1].target = None
    assert DimensionalRelationships(arcs).relationships == []


def test_typed_value_is_schema_checked_when_a_validator_is_given():
    dts = cube_taxonomy()
    dts.concepts[q("Customer")] = concept("Customer", "dimension", typed_domain_ref="#v",
                                          typed_domain=q("v"))
    good = etree.SubElement(etree.Element(f"{{{XBRLDI}}}typedMember"), q("v"))
    good.text = "42"
    bad = etree.SubElement(etree.Element(f"{{{XBRLDI}}}typedMember"), q("v"))
    bad.text = "abc"
    instance = Instance(url="file:///t/i.xml", root=None)
    instance.contexts = {c.id: c for c in (context("g", typed("Customer", good)),
                                           context("b", typed("Customer", bad)))}
    report = Report("file:///t/i.xml")
    dimensions.check(dts, instance, report,
                     element_errors=lambda e: [] if e.text.isdigit() else ["not an integer"])
    assert [(m.code, "not an integer" in m.message) for m in report.messages] == [
        ("xmlSchema:valueError", True)]
