"""XML writers.  The files are small trees of elements with attributes and text only, written as
text (what lxml's indent + tostring would write, byte for byte): importing lxml would cost a
conversion that writes extension files more than the writing itself.  A tree the text writer
cannot take exactly (a namespace not declared on the root, a prefix shared by two namespaces, a
value that is not a str or not XML) goes through lxml, which raises or writes as before.
"""
from __future__ import annotations

import re
from typing import Mapping


class _Element:
    """One element of a tree written by ``_xml``: tag and attribute names in ``{ns}local`` form."""

    __slots__ = ("tag", "attrib", "text", "children", "nsmap")

    def __init__(self, tag: str, attrib: Mapping[str, str] | None = None, nsmap: Mapping | None = None):
        self.tag, self.attrib, self.text, self.children = tag, dict(attrib or {}), None, []
        self.nsmap = dict(nsmap or {})

    def set(self, key: str, value: str) -> None:
        self.attrib[key] = value


def _new_root(tag: str, nsmap: Mapping, attrib: Mapping[str, str] | None = None) -> _Element:
    return _Element(tag, attrib, nsmap)


def _xml(root: _Element) -> bytes:
    try:
        text = _XmlText(root.nsmap).document(root)
    except _NotPlain:
        return _xml_lxml(root)
    return text.encode("utf-8") + b"\n"


class _NotPlain(Exception):
    pass


_XML_NS = "http://www.w3.org/XML/1998/namespace"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class _XmlText:
    """Writes a tree of ``_Element`` whose namespaces are all declared on its root."""

    def __init__(self, nsmap: Mapping) -> None:
        if len(set(nsmap.values())) != len(nsmap):
            raise _NotPlain
        self.prefixes = {ns: prefix for prefix, ns in nsmap.items()}
        self.prefixes[_XML_NS] = "xml"
        self.names: dict[str, str] = {}

    def name(self, qname: str, attribute: bool) -> str:
        key = ("@" if attribute else "") + qname
        done = self.names.get(key)
        if done is not None:
            return done
        if qname[:1] == "{":
            ns, _, local = qname[1:].partition("}")
            prefix = self.prefixes.get(ns, "")
            if prefix == "" or (prefix is None and attribute):
                raise _NotPlain  # undeclared (lxml would invent a prefix), or unprefixed attribute
            name = local if prefix is None else f"{prefix}:{local}"
        else:
            if not attribute and None in self.prefixes.values():
                raise _NotPlain  # an unqualified element under a default namespace
            name = qname
        self.names[key] = name
        return name

    @staticmethod
    def value(value, escapes) -> str:
        if type(value) is not str or _NOT_XML.search(value):
            raise _NotPlain
        return value.translate(escapes)

    def document(self, root: _Element) -> str:
        out = ["<?xml version='1.0' encoding='UTF-8'?>\n"]
        decls = "".join(f' xmlns="{self.value(ns, _ATTR_ESCAPES)}"' if prefix is None else
                        f' xmlns:{prefix}="{self.value(ns, _ATTR_ESCAPES)}"' for prefix, ns in root.nsmap.items())
        self.element(root, out, "\n", decls)
        return "".join(out)

    def element(self, el: _Element, out: list[str], indent: str, decls: str = "") -> None:
        tag = self.name(el.tag, False)
        out.append(f"<{tag}{decls}")
        for key, value in el.attrib.items():
            out.append(f' {self.name(key, True)}="{self.value(value, _ATTR_ESCAPES)}"')
        if el.children:
            if el.text is not None and el.text.strip():
                raise _NotPlain  # mixed content: indent would keep the text
            inner = indent + "  "
            out.append(">")
            for child in el.children:
                out.append(inner)
                self.element(child, out, inner)
            out.append(f"{indent}</{tag}>")
        elif el.text is None:
            out.append("/>")
        else:
            out.append(f">{self.value(el.text, _TEXT_ESCAPES)}</{tag}>")


def _xml_lxml(root: _Element) -> bytes:
    from lxml import etree

    def build(el: _Element, parent):
        node = etree.Element(el.tag, el.attrib, nsmap=el.nsmap or None) if parent is None else \
            etree.SubElement(parent, el.tag, el.attrib, nsmap=el.nsmap or None)
        if el.text is not None:
            node.text = el.text
        for child in el.children:
            build(child, node)
        return node

    tree = build(root, None)
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def _el(parent: _Element, tag: str, attrib: Mapping[str, str] | None = None, text: str | None = None) -> _Element:
    el = _Element(tag, {k: v for k, v in (attrib or {}).items() if v is not None})
    if text is not None:
        el.text = text
    parent.children.append(el)
    return el


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"
