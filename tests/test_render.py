"""Rendering: every value of the instance is XML-escaped exactly as markupsafe (Jinja's
autoescaping) escapes it, though render.py escapes each distinct value once and the template
prints the prepared rows as they are."""
from __future__ import annotations

import dataclasses
from datetime import date

from lxml import etree
from markupsafe import escape

from conftest import EXAMPLE

import exporter
from exporter import render
from exporter.model import ConvertError, Context, Entity, Fact, Instance, Member, Period, Provenance, USD

XBRLI = "{http://www.xbrl.org/2003/instance}"


def test_escaping_is_markupsafes():
    esc = render._Escaped()
    for value in ["plain", "", "AT&T", "<a href='x'>\"q\"</a>", "&amp;", "émigré – €", "tab\there",
                  "x\x01y", 0, -12, 2007, None]:
        assert esc[value] == str(escape(value)), value
        assert esc[value] == str(escape(value))  # the kept answer too
    assert render._Escaped(render._comment)["a -- <b> ---"] == str(escape(render._comment("a -- <b> ---")))


def test_comment_texts_are_those_escaped_one_by_one():
    # _comment_texts searches and escapes the labels joined: the same texts as one label at a time
    plain = ["Net sales", "Cost of sales", "Total"]
    cases = [plain, plain + ["Stockholders' equity", "R&D <net>"], plain + ["a -- b", "ends-"],
             plain + ["bell\x07", "tab\there"], plain + ["two\nlines", "AT&T"], ["a-", "-b"], ["x"], [],
             ["dash-\nnewline", "Q&A"]]
    for labels in cases:
        one_by_one = render._Escaped(render._comment)
        got = render._comment_texts(labels + labels[:1])
        assert list(got) == list(dict.fromkeys(labels)), labels
        assert {k: str(v) for k, v in got.items()} == {k: str(one_by_one[k]) for k in labels}, labels


def test_labels_values_and_identifiers_are_escaped_in_the_instance():
    entity = Entity(identifier="AT&T <1>", scheme="http://example.com/?a=1&b='2'")
    duration = Context(entity, Period.duration(date(2024, 1, 1), date(2024, 3, 31)),
                       (Member("xe:StatementGeographicalAxis", "xe:EuropeMember"),))
    instant = Context(entity, Period.instant(date(2024, 3, 31)))
    label = 'Sales & "other" <income> -- net\x07'
    facts = [
        Fact("xe:Revenues", duration, "1200000", USD, "-3",
             Provenance("s.txt", 3, 17, "1,200", label=label)),
        Fact("xe:Revenues", instant, "", USD, None, Provenance("s.txt", 4, 17, "-", label=label)),
        Fact("dei:EntityRegistrantName", instant, "AT&T <Corp> 'quoted' \"twice\""),
    ]
    inst = Instance(entity, facts, ["xe.xsd"], {"xe": "http://xbrl-export.org/xe", "dei": "http://dei"})
    root = etree.fromstring(render.render(inst))
    ident = root.findall(f".//{XBRLI}identifier")
    assert [i.text for i in ident] == ["AT&T <1>", "AT&T <1>"]
    assert ident[0].get("scheme") == "http://example.com/?a=1&b='2'"
    # (a comment's text is not parsed: what it holds is the escaped label, as it always was)
    shown = escape(render._comment(label))
    assert "--" not in shown and "\x07" not in shown
    assert [c.text for c in root.iter(etree.Comment)] == [f" {shown} (line 3, column 17) ",
                                                         f" {shown} (line 4, column 17) "]
    values = [e for e in root.iterchildren("{http://xbrl-export.org/xe}*", "{http://dei}*")]
    assert [(e.get("contextRef"), e.get("unitRef"), e.get("decimals"), e.text) for e in values] == [
        (duration.id, "USD", "-3", "1200000"),
        (instant.id, "USD", None, None),
        (instant.id, None, None, "AT&T <Corp> 'quoted' \"twice\""),
    ]
    assert values[1].get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"


def test_rendering_follows_the_instance_as_it_is_now():
    # nothing is kept from one rendering to the next: a changed fact renders changed
    inst = exporter.convert(EXAMPLE)
    before = render.render(inst)
    fact = next(f for f in inst.facts if f.is_numeric and f.value)
    inst.facts[inst.facts.index(fact)] = dataclasses.replace(fact, value="42", decimals="0")
    after = render.render(inst)
    assert before != after and b'decimals="0">42<' in after


def test_context_and_unit_ids_need_no_escaping():
    # render prints context and unit ids and ISO dates as they are: they can hold nothing escaping replaces
    import re
    entity = Entity(identifier="AT&T")
    odd = Member("xe:Odd<Axis>", "co:Wéird<Member>&'\"x\"")
    for context in (Context(entity, Period.duration(date(2024, 1, 1), date(2024, 3, 31)), (odd,)),
                    Context(entity, Period.instant(date(2024, 3, 31)))):
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", context.id), context.id
    from exporter.model import Unit
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", Unit(("iso4217:U&S<D>",), ("xbrli:sh'ares",)).id)


def test_a_concept_that_is_no_qname_is_named():
    import pytest
    instant = Context(Entity("X"), Period.instant(date(2024, 3, 31)))
    for bad in ["Revenues", "xe:Rev enues", "xe:a\nxe:b", "xe:Rev<", ""]:
        facts = [Fact("xe:Revenues", instant, "1", USD, "0"), Fact(bad, instant, "2", USD, "0")]
        with pytest.raises(ConvertError, match="is not a QName"):
            render.render(Instance(Entity("X"), facts, ["xe.xsd"], {"xe": "http://xbrl-export.org/xe"}))
