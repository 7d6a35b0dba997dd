"""Bridging rdflib graphs to pyoxigraph, which writes tjkg's RDF files.

pyoxigraph serialises fast and writes literals in canonical form (``"1.50"^^xsd:decimal``
becomes ``1.5``), so tjkg's files, its embedded store and an Oxigraph server hold the same
bytes. Terms are sorted before writing: the same graph always gives the same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import PREFIXES

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def _sort_key(t: tuple[Node, ...]) -> tuple[str, ...]:
    return tuple(
        f"{type(x).__name__}:{x}:{getattr(x, 'datatype', '')}:{getattr(x, 'language', '')}"
        for x in t
    )


def triples(graph: Graph) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph Triples, in a stable order."""
    return [
        ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in sorted(graph, key=_sort_key)
    ]


def quads(graphs: Iterable[tuple[URIRef, Graph]]) -> Iterator[ox.Quad]:
    """Quads of named graphs, graph by graph in the order given, each sorted."""
    for name, graph in graphs:
        g = ox.NamedNode(str(name))
        for t in triples(graph):
            yield ox.Quad(t.subject, t.predicate, t.object, g)


def serialize(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise with tjkg's prefixes (where the format has prefixes)."""
    rdf_format = FORMATS[fmt]
    prefixes = (
        {p: str(ns) for p, ns in sorted(PREFIXES.items()) if p != "id"}
        if fmt in ("turtle", "trig")
        else None
    )
    data = ox.serialize(list(items), format=rdf_format, prefixes=prefixes)
    assert data is not None
    if prefixes:  # put the prefix block in a fixed order
        lines = data.split(b"\n")
        n = next((i for i, ln in enumerate(lines) if not ln.startswith(b"@prefix")), len(lines))
        data = b"\n".join([*sorted(lines[:n]), b"", *lines[n:]])
    return data
