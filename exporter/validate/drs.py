"""Dimensional relationship sets (XBRL Dimensions 1.0), built from a DTS's definition arcs.

This module knows nothing about files: it takes the DTS's effective relationships (after
prohibition and override, see ``dts.DTS.relationships``) and answers the questions the Dimensions rules ask: which hypercubes apply to a primary item in which base set
(inheritance through domain-member relationships, following xbrldt:targetRole), which dimensions a
hypercube has, which members of a dimension's domain are usable, what a dimension's default is.

Every answer that instance validation asks repeatedly is cached on the object, so validating
100,000 facts costs one lookup per (primary item, context shape), not a graph walk per fact.
QNames are Clark notation strings ("{namespace}local") throughout.
"""
from __future__ import annotations

from collections import defaultdict

from .dts import (ALL, DIMENSION_DEFAULT, DIMENSION_DOMAIN, DOMAIN_MEMBER, HYPERCUBE_DIMENSION,
                  NOT_ALL, Relationship)

HAS_HYPERCUBE = (ALL, NOT_ALL)
DIMENSIONAL_ARCROLES = frozenset(
    {ALL, NOT_ALL, HYPERCUBE_DIMENSION, DIMENSION_DOMAIN, DOMAIN_MEMBER, DIMENSION_DEFAULT})


def consecutive_elr(rel: Relationship) -> str:
    """The ELR in which a relationship's consecutive relationships are looked for: its
    xbrldt:targetRole when present, else its own ELR (Dimensions 1.0 section 2.2)."""
    return rel.target_role or rel.link_role


def is_usable(rel: Relationship) -> bool:
    return rel.usable is not False   # xbrldt:usable defaults to true


def is_closed(rel: Relationship) -> bool:
    return rel.closed is True        # xbrldt:closed defaults to false


class DimensionalRelationships:
    """Indexes over the effective dimensional relationships of a DTS, and cached DRS answers."""

    def __init__(self, relationships: list[Relationship]):
        self.relationships = [r for r in relationships if r.arcrole in DIMENSIONAL_ARCROLES
                              and r.source is not None and r.target is not None]
        self._from_in_elr: dict[tuple, list[Relationship]] = defaultdict(list)
        self._from_any: dict[tuple, list[Relationship]] = defaultdict(list)
        self._to_any: dict[tuple, list[Relationship]] = defaultdict(list)
        self._by_arcrole: dict[str, list[Relationship]] = defaultdict(list)
        self._hypercubes_cache: dict[str, dict[str, list[Relationship]]] = {}
        self._members_cache: dict[tuple[str, str], frozenset[str]] = {}
        for rel in self.relationships:
            self._from_in_elr[(rel.arcrole, rel.link_role, rel.source)].append(rel)
            self._from_any[(rel.arcrole, rel.source)].append(rel)
            self._to_any[(rel.arcrole, rel.target)].append(rel)
            self._by_arcrole[rel.arcrole].append(rel)
        # Defaults are global, not scoped by ELR (section 2.7.1): the first one found wins, and
        # the taxonomy check reports any second one (xbrldte:TooManyDefaultMembersError).
        self.defaults: dict[str, str] = {}
        for rel in self._by_arcrole[DIMENSION_DEFAULT]:
            self.defaults.setdefault(rel.source, rel.target)

    # ----- plain lookups
    def of_arcrole(self, arcrole: str) -> list[Relationship]:
        return self._by_arcrole.get(arcrole, [])

    def from_source(self, arcrole: str, source: str, elr: str | None = None) -> list[Relationship]:
        if elr is None:
            return self._from_any.get((arcrole, source), [])
        return self._from_in_elr.get((arcrole, elr, source), [])

    def to_target(self, arcrole: str, target: str) -> list[Relationship]:
        return self._to_any.get((arcrole, target), [])

    @property
    def has_hypercubes(self) -> bool:
        return bool(self._by_arcrole.get(ALL) or self._by_arcrole.get(NOT_ALL))

    # ----- DRS questions
    def hypercubes_of(self, primary: str) -> dict[str, list[Relationship]]:
        """The has-hypercube relationships that apply to a primary item, grouped by the base set
        (ELR) they belong to: its own, plus those inherited from ancestors through domain-member
        relationships (section 2.3.1: a has-hypercube relationship in ELR E applies to its source's
        domain-member descendants reached by consecutive relationships starting in E)."""
        cached = self._hypercubes_cache.get(primary)
        if cached is None:
            cached = {}
            self._collect_hypercubes(primary, None, cached, set())
            self._hypercubes_cache[primary] = cached
        return cached

    def _collect_hypercubes(self, concept: str, elr: str | None,
                            out: dict[str, list[Relationship]], seen: set) -> None:
        if (elr, concept) in seen:   # domain-member cycles must not loop
            return
        seen.add((elr, concept))
        for arcrole in HAS_HYPERCUBE:
            for rel in self.from_source(arcrole, concept, elr):
                group = out.setdefault(rel.link_role, [])
                if not any(r is rel for r in group):
                    group.append(rel)
        # An ancestor's hypercubes of ELR L reach `concept` through a domain-member arc of L into
        # it; the ancestor's own ancestors count only through arcs whose consecutive ELR is L.
        for rel in self.to_target(DOMAIN_MEMBER, concept):
            if elr is None or consecutive_elr(rel) == elr:
                self._collect_hypercubes(rel.source, rel.link_role, out, seen)

    def dimensions_of(self, has_hypercube: Relationship) -> list[Relationship]:
        """The hypercube-dimension relationships consecutive to a has-hypercube relationship."""
        return self.from_source(HYPERCUBE_DIMENSION, has_hypercube.target,
                                consecutive_elr(has_hypercube))

    def usable_members(self, dimension: str, elr: str) -> frozenset[str]:
        """The usable members of a dimension's domain as reached from its dimension-domain
        relationships in `elr` (section 2.5.3): every member reached through consecutive
        dimension-domain and domain-member relationships, minus any member that some
        relationship of that walk marks xbrldt:usable="false"."""
        key = (dimension, elr)
        cached = self._members_cache.get(key)
        if cached is None:
            usable: set[str] = set()
            unusable: set[str] = set()
            visited: set[tuple[str, str]] = set()
            stack = list(self.from_source(DIMENSION_DOMAIN, dimension, elr))
            while stack:
                rel = stack.pop()
                (usable if is_usable(rel) else unusable).add(rel.target)
                step = (rel.target, consecutive_elr(rel))
                if step not in visited:
                    visited.add(step)
                    stack.extend(self.from_source(DOMAIN_MEMBER, step[0], step[1]))
            cached = frozenset(usable - unusable)
            self._members_cache[key] = cached
        return cached

    def drs_primary_items(self, has_hypercube: Relationship) -> set[str]:
        """The primary items a has-hypercube relationship applies to: its source and the source's
        descendants through usable consecutive domain-member relationships of its ELR."""
        items = {has_hypercube.source}
        visited: set[tuple[str, str]] = set()
        stack = [(has_hypercube.source, has_hypercube.link_role)]
        while stack:
            step = stack.pop()
            if step in visited:
                continue
            visited.add(step)
            for rel in self.from_source(DOMAIN_MEMBER, step[0], step[1]):
                if is_usable(rel):
                    items.add(rel.target)
                stack.append((rel.target, consecutive_elr(rel)))
        return items
