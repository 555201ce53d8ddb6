"""The Taxonomy Package: its metadata and catalog, the generated files written under
``taxonomy/`` (``build``) or compared with a fresh generation (``check``), and the zip.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Sequence

from .core import (BASE_URL, CATALOG_NS, DEI_LABEL_FILE, DEI_NAMESPACE, DEI_PREFIX, DEI_SCHEMA_FILE, ENTRY_POINT,
                   LINKBASE_FILES, NAMESPACE, NEGATED_LABEL_ROLE_ID, PREFIX, SCHEMA_DIR, SCHEMA_FILE, TP_NS, ZIP_ROOT,
                   Taxonomy)
from .linkbases import (render_calculation_linkbase, render_definition_linkbase, render_label_linkbase,
                        render_presentation_linkbase, render_schema, role_hrefs_for)
from .source import COMPILED_FILE, TaxonomySourceError, _to_json, load_source, package_dir
from .xmlwrite import _el, _new_root, _q, _xml


def _package_metadata() -> bytes:
    root = _new_root(_q(TP_NS, "taxonomyPackage"), {"tp": TP_NS})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    _el(root, _q(TP_NS, "identifier"), text="http://xbrl-export.org/taxonomy/2026/xe-2026.zip")
    _el(root, _q(TP_NS, "name"), text="xbrl-export taxonomy 2026")
    _el(root, _q(TP_NS, "description"), text=(
        "Concepts named after US-GAAP and dei elements, with labels, statement presentation, "
        "calculation identities and segment dimensions, for instances written by xbrl-export."))
    _el(root, _q(TP_NS, "version"), text="2026.1")
    _el(root, _q(TP_NS, "publisher"), text="xbrl-export")
    _el(root, _q(TP_NS, "publisherURL"), text="http://xbrl-export.org/")
    _el(root, _q(TP_NS, "publicationDate"), text="2026-01-01")
    eps = _el(root, _q(TP_NS, "entryPoints"))
    ep = _el(eps, _q(TP_NS, "entryPoint"))
    _el(ep, _q(TP_NS, "name"), text="xe 2026 (all statements)")
    _el(ep, _q(TP_NS, "entryPointDocument"), {"href": ENTRY_POINT})
    return _xml(root)


def _catalog() -> bytes:
    root = _new_root(_q(CATALOG_NS, "catalog"), {None: CATALOG_NS})
    _el(root, _q(CATALOG_NS, "rewriteURI"), {"uriStartString": BASE_URL,
                                             "rewritePrefix": "../xbrl-export.org/taxonomy/"})
    return _xml(root)


def generate(taxonomy: Taxonomy | None = None) -> dict[str, bytes]:
    """Every generated file of the package: path relative to taxonomy/ -> content."""
    tx = taxonomy or load_source()
    concepts = [c for c in tx.concepts.values() if c.prefix == PREFIX]
    dei_concepts = [c for c in tx.concepts.values() if c.prefix == DEI_PREFIX]
    hrefs = {PREFIX: SCHEMA_FILE, DEI_PREFIX: DEI_SCHEMA_FILE}
    role_hrefs = role_hrefs_for(tx, SCHEMA_FILE)
    dim_elements = tx.dimension_elements()
    out = {
        # the dei schema stands alone (its types are its own); ours imports it, so every DTS of
        # ours has both namespaces, and our presentation's cover role places its concepts
        DEI_SCHEMA_FILE: render_schema(
            DEI_NAMESPACE, DEI_PREFIX, dei_concepts, imports=(), define_dei_types=True,
            linkbase_refs=[(DEI_LABEL_FILE, "label")]),
        DEI_LABEL_FILE: render_label_linkbase(dei_concepts, hrefs),
        SCHEMA_FILE: render_schema(
            NAMESPACE, PREFIX, concepts, imports=((DEI_NAMESPACE, DEI_SCHEMA_FILE),), define_types=True,
            negated_label_role=True,
            linkbase_refs=[(f, kind) for kind, f in LINKBASE_FILES.items()],
            roles=list(tx.roles.values()), dimension_elements=dim_elements),
        LINKBASE_FILES["label"]: render_label_linkbase(
            concepts, hrefs, extra=[(PREFIX, d.name, d.label) for d in dim_elements],
            negated_role_href=f"{SCHEMA_FILE}#{NEGATED_LABEL_ROLE_ID}"),
        LINKBASE_FILES["presentation"]: render_presentation_linkbase(tx.presentation, hrefs, role_hrefs=role_hrefs),
        LINKBASE_FILES["calculation"]: render_calculation_linkbase(tx.calculations, hrefs, role_hrefs=role_hrefs),
        LINKBASE_FILES["definition"]: render_definition_linkbase(tx.definition_arcs(), hrefs, role_hrefs=role_hrefs),
    }
    files = {str(SCHEMA_DIR / name): data for name, data in out.items()}
    files[COMPILED_FILE] = _to_json(tx)
    files["META-INF/taxonomyPackage.xml"] = _package_metadata()
    files["META-INF/catalog.xml"] = _catalog()
    return files


def _write_atomic(path: Path, data: bytes) -> None:
    from ..files import write_atomic

    write_atomic(path, data, make_dirs=True)


def build(root: Path | None = None) -> list[Path]:
    """Write the generated files under ``root`` (default: the taxonomy/ folder)."""
    root = root or package_dir()
    written = []
    for rel, data in generate().items():
        _write_atomic(root / rel, data)
        written.append(root / rel)
    return written


def stale_files(root: Path | None = None) -> list[str]:
    """Generated files that are missing under ``root`` or differ from a fresh generation."""
    root = root or package_dir()
    return [rel for rel, data in generate().items()
            if not (root / rel).is_file() or (root / rel).read_bytes() != data]


def package_files(root: Path | None = None) -> list[str]:
    """The files that belong in the package zip (relative to taxonomy/): metadata and schemas."""
    root = root or package_dir()
    out = []
    for top in ("META-INF", "xbrl-export.org"):
        for p in sorted((root / top).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                out.append(p.relative_to(root).as_posix())
    return out


def write_zip(out: Path) -> None:
    """The Taxonomy Package as a zip: one top-level folder holding META-INF/ and the schemas.

    Deterministic (fixed timestamps, sorted entries) and atomic (temp file, then rename).
    """
    out = Path(out)
    root = package_dir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in package_files(root):
            info = zipfile.ZipInfo(f"{ZIP_ROOT}/{rel}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, (root / rel).read_bytes())
    _write_atomic(out, buffer.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    usage = "usage: python -m exporter.taxonomy build | check | zip OUT.zip"
    try:
        if args == ["build"]:
            for p in build():
                print(p.relative_to(package_dir().parent))
            return 0
        if args == ["check"]:
            stale = stale_files()
            for rel in stale:
                print(f"out of date: taxonomy/{rel} (run: python -m exporter.taxonomy build)", file=sys.stderr)
            return 1 if stale else 0
        if len(args) == 2 and args[0] == "zip":
            write_zip(Path(args[1]))
            return 0
    except (TaxonomySourceError, OSError) as exc:
        print(f"xbrl-export taxonomy: {exc}", file=sys.stderr)
        return 2
    print(usage, file=sys.stderr)
    return 2

