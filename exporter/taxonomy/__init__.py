"""The local XBRL taxonomy (namespace ``xe``): its concepts as data, and the writers of its files.

The one source of truth is ``taxonomy/src/concepts.csv`` (the concepts) and
``taxonomy/src/structure.toml`` (roles, calculation arcs, dimensions).  ``load()`` reads those two
files (no XML involved, a few milliseconds); ``python -m exporter.taxonomy build`` writes the
schema and the four linkbases of the Taxonomy Package under ``taxonomy/`` from them, and
``python -m exporter.taxonomy check`` exits 1 when the committed files differ from a fresh build.

Data API::

    NAMESPACE, PREFIX, ENTRY_POINT, ROLE_BASE
    DEI_NAMESPACE, DEI_PREFIX, DEI_SCHEMA_FILE    # document and entity concepts: their own schema
    LABEL_LANG ("en-US"), RELEASE_LABEL_ROLE      # the labels' language; a line's label as printed
    RELEASE_NEGATED_LABEL_ROLE                    # ... printed with the opposite sign of its value
    load() -> Taxonomy                      # cached; the data is immutable
    Taxonomy.concept("xe:Revenues" | "dei:DocumentType" | "Revenues") -> Concept | None  # .prefix: xe | dei
    Taxonomy.concepts: dict[name, Concept]  # line items and abstract headings, in source order
    Taxonomy.calculations: list[CalcArc]    # CalcArc(parent, child, weight, role): qnames, role URI
    Taxonomy.presentation: list[PresentationArc]
    Taxonomy.axes: dict[name, Axis]         # Axis(name, label, domain, domain_label, members)
    Taxonomy.members: dict[name, DomainMember]  # DomainMember(name, label, axis)
    Taxonomy.axis_of(member) -> Axis | None; Taxonomy.roles: dict[id, Role]
    package_dir() -> Path                   # the taxonomy/ folder
    write_zip(out: Path) -> None            # the package as a zip, written atomically

Generators, reusable for a company extension schema (prefix from the ticker, importing ours).
Every one returns the document as UTF-8 bytes; concept arguments are ``Concept`` objects whose
``prefix`` names their schema, and ``hrefs`` maps each prefix to the schema location used in
locators (for an extension: ``{"xe": ENTRY_POINT, "bsmd": "bsmd-20070930.xsd"}``)::

    render_schema(namespace, prefix, concepts, *, imports=((NAMESPACE, ENTRY_POINT),),
                  linkbase_refs=(), roles=(), dimension_elements=(), define_types=False) -> bytes
        # linkbase_refs: [(href, "label"|"presentation"|"calculation"|"definition")]
        # dimension_elements: [DimensionElement(name, kind, label)] kind: axis|domain|member|hypercube|line_items
    render_label_linkbase(concepts, hrefs, *, extra=(), lang="en") -> bytes
        # extra: [(prefix, name, label)] standard labels of dimension elements
    render_presentation_linkbase(arcs: [PresentationArc], hrefs, *, role_hrefs) -> bytes
    render_calculation_linkbase(arcs: [CalcArc], hrefs, *, role_hrefs) -> bytes
    render_definition_linkbase(arcs: [DefinitionArc], hrefs, *, role_hrefs) -> bytes
    member_arcs(domain_qname, member_qnames, role=SEGMENTS_ROLE) -> list[DefinitionArc]
    make_concept(name, item_type, period_type, balance, label, *, prefix, ...) -> Concept
    render_extension(prefix, namespace, schema_file, concepts, *, members=(), calculations=())
        -> {file name: bytes}   # all of the above in one call: schema + lab/cal/def linkbases

``role_hrefs`` maps each role URI used to the ``schema#id`` of its roleType (our roles live in
``xe-2026.xsd``: ``role_hrefs_for(taxonomy, ENTRY_POINT)``).

How an extension attaches a company member (say ``bsmd:OncologyMember`` on
``xe:ProductOrServiceAxis``): declare the member in the extension schema with
``DimensionElement("OncologyMember", "member", "Oncology", prefix="bsmd")`` and write an
extension definition linkbase with ``member_arcs("xe:ProductsAndServicesDomain",
["bsmd:OncologyMember"])`` (``render_extension`` does both).  The arcs
are in our role ``SEGMENTS_ROLE``, so they join the domain-member network of our hypercube and a
fact with that member is dimensionally valid.  Extension concepts reported with members should be
added under ``xe:StatementLineItems`` the same way (``DefinitionArc`` with arcrole
``domain-member`` from ``xe:StatementLineItems``).

Sign convention (``Concept.sign``), for the converter: "magnitude" values are normally >= 0 and are
printed in parentheses when a statement shows them as deductions (expenses, costs, payments,
dividends, contra assets); "change" is an IncreaseDecrease* working-capital change; "signed" can be
either (income or loss, net amounts, effects, per-share results).

The parts: ``core`` (names, namespaces and the data classes), ``source`` (reading
``taxonomy/src`` and the compiled form ``load()`` reads), ``xmlwrite`` (the XML text writer),
``linkbases`` (the schema and linkbase generators) and ``package`` (the package's files, the zip,
and the ``build``/``check`` commands).
"""
from __future__ import annotations

from .core import (BASE_URL, DEI_ENTRY_POINT, DEI_LABEL_FILE, DEI_NAMESPACE, DEI_PREFIX, DEI_SCHEMA_FILE, ENTRY_POINT,
                   LABEL_LANG, PERIOD_END_LABEL_ROLE, PERIOD_START_LABEL_ROLE, RELEASE_LABEL_ROLE,
                   RELEASE_NEGATED_LABEL_ROLE, FISCAL_PERIODS, LABEL_ROLE, LINK, LINKBASE_FILES, NAMESPACE,
                   NEGATED_LABEL_ROLE, NUMERIC_TYPES, PREFIX, ROLE_BASE, SCHEMA_DIR, SCHEMA_FILE,
                   SEGMENTS_ROLE, SIGNS, TERSE_LABEL_ROLE, XBRLDT, XBRLI, XLINK, XS, XSI, ZIP_ROOT, Axis,
                   CalcArc, Concept, DefinitionArc, DimensionElement, DomainMember, PresentationArc, Role,
                   Taxonomy, member_arcs)
from .linkbases import (calculation_orders, element_id, make_concept, render_calculation_linkbase,
                        render_definition_linkbase, render_extension, render_label_linkbase,
                        render_presentation_linkbase, render_schema, role_hrefs_for)
from .package import build, generate, main, package_files, stale_files, write_zip
from .source import (COMPILED_FILE, TaxonomySourceError, default_sign, label_from_name, load, load_from,
                     load_source, negate_label, package_dir, schema_dir, source_dir, terse_from_label)

__all__ = ["Axis", "BASE_URL", "DEI_ENTRY_POINT", "DEI_LABEL_FILE", "DEI_NAMESPACE", "DEI_PREFIX", "DEI_SCHEMA_FILE",
           "LABEL_LANG", "PERIOD_END_LABEL_ROLE", "PERIOD_START_LABEL_ROLE", "RELEASE_LABEL_ROLE",
           "RELEASE_NEGATED_LABEL_ROLE", "build", "CalcArc", "calculation_orders", "COMPILED_FILE", "Concept", "default_sign",
           "DefinitionArc", "DimensionElement", "DomainMember", "element_id", "ENTRY_POINT",
           "FISCAL_PERIODS", "generate", "label_from_name", "LABEL_ROLE", "LINK", "LINKBASE_FILES", "load",
           "load_from", "load_source", "main", "make_concept", "member_arcs", "NAMESPACE", "negate_label",
           "NEGATED_LABEL_ROLE", "NUMERIC_TYPES", "package_dir", "package_files", "PREFIX",
           "PresentationArc", "render_calculation_linkbase", "render_definition_linkbase",
           "render_extension", "render_label_linkbase", "render_presentation_linkbase", "render_schema",
           "Role", "ROLE_BASE", "role_hrefs_for", "SCHEMA_DIR", "schema_dir", "SCHEMA_FILE", "SEGMENTS_ROLE",
           "SIGNS", "source_dir", "stale_files", "Taxonomy", "TaxonomySourceError", "terse_from_label",
           "TERSE_LABEL_ROLE", "write_zip", "XBRLDT", "XBRLI", "XLINK", "XS", "XSI", "ZIP_ROOT"]
