"""Bridging rdflib graphs to pyoxigraph, which writes tjkg's RDF files.

pyoxigraph serialises fast and writes literals in canonical form (``"1.50"^^xsd:decimal``
becomes ``1.5``), so tjkg's files, its embedded store and an Oxigraph server hold the same
bytes. Statements are sorted before writing: the same graph always gives the same file.
Terms are converted once (memoised): IRIs and labels repeat across releases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

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
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Converter:
    """rdflib terms -> pyoxigraph terms, memoised."""

    def __init__(self) -> None:
        self.cache: dict[Node, OxTerm] = {}

    def __call__(self, term: Node) -> OxTerm:
        hit = self.cache.get(term)
        if hit is None:
            hit = self.cache[term] = to_ox(term)
        return hit


def to_ox(term: Node) -> OxTerm:
    """One rdflib term as a pyoxigraph term (a pyoxigraph term is returned as it is)."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term
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


def from_ox(term: OxTerm) -> Node:
    """One pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # a simple literal, as rdflib writes one
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported RDF term {term!r}")


def rdflib_triples(items: Iterable[ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    """pyoxigraph triples as rdflib term triples, each distinct term converted once."""
    memo: dict[OxTerm, Node] = {}

    def conv(term: OxTerm) -> Node:
        hit = memo.get(term)
        if hit is None:
            hit = memo[term] = from_ox(term)
        return hit

    for t in items:
        yield conv(t.subject), conv(t.predicate), conv(t.object)  # type: ignore[arg-type]


def to_rdflib_graph(items: Iterable[ox.Triple], graph: Graph | None = None) -> Graph:
    """pyoxigraph triples as an rdflib Graph (with tjkg's prefixes)."""
    from .namespaces import new_graph

    g = graph if graph is not None else new_graph()
    for triple in rdflib_triples(items):
        g.add(triple)
    return g


def read_turtle(path: str | Path) -> Graph:
    """A Turtle file as an rdflib Graph, parsed by pyoxigraph (ten times faster than
    rdflib's parser on tjkg's ontology and shapes), with the file's prefixes bound.

    Raises OSError for a file that cannot be read and SyntaxError for bad Turtle (with
    the line and column); blank nodes keep the parser's labels within the graph.
    """
    from .namespaces import new_graph

    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    quads = list(parser)
    g = new_graph()
    for prefix, ns in sorted(parser.prefixes.items()):
        if prefix:
            g.namespace_manager.bind(prefix, ns, override=False)
    return to_rdflib_graph((q.triple for q in quads), g)


def _key(t: ox.Triple | ox.Quad) -> str:
    return str(t)  # the N-Triples/N-Quads form: a total, stable order


def triples(graph: Graph, conv: Converter | None = None) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph Triples, in a stable order."""
    conv = conv or Converter()
    out = [ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in graph]  # type: ignore[arg-type]
    out.sort(key=_key)
    return out


def iter_quads(graphs: Iterable[tuple[URIRef, Graph | Sequence[ox.Triple]]]
               ) -> Iterator[ox.Quad]:
    """Quads of named graphs, graph by graph, made as they are consumed: an rdflib Graph's
    triples sorted, a list of pyoxigraph triples in its own order (a build's release lists
    are sorted when made)."""
    conv = Converter()
    for name, graph in graphs:
        g = ox.NamedNode(str(name))
        items = triples(graph, conv) if isinstance(graph, Graph) else graph
        for t in items:
            yield ox.Quad(t.subject, t.predicate, t.object, g)


def serialize_to(items: Iterable[ox.Triple] | Iterable[ox.Quad], path: str | Path,
                 fmt: str) -> None:
    """Stream ``items`` into the file at ``path`` (tjkg's prefixes, in pyoxigraph's own
    stable order, where the format has prefixes)."""
    prefixes = ({p: str(ns) for p, ns in sorted(PREFIXES.items()) if p != "id"}
                if fmt in ("turtle", "trig") else None)
    ox.serialize(items, str(path), format=FORMATS[fmt], prefixes=prefixes)


def serialize(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise with tjkg's prefixes (where the format has prefixes)."""
    rdf_format = FORMATS[fmt]
    prefixes = ({p: str(ns) for p, ns in sorted(PREFIXES.items()) if p != "id"}
                if fmt in ("turtle", "trig") else None)
    data = ox.serialize(list(items), format=rdf_format, prefixes=prefixes)
    assert data is not None
    if prefixes:  # put the prefix block in a fixed order
        lines = data.split(b"\n")
        n = next((i for i, ln in enumerate(lines) if not ln.startswith(b"@prefix")), len(lines))
        data = b"\n".join([*sorted(lines[:n]), b"", *lines[n:]])
    return data
