"""A fast SHACL engine: every constraint becomes one SPARQL SELECT, run on pyoxigraph.

``validate_fast(data, shapes=..., ontology=...)`` returns the same
:class:`tjkg.validate.ValidationReport` as :func:`tjkg.validate.validate_graph` (pySHACL),
computed set-at-a-time: each constraint of the shapes graph is compiled into a query that finds
all violating (focus node, value) pairs of the whole graph at once. ``data`` may be an rdflib
``Graph`` or a ``pyoxigraph.Store`` (a corpus).

What is replicated from pySHACL 0.40 (``inference="none"``, ``advanced=True``, an ``ont_graph``):

* the ontology is "inoculated" into the data graph exactly as pySHACL does it (its class and
  property axioms, and its ``owl:NamedIndividual`` nodes), so ``sh:targetClass`` and
  ``sh:class`` follow ``rdf:type/rdfs:subClassOf*`` over data + ontology;
* the fields of every result: focus node, result path (the shapes graph's path node, blank
  node id included), value, source shape, source constraint component, severity, messages
  (for ``sh:sparql`` results pySHACL drops the language tags of the messages and adds the
  constraint's messages to the shape's; so does this module), ``sh:sourceConstraint``;
* one result per failing (value, other value) pair for ``sh:lessThan``, one per duplicated
  language for ``sh:uniqueLang``, none with a value for the cardinality constraints.

Only the SHACL features tjkg's shapes use are supported; any other constraint parameter,
target type or construct raises :class:`NotImplementedError` naming it, so that a new shape
cannot be silently ignored.

Where pySHACL (rdflib) and SPARQL/XSD disagree, this engine follows the specifications
(tests/shapes/test_shacl_fast.py pins each case down): ``sh:lessThan`` on an ill-typed number
("1a" < "9" is a SPARQL type error, so a result; rdflib compares the lexical forms and finds
none); "NaN"^^xsd:decimal (not in the xsd:decimal lexical space: a sh:datatype result here;
pySHACL accepts it as ``Decimal("NaN")`` and then crashes in sh:maxInclusive); ``sh:pattern``
with ``$`` on a value ending in a newline (XPath's ``$`` is the end of the string; Python's also
matches before a final newline). rdflib itself rewrites some ill-formed lexical forms when it
builds a literal ("1e-1"^^xsd:decimal becomes "0.1", "1_0"^^xsd:integer "10"), so from an
rdflib graph both engines see the rewritten form.

Oxigraph's store folds the derived integer datatypes (xsd:nonNegativeInteger, xsd:int, ...)
into xsd:integer and xsd:dateTimeStamp into xsd:dateTime. Given an rdflib graph, this module
records the original datatypes beside the data (marker triples in its private store), so
``sh:datatype`` stays exact. Given a pyoxigraph Store, the original datatype is already gone:
a valid xsd:integer in range is accepted for a derived integer datatype.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as _urlquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from .oxi import from_ox
from .validate import ValidationReport, ValidationResult, _label, _quote, _short, path_text

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["FAST_ENGINE_FEATURES", "validate_fast"]

_ONTOLOGY_GRAPH = "urn:tjkg:shacl-fast:ontology"
_LOSSY_PREFIX = "urn:tjkg:shacl-fast:lossy?"

#: Derived datatypes that Oxigraph's store rewrites, and the datatype it writes instead.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_LOSSY: dict[URIRef, URIRef] = {XSD[name]: XSD.integer for name in _INTEGER_RANGES}
_LOSSY[XSD.dateTimeStamp] = XSD.dateTime

# Datatypes whose well-formedness a SPARQL cast can check (cast of the lexical form succeeds
# and gives back the same value).
_CASTABLE = {XSD.date, XSD.dateTime, XSD.time, XSD.boolean}
_NUMERIC = {XSD.integer, XSD.decimal, XSD.float, XSD.double}

#: Shape predicates that are not constraints (or are handled with their shape).
_NON_CONSTRAINT = {
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.deactivated,
    SH.path,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.property,
    SH.declare,
    SH.prefixes,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.flags,
    SH.intersection,
    SH.union,
}
#: The constraint parameters this engine compiles.
FAST_ENGINE_FEATURES = frozenset(
    {
        SH.minCount,
        SH.maxCount,
        SH.datatype,
        SH["class"],
        SH.nodeKind,
        SH["in"],
        SH.pattern,
        SH.uniqueLang,
        SH.languageIn,
        SH.minInclusive,
        SH.maxInclusive,
        SH.minExclusive,
        SH.maxExclusive,
        SH.lessThan,
        SH.hasValue,
        SH["or"],
        SH.xone,
        SH["not"],
        SH["and"],
        SH.node,
        SH.qualifiedValueShape,
        SH.sparql,
    }
)
_VALUE_LEVEL = {
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.pattern,
    SH.languageIn,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.hasValue,
    SH["or"],
    SH.xone,
    SH["not"],
    SH["and"],
    SH.node,
}
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
_COMPARISON = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}


@dataclass
class _Raw:
    """One result before it becomes a ValidationResult."""

    focus: Any
    shape: Any
    component: URIRef
    value: Any = None
    path: Any = None
    messages: tuple[Literal, ...] = ()
    source_constraint: Any = None


# ---------------------------------------------------------------------------------------------
# Terms between rdflib, SPARQL text and pyoxigraph
# ---------------------------------------------------------------------------------------------


def _n3(term: Any) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{lexical}"^^<{term.datatype}>'
        return f'"{lexical}"'
    raise NotImplementedError(f"shacl_fast: cannot write {term!r} (a blank node?) into a query")


_IRI_CACHE: dict[str, URIRef] = {}


def _from_ox(term: Any) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        value = term.value
        iri = _IRI_CACHE.get(value)
        if iri is None:
            if len(_IRI_CACHE) > 1_000_000:
                _IRI_CACHE.clear()
            iri = _IRI_CACHE[value] = URIRef(value)
        return iri
    return from_ox(term)  # blank nodes and literals (IRIs are cached above)


class _ToOx:
    """rdflib terms to pyoxigraph terms, with a cache (IRIs repeat a lot)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.cache: dict[Any, Any] = {}

    def __call__(self, term: Any) -> Any:
        hit = self.cache.get(term)
        if hit is not None:
            return hit
        ox = self.ox
        if isinstance(term, URIRef):
            out = ox.NamedNode(str(term))
        elif isinstance(term, BNode):
            out = ox.BlankNode(str(term))
        elif term.language:
            out = ox.Literal(str(term), language=term.language)
        elif term.datatype is not None:
            out = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        else:
            out = ox.Literal(str(term))
        if not isinstance(term, Literal):
            self.cache[term] = out
        return out


@functools.lru_cache(maxsize=1024)
def _lossy_predicate(predicate: Any, datatype: URIRef) -> str:
    p, dt = _urlquote(str(predicate), safe=""), _urlquote(str(datatype), safe="")
    return f"{_LOSSY_PREFIX}p={p}&dt={dt}"


# ---------------------------------------------------------------------------------------------
# The data: a store holding data + the inoculated ontology
# ---------------------------------------------------------------------------------------------

_ONTOLOGY_CACHE: dict[tuple[int, int], tuple[Graph, Graph]] = {}
_MARKER_GRAPH = "urn:tjkg:shacl-fast:datatypes"


def _inoculated(ontology: Graph) -> Graph:
    """The triples pySHACL mixes into the data graph from ``ont_graph`` (its own function)."""
    cached = _ONTOLOGY_CACHE.get((id(ontology), len(ontology)))
    if cached is not None and cached[0] is ontology:
        return cached[1]
    stored = _stored_inoculation(ontology)
    target = _read_inoculation(stored) if stored is not None else None
    if target is None:
        from pyshacl import validator as pyshacl_validator

        target = Graph()
        if pyshacl_validator.USE_FULL_MIXIN:
            for triple in ontology:
                target.add(triple)
        else:
            from pyshacl.rdfutil.inoculate import inoculate

            inoculate(target, ontology)
        if stored is not None:
            _write_inoculation(stored, target)
    _ONTOLOGY_CACHE.clear()
    _ONTOLOGY_CACHE[(id(ontology), len(ontology))] = (ontology, target)
    return target


def _stored_inoculation(ontology: Graph) -> Path | None:
    """Where pySHACL's inoculation of ``ontology`` is kept between runs (importing pySHACL
    and inoculating cost a third of a seed build): keyed by the ontology file's digest
    (set by :func:`tjkg.validate.load_ontology`) and pySHACL's version. None when the
    ontology has no file digest."""
    digest = getattr(ontology, "tjkg_source_digest", None)
    if not digest:
        return None
    from importlib.metadata import version

    home = os.environ.get("TJKG_CACHE_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tjkg")
    return Path(home) / f"inoculated-{digest[:32]}-pyshacl-{version('pyshacl')}.nt"


def _read_inoculation(path: Path) -> Graph | None:
    import pyoxigraph as ox

    from .oxi import to_rdflib_graph

    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    except (OSError, SyntaxError, ValueError):
        return None
    if not quads:
        return None
    graph = Graph()
    return to_rdflib_graph((q.triple for q in quads), graph)


def _write_inoculation(path: Path, graph: Graph) -> None:
    """Best effort, atomically: a cache that cannot be written is skipped."""
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(graph.serialize(format="nt", encoding="utf-8"))
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class _Data:
    """The store the queries run on, and what was learnt while filling it."""

    def __init__(self, data: Any, ontology: Graph) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.graph: Any = data if isinstance(data, Graph) else None
        self.lossy: set[tuple[URIRef, URIRef]] = set()  # (predicate, original datatype)
        self.markers = self.graph is not None
        to_ox = _ToOx()
        extra = _inoculated(ontology)
        if isinstance(data, list | tuple):  # pyoxigraph triples, as a build holds them
            self.graph = _TriplesView(data)
            self.markers = True
            self.store = ox.Store()
            self.owned = True
            default = ox.DefaultGraph()
            markers = ox.NamedNode(_MARKER_GRAPH)
            lossy_types = {str(dt): dt for dt in _LOSSY}
            quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), default) for s, p, o in extra]
            marker_of: dict[tuple[str, str], ox.NamedNode] = {}
            literal = ox.Literal
            for t in data:
                o = t.object
                if type(o) is literal and not o.language:
                    key = (t.predicate.value, o.datatype.value)
                    if key[1] not in lossy_types:
                        continue
                    node = marker_of.get(key)
                    if node is None:
                        p, dt = URIRef(key[0]), lossy_types[key[1]]
                        self.lossy.add((p, dt))
                        node = marker_of[key] = ox.NamedNode(_lossy_predicate(p, dt))
                    quads.append(ox.Quad(t.subject, node, o, markers))
            self.store.bulk_extend(quads)
            # N-Triples bytes parse in Rust: ten times faster than one Quad object a triple
            self.store.bulk_load(ox.serialize(data, format=ox.RdfFormat.N_TRIPLES) or b"",
                                 format=ox.RdfFormat.N_TRIPLES)
        elif self.graph is not None:
            self.store = ox.Store()
            self.owned = True
            default = ox.DefaultGraph()
            markers = ox.NamedNode(_MARKER_GRAPH)  # apart: only the datatype checks see them
            quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), default) for s, p, o in extra]
            lossy = []
            has_blank = False
            for s, p, o in _triples(self.graph):
                if type(o) is Literal or isinstance(o, Literal):
                    if o.datatype in _LOSSY:
                        lossy.append((s, p, o))
                elif isinstance(o, BNode) or isinstance(s, BNode):
                    has_blank = True
            if has_blank or type(self.graph) is not Graph:  # term by term: keeps bnode ids
                quads += [
                    ox.Quad(to_ox(s), to_ox(p), to_ox(o), default)
                    for s, p, o in _triples(self.graph)
                ]
            else:  # N-Triples is twice as fast, but a parser renames blank nodes
                self.store.load(
                    self.graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES
                )
            for s, p, o in lossy:
                self.lossy.add((p, o.datatype))
                marker = ox.NamedNode(_lossy_predicate(p, o.datatype))
                quads.append(ox.Quad(to_ox(s), marker, to_ox(o), markers))
            self.store.extend(quads)
        else:
            self.store = data
            self.owned = False
            graph = ox.NamedNode(_ONTOLOGY_GRAPH)
            self.store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in extra)

    def close(self) -> None:
        if not self.owned:
            self.store.remove_graph(self.ox.NamedNode(_ONTOLOGY_GRAPH))

    def select(self, query: str) -> list[dict[str, Any]]:
        try:
            # a private store holds the data in its default graph (markers apart); a given
            # store is the union of its graphs, as pySHACL reads a Dataset
            solutions = self.store.query(query, use_default_graph_as_union=not self.owned)
        except SyntaxError as exc:  # a compiler bug: show the query
            raise RuntimeError(f"shacl_fast: bad query ({exc}):\n{query}") from exc
        names = [v.value for v in solutions.variables]
        return [{n: _from_ox(row[n]) for n in names} for row in solutions]


class _TriplesView:
    """``.objects``/``.value`` over a list of pyoxigraph triples, as rdflib terms (what the
    report's labels, quotes and restored values read); indexed on first use."""

    def __init__(self, triples: Sequence[Any]) -> None:
        self.triples = triples
        self._index: dict[tuple[str, str], list[Any]] | None = None

    def objects(self, subject: Any, predicate: Any = None) -> list[Any]:
        if self._index is None:
            index: dict[tuple[str, str], list[Any]] = {}
            for t in self.triples:
                index.setdefault((t.subject.value, t.predicate.value), []).append(t.object)
            self._index = index
        found = self._index.get((str(subject), str(predicate)), [])
        return [_from_ox(o) for o in found]

    def value(self, subject: Any, predicate: Any) -> Any:
        found = self.objects(subject, predicate)
        return found[0] if found else None


def _triples(graph: Graph) -> Iterable[tuple[Any, Any, Any]]:
    """The triples of a graph; straight from rdflib's memory store when it is one (5x faster)."""
    spo = getattr(graph.store, "_Memory__spo", None)
    if type(graph) is Graph and isinstance(spo, dict):
        return ((s, p, o) for s, po in spo.items() for p, objects in po.items() for o in objects)
    return graph.triples((None, None, None))


# ---------------------------------------------------------------------------------------------
# The compiler
# ---------------------------------------------------------------------------------------------

_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)


class _Engine:
    def __init__(self, shapes: Graph, data: _Data) -> None:
        self.sg = shapes
        self.data = data
        self._check_unsupported_graph_features()
        # rdfs:subClassOf in data + ontology, closed once: classes become VALUES lists
        self.children: dict[Any, set[Any]] = defaultdict(set)
        for row in data.select(f"{_PREFIXES}SELECT ?s ?o WHERE {{ ?s rdfs:subClassOf ?o }}"):
            self.children[row["o"]].add(row["s"])

    def subclasses(self, cls: Any) -> list[Any]:
        """``cls`` and every class below it (rdfs:subClassOf*), sorted."""
        seen = {cls}
        todo = [cls]
        while todo:
            for child in self.children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return sorted(seen, key=str)

    def instance_of(self, x: str, cls: Any) -> str:
        """A pattern matching when ``x`` is a SHACL instance of ``cls``."""
        classes = self.subclasses(cls)
        if any(isinstance(c, BNode) for c in classes):
            return f"{x} rdf:type/rdfs:subClassOf* {_n3(cls)} ."
        if len(classes) == 1:
            return f"{x} rdf:type {_n3(cls)} ."
        return f"VALUES ?_cls {{ {' '.join(_n3(c) for c in classes)} }} {x} rdf:type ?_cls ."

    # ----- shapes graph helpers ------------------------------------------------------------
    def one(self, node: Any, predicate: URIRef) -> Any:
        return self.sg.value(node, predicate)

    def items(self, node: Any) -> list[Any]:
        return list(Collection(self.sg, node))

    def deactivated(self, shape: Any) -> bool:
        value = self.one(shape, SH.deactivated)
        return bool(value is not None and value.value)

    def severity(self, shape: Any) -> URIRef:
        values = list(self.sg.objects(shape, SH.severity))
        if len(values) > 1:
            raise NotImplementedError(f"shacl_fast: {shape} has several sh:severity")
        return values[0] if values else SH.Violation

    def messages(self, shape: Any) -> tuple[Literal, ...]:
        return tuple(self.sg.objects(shape, SH.message))

    def is_property_shape(self, shape: Any) -> bool:
        return self.one(shape, SH.path) is not None

    def _check_unsupported_graph_features(self) -> None:
        for feature in (
            SH.ConstraintComponent,
            SH.SPARQLTargetType,
            SH.JSTarget,
            SH.JSConstraint,
            SH.SPARQLRule,
            SH.TripleRule,
            SH.SPARQLFunction,
        ):
            if next(self.sg.subjects(RDF.type, feature), None) is not None:
                raise NotImplementedError(f"shacl_fast does not support {_short(feature)}")
        for predicate in (
            SH.rule,
            SH.js,
            SH.expression,
            SH.closed,
            SH.equals,
            SH.disjoint,
            SH.lessThanOrEquals,
            SH.minLength,
            SH.maxLength,
            SH.qualifiedValueShapesDisjoint,
            SH.ignoredProperties,
        ):
            if next(self.sg.subject_objects(predicate), None) is not None:
                raise NotImplementedError(f"shacl_fast does not support {_short(predicate)}")

    def check_shape(self, shape: Any, *, reporting: bool = True) -> None:
        for predicate in set(self.sg.predicates(shape, None)):
            if (
                str(predicate).startswith(str(SH))
                and predicate not in _NON_CONSTRAINT
                and predicate not in FAST_ENGINE_FEATURES
            ):
                raise NotImplementedError(
                    f"shacl_fast does not support {_short(predicate)} (on shape {shape})"
                )
        if reporting and self.one(shape, SH.message) is None and self._reports(shape):
            raise NotImplementedError(
                f"shacl_fast: shape {shape} has no sh:message; pySHACL's generated messages "
                "are not replicated"
            )

    def _reports(self, shape: Any) -> bool:
        return any(p in FAST_ENGINE_FEATURES for p in self.sg.predicates(shape, None))

    # ----- paths ---------------------------------------------------------------------------
    def path(self, node: Any) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in self.sg:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for predicate, template in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.one(node, predicate)
            if inner is not None:
                return "(" + template.format(self.path(inner)) + ")"
        alternatives = self.one(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alternatives)) + ")"
        raise NotImplementedError(f"shacl_fast: unsupported sh:path {node!r}")

    # ----- targets -------------------------------------------------------------------------
    def prefixes(self, holder: Any) -> dict[str, str]:
        """The PREFIX declarations of a SPARQL-based target or constraint (as pySHACL)."""
        found: dict[str, str] = {}
        ontologies = set(self.sg.subjects(RDF.type, OWL.Ontology))
        for prefixes in self.sg.objects(holder, SH.prefixes):
            declares = set(self.sg.objects(prefixes, SH.declare))
            if not (declares and prefixes in ontologies):
                for ont in ontologies:
                    declares |= set(self.sg.objects(ont, SH.declare))
            for declare in declares:
                found[str(self.one(declare, SH.prefix))] = str(self.one(declare, SH.namespace))
        return found

    def target_query(self, shape: Any) -> tuple[str, dict[str, str]] | None:
        """A group pattern binding ?this to the focus nodes of a shape, or None."""
        parts: list[str] = []
        prefixes: dict[str, str] = {}
        classes = list(self.sg.objects(shape, SH.targetClass))
        types = set(self.sg.objects(shape, RDF.type))
        class_types = {RDFS.Class} | set(self.sg.subjects(RDFS.subClassOf, RDFS.Class))
        if types & class_types:
            classes.append(shape)
        for cls in classes:
            parts.append(f"{{ {self.instance_of('?this', cls)} }}")
        nodes = list(self.sg.objects(shape, SH.targetNode))
        if nodes:
            parts.append("{ VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " } }")
        for p in self.sg.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {_n3(p)} ?_tso . }}")
        for p in self.sg.objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ ?_too {_n3(p)} ?this . }}")
        for target in self.sg.objects(shape, SH.target):
            select = self.one(target, SH.select)
            if select is None:
                kinds = ", ".join(_short(t) for t in self.sg.objects(target, RDF.type))
                raise NotImplementedError(
                    f"shacl_fast: only SPARQL-based targets (sh:SPARQLTarget with sh:select) are "
                    f"supported, not {kinds or target} on {shape}"
                )
            _merge(prefixes, self.prefixes(target), shape)
            parts.append("{ " + str(select) + " }")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }", prefixes

    # ----- value-level expressions ---------------------------------------------------------
    def datatype_expr(self, x: str, datatype: URIRef, ctx: tuple[str, Any] | None) -> str:
        if datatype == RDFS.Literal:
            return f"isLiteral({x})"
        if datatype == RDF.langString:
            return f'(isLiteral({x}) && lang({x}) != "")'
        base = f"isLiteral({x}) && datatype({x}) = {_n3(datatype)}"
        if datatype == XSD.string:
            return f"({base})"
        marker_ok = self.data.markers and ctx is not None and isinstance(ctx[1], URIRef)
        if datatype in _LOSSY:
            stored = _LOSSY[datatype]
            if stored == XSD.integer:
                low, high = _INTEGER_RANGES[str(datatype).rsplit("#", 1)[1]]
                valid = f"isNumeric({x})"
                if low is not None:
                    valid += f" && {x} >= {low}"
                if high is not None:
                    valid += f" && {x} <= {high}"
            else:
                valid = self._cast_ok(x, stored) + f" && timezone({x}) = timezone({x})"
            folded = f"isLiteral({x}) && datatype({x}) = {_n3(stored)} && {valid}"
            if marker_ok:
                this, predicate = ctx  # type: ignore[misc]
                mark = _lossy_predicate(predicate, datatype)
                return (
                    f"(EXISTS {{ GRAPH <{_MARKER_GRAPH}> {{ {this} <{mark}> {x} }} }} && {folded})"
                )
            return f"({folded})"
        if datatype in _NUMERIC:
            expr = f"{base} && isNumeric({x})"
        elif datatype in _CASTABLE:
            expr = f"{base} && {self._cast_ok(x, datatype)}"
        else:  # datatypes rdflib does not check: the IRI decides (as pySHACL)
            expr = base
        if marker_ok:
            this, predicate = ctx  # type: ignore[misc]
            for p, original in self.data.lossy:
                if p == predicate and _LOSSY[original] == datatype:
                    mark = _lossy_predicate(p, original)
                    expr += (
                        f" && NOT EXISTS {{ GRAPH <{_MARKER_GRAPH}> {{ {this} <{mark}> {x} }} }}"
                    )
        return f"({expr})"

    @staticmethod
    def _cast_ok(x: str, datatype: URIRef) -> str:
        return f"COALESCE(sameTerm({_n3(datatype)}(STR({x})), {x}), false)"

    def value_expr(self, shape: Any, x: str, ctx: tuple[str, Any] | None) -> str:
        """True when the node in variable ``x`` conforms to ``shape`` (value-level shapes)."""
        if self.deactivated(shape):
            return "true"
        if (
            self.is_property_shape(shape)
            or (shape, SH.property, None) in self.sg
            or (shape, SH.sparql, None) in self.sg
        ):
            raise NotImplementedError(
                f"shacl_fast: shape {shape} is used inside sh:or/sh:xone/sh:not/sh:and/sh:node/"
                "sh:qualifiedValueShape on value nodes, which needs a node shape with value-level "
                "constraints only"
            )
        self.check_shape(shape, reporting=False)
        parts = []
        for predicate, obj in self.sg.predicate_objects(shape):
            if predicate in _VALUE_LEVEL:
                parts.append(self.constraint_expr(predicate, obj, x, ctx))
            elif predicate in FAST_ENGINE_FEATURES:
                raise NotImplementedError(
                    f"shacl_fast: {_short(predicate)} inside a value-level shape ({shape})"
                )
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def constraint_expr(
        self, predicate: URIRef, obj: Any, x: str, ctx: tuple[str, Any] | None
    ) -> str:
        """True when the value node in ``x`` satisfies one value-level constraint."""
        if predicate == SH.datatype:
            return self.datatype_expr(x, obj, ctx)
        if predicate == SH["class"]:
            return f"EXISTS {{ {self.instance_of(x, obj)} }}"
        if predicate == SH.nodeKind:
            kinds = {
                SH.IRI: ["isIRI"],
                SH.BlankNode: ["isBlank"],
                SH.Literal: ["isLiteral"],
                SH.BlankNodeOrIRI: ["isIRI", "isBlank"],
                SH.BlankNodeOrLiteral: ["isBlank", "isLiteral"],
                SH.IRIOrLiteral: ["isIRI", "isLiteral"],
            }[obj]
            return "(" + " || ".join(f"{k}({x})" for k in kinds) + ")"
        if predicate == SH["in"]:
            members = self.items(obj)
            if not members:
                return "false"
            return "(" + " || ".join(f"sameTerm({x}, {_n3(m)})" for m in members) + ")"
        if predicate == SH.hasValue:
            return f"sameTerm({x}, {_n3(obj)})"
        if predicate == SH.languageIn:
            langs = [str(lang).lower() for lang in self.items(obj)]
            if "*" in langs:
                return f'(isLiteral({x}) && lang({x}) != "")'
            listed = ", ".join(_n3(Literal(lang)) for lang in langs)
            return (
                f'(isLiteral({x}) && lang({x}) != "" && (LCASE(lang({x})) IN ({listed}) || '
                f'LCASE(STRBEFORE(CONCAT(lang({x}), "-"), "-")) IN ({listed})))'
            )
        if predicate == SH.pattern:
            raise AssertionError("patterns are compiled with their flags")
        if predicate in _COMPARISON:
            # pySHACL: a string never compares with a non-string; SPARQL errors count as false
            bound = obj
            bound_is_string = bound.datatype in (None, XSD.string) or bool(bound.language)
            is_string = f'(datatype({x}) = xsd:string || lang({x}) != "")'
            same_kind = is_string if bound_is_string else f"!{is_string}"
            op = _COMPARISON[predicate]
            return f"(isLiteral({x}) && {same_kind} && COALESCE({x} {op} {_n3(bound)}, false))"
        members = self.items(obj) if predicate in (SH["or"], SH.xone, SH["and"]) else [obj]
        exprs = [self.value_expr(m, x, None) for m in members]
        if predicate == SH["or"]:
            return "(" + " || ".join(exprs) + ")" if exprs else "false"
        if predicate == SH["and"]:
            return "(" + " && ".join(exprs) + ")" if exprs else "true"
        if predicate == SH.xone:
            return "((" + " + ".join(f"IF({e}, 1, 0)" for e in exprs) + ") = 1)"
        if predicate == SH["not"]:
            return f"(!{exprs[0]})"
        if predicate == SH.node:
            return exprs[0]
        raise NotImplementedError(f"shacl_fast: {_short(predicate)}")

    def pattern_expr(self, shape: Any, x: str) -> list[tuple[Any, str]]:
        flags = self.one(shape, SH.flags)
        # pySHACL honours only the i and m flags
        kept = "".join(f for f in "im" if flags is not None and f in str(flags))
        out = []
        for pattern in self.sg.objects(shape, SH.pattern):
            regex = f"REGEX(STR({x}), {_n3(Literal(str(pattern)))}, {_n3(Literal(kept))})"
            out.append((pattern, f"(!isBlank({x}) && {regex})"))
        return out

    # ----- evaluating one shape over a focus pattern ---------------------------------------
    def run(self, query: str, prefixes: dict[str, str]) -> list[dict[str, Any]]:
        head = _PREFIXES + "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
        return self.data.select(head + query)

    def evaluate(
        self, shape: Any, focus: str, prefixes: dict[str, str], *, reporting: bool = True
    ) -> list[_Raw]:
        """All results of ``shape`` for the focus nodes bound to ?this by ``focus``."""
        if self.deactivated(shape):
            return []
        self.check_shape(shape, reporting=reporting)
        path_node = self.one(shape, SH.path)
        messages = self.messages(shape)
        out: list[_Raw] = []

        def raw(row: dict[str, Any], component: URIRef, value: Any = None) -> _Raw:
            return _Raw(row["this"], shape, component, value, path_node, messages)

        if path_node is not None:
            p = self.path(path_node)
            values = f"{focus} ?this {p} ?value ."
            ctx = ("?this", path_node)
        else:
            values = f"{focus} BIND(?this AS ?value)"
            ctx = None
        checks: list[tuple[URIRef, str]] = []  # value-level: (component, conforms expr)
        counts: dict[URIRef, int] = {}
        for predicate, obj in sorted(
            self.sg.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if predicate not in FAST_ENGINE_FEATURES:
                continue
            component = _COMPONENT.get(predicate, SH.QualifiedMinCountConstraintComponent)
            if predicate in (SH.minCount, SH.maxCount, SH.uniqueLang) and path_node is None:
                raise NotImplementedError(f"shacl_fast: {_short(predicate)} on a node shape")
            if predicate in (SH.minCount, SH.maxCount):
                counts[predicate] = int(obj)
            elif predicate == SH.uniqueLang:
                if not obj.value:
                    continue
                q = (
                    f"SELECT ?this ?lang WHERE {{ {values} "
                    f'FILTER(isLiteral(?value) && lang(?value) != "") '
                    f"BIND(LCASE(lang(?value)) AS ?lang) }} "
                    f"GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)"
                )
                out += [raw(r, component) for r in self.run(q, prefixes)]
            elif predicate == SH.hasValue and path_node is not None:
                q = (
                    f"SELECT ?this WHERE {{ {focus} "
                    f"FILTER NOT EXISTS {{ ?this {p} {_n3(obj)} . }} }}"
                )
                out += [raw(r, component) for r in self.run(q, prefixes)]
            elif predicate == SH.pattern:
                if not any(c == component for c, _ in checks):
                    checks += [(component, e) for _p, e in self.pattern_expr(shape, "?value")]
            elif predicate == SH.lessThan:
                if path_node is None:
                    raise NotImplementedError("shacl_fast: sh:lessThan on a node shape")
                q = (
                    f"SELECT DISTINCT ?this ?value ?other WHERE {{ {values} "
                    f"?this {_n3(obj)} ?other . FILTER(!{_less_than('?value', '?other')}) }}"
                )
                out += [raw(r, component, r["value"]) for r in self.run(q, prefixes)]
            elif predicate == SH.qualifiedValueShape:
                out += self._qualified(shape, obj, focus, values, prefixes, raw)
            elif predicate == SH.sparql:
                out += self._sparql(shape, obj, focus, prefixes)
            elif (
                predicate in (SH["or"], SH.xone, SH["and"], SH["not"], SH.node)
                and path_node is None
                and self._needs_sets(obj, predicate)
            ):
                out += self._logical_sets(shape, predicate, obj, focus, prefixes, raw)
            elif predicate in _VALUE_LEVEL:
                checks.append((component, self.constraint_expr(predicate, obj, "?value", ctx)))
            else:  # pragma: no cover - FAST_ENGINE_FEATURES and the branches above agree
                raise NotImplementedError(f"shacl_fast: {_short(predicate)}")
        if counts:
            out += self._counts(counts, focus, p, prefixes, raw)
        if checks:
            # one pass over the value nodes for all value-level constraints of the shape
            binds = " ".join(
                f"BIND(COALESCE({e}, false) AS ?k{i})" for i, (_c, e) in enumerate(checks)
            )
            keys = " ".join(f"?k{i}" for i in range(len(checks)))
            fails = " || ".join(f"!?k{i}" for i in range(len(checks)))
            q = f"SELECT DISTINCT ?this ?value {keys} WHERE {{ {values} {binds} FILTER({fails}) }}"
            for r in self.run(q, prefixes):
                for i, (component, _e) in enumerate(checks):
                    if not r[f"k{i}"].value:
                        out.append(raw(r, component, r["value"]))
        for prop in self.sg.objects(shape, SH.property):
            if path_node is not None:
                raise NotImplementedError(
                    f"shacl_fast: sh:property nested in a property shape ({shape})"
                )
            out += self.evaluate(prop, focus, prefixes, reporting=reporting)
        return out

    def _counts(
        self,
        counts: dict[URIRef, int],
        focus: str,
        p: str,
        prefixes: dict[str, str],
        raw: Callable[..., _Raw],
    ) -> list[_Raw]:
        """sh:minCount and sh:maxCount of a property shape in one query."""
        low, high = counts.get(SH.minCount, 0), counts.get(SH.maxCount)
        if low <= 0 and high is None:
            return []
        if low == 1 and high is None:
            q = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} ?value . }} }}"
            return [raw(r, SH.MinCountConstraintComponent) for r in self.run(q, prefixes)]
        n = "COUNT(DISTINCT ?value)"
        having = " || ".join(
            ([f"{n} < {low}"] if low > 0 else []) + ([f"{n} > {high}"] if high is not None else [])
        )
        pattern = f"OPTIONAL {{ ?this {p} ?value . }}" if low > 0 else f"?this {p} ?value ."
        q = (
            f"SELECT ?this ({n} AS ?n) WHERE {{ {focus} {pattern} }} "
            f"GROUP BY ?this HAVING ({having})"
        )
        out = []
        for r in self.run(q, prefixes):
            number = int(r["n"])
            if number < low:
                out.append(raw(r, SH.MinCountConstraintComponent))
            if high is not None and number > high:
                out.append(raw(r, SH.MaxCountConstraintComponent))
        return out

    def _needs_sets(self, obj: Any, predicate: URIRef) -> bool:
        members = self.items(obj) if predicate in (SH["or"], SH.xone, SH["and"]) else [obj]
        return any(
            self.is_property_shape(m)
            or (m, SH.property, None) in self.sg
            or (m, SH.sparql, None) in self.sg
            for m in members
        )

    def _logical_sets(
        self,
        shape: Any,
        predicate: URIRef,
        obj: Any,
        focus: str,
        prefixes: dict[str, str],
        raw: Callable[..., _Raw],
    ) -> list[_Raw]:
        """sh:or/xone/and/not/node on a node shape whose members are property shapes."""
        members = self.items(obj) if predicate in (SH["or"], SH.xone, SH["and"]) else [obj]
        component = _COMPONENT[predicate]
        if predicate == SH["or"] and members:
            # a node fails sh:or when it fails every member: ask each member only about the
            # nodes that failed the members before it
            bad: set[Any] | None = None
            for member in members:
                scope = focus if bad is None else _values_pattern(bad)
                if scope is None:  # blank nodes cannot be listed in VALUES
                    scope = focus
                found = {r.focus for r in self.evaluate(member, scope, prefixes, reporting=False)}
                bad = found if bad is None else bad & found
                if not bad:
                    return []
            return [raw({"this": node}, component, node) for node in sorted(bad, key=str)]
        failing = [
            {r.focus for r in self.evaluate(m, focus, prefixes, reporting=False)} for m in members
        ]
        if predicate == SH["and"]:
            return [raw({"this": node}, component, node) for node in set().union(*failing)]
        focus_nodes = [r["this"] for r in self.run(f"SELECT ?this WHERE {{ {focus} }}", prefixes)]
        out = []
        for node in focus_nodes:
            passed = sum(node not in f for f in failing)
            ok = {
                SH["or"]: passed >= 1,
                SH.xone: passed == 1,
                SH["not"]: passed == 0,
                SH.node: passed == 1,
            }[predicate]
            if not ok:
                out.append(raw({"this": node}, component, node))
        return out

    def _qualified(
        self,
        shape: Any,
        qualified: Any,
        focus: str,
        values: str,
        prefixes: dict[str, str],
        raw: Callable[..., _Raw],
    ) -> list[_Raw]:
        expr = self.value_expr(qualified, "?value", None)
        out = []
        path_node = self.one(shape, SH.path)
        pattern = (
            f"?this {self.path(path_node)} ?value ."
            if path_node is not None
            else "BIND(?this AS ?value)"
        )
        for bound, op, component in (
            (SH.qualifiedMinCount, "<", SH.QualifiedMinCountConstraintComponent),
            (SH.qualifiedMaxCount, ">", SH.QualifiedMaxCountConstraintComponent),
        ):
            limit = self.one(shape, bound)
            if limit is None:
                continue
            q = (
                f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {pattern} FILTER({expr}) }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {int(limit)})"
            )
            out += [raw(r, component) for r in self.run(q, prefixes)]
        return out

    def _sparql(
        self, shape: Any, constraint: Any, focus: str, prefixes: dict[str, str]
    ) -> list[_Raw]:
        if self.deactivated(constraint):
            return []
        if self.is_property_shape(shape):
            raise NotImplementedError("shacl_fast: sh:sparql on a property shape ($PATH)")
        select = self.one(constraint, SH.select)
        if select is None:
            raise NotImplementedError(f"shacl_fast: sh:sparql without sh:select ({constraint})")
        text = str(select)
        if re.search(r"\$(currentShape|shapesGraph|PATH)\b", text):
            raise NotImplementedError("shacl_fast: $currentShape/$shapesGraph/$PATH in sh:select")
        merged = dict(prefixes)
        _merge(merged, self.prefixes(constraint), shape)
        rows = self.run(f"SELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}", merged)
        shape_messages = self.messages(shape)
        extra = [m for m in self.sg.objects(constraint, SH.message) if m not in shape_messages]
        out = []
        failed: set[Any] = set()
        for row in rows:
            this = row.pop("this")
            if row.pop("failure", None) is not None:
                if this in failed:
                    continue
                failed.add(this)
            path = row.pop("path", None)
            value = row.pop("value", None)
            bound = {k: v for k, v in row.items() if v is not None}
            if value is not None:
                bound["value"] = value
            if path is not None:
                bound["path"] = path
            bound["this"] = this
            texts = [Literal(_format(str(m), bound)) for m in (*extra, *shape_messages)]
            out.append(
                _Raw(
                    this,
                    shape,
                    SH.SPARQLConstraintComponent,
                    value if value is not None else this,
                    path,
                    tuple(texts),
                    constraint,
                )
            )
        return out


def _values_pattern(nodes: set[Any]) -> str | None:
    """A focus pattern binding ?this to exactly ``nodes`` (None if one is a blank node)."""
    if any(isinstance(n, BNode) for n in nodes):
        return None
    return "{ VALUES ?this { " + " ".join(_n3(n) for n in sorted(nodes, key=str)) + " } }"


def _less_than(a: str, b: str) -> str:
    """pySHACL's sh:lessThan: IRIs and strings compare as strings, never with other terms."""
    string_a = (
        f'(isIRI({a}) || (isLiteral({a}) && (datatype({a}) = xsd:string || lang({a}) != "")))'
    )
    string_b = string_a.replace(a, b)
    return (
        f"IF({string_a} && {string_b}, STR({a}) < STR({b}), "
        f"IF({string_a} || {string_b}, false, COALESCE({a} < {b}, false)))"
    )


def _merge(into: dict[str, str], more: dict[str, str], shape: Any) -> None:
    for prefix, namespace in more.items():
        if into.get(prefix, namespace) != namespace:
            raise NotImplementedError(
                f"shacl_fast: prefix {prefix}: has two namespaces in the queries of {shape}"
            )
        into[prefix] = namespace


def _format(message: str, bound: dict[str, Any]) -> str:
    for var, value in bound.items():
        message = re.sub(f"{{[?$]{var}}}", str(value), message)
    return message


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _copy_path(sg: Graph, node: Any, into: Graph) -> None:
    """Copy a blank-node path into the report, keeping its ids (as pySHACL does)."""
    if not isinstance(node, BNode):
        return
    for p, o in sg.predicate_objects(node):
        into.add((node, p, o))
        _copy_path(sg, o, into)


def _message(messages: Iterable[Literal]) -> str:
    messages = list(messages)
    zh = [str(m) for m in messages if isinstance(m, Literal) and m.language == "zh"]
    en = [str(m) for m in messages if isinstance(m, Literal) and m.language == "en"]
    ordered = sorted(str(m) for m in messages)
    return " / ".join(filter(None, [zh[0] if zh else "", en[0] if en else ""])) or (
        ordered[0] if ordered else ""
    )


class _Describer:
    """focus_label and quote as tjkg.validate writes them, for a graph or a store."""

    def __init__(self, data: _Data) -> None:
        self.data = data

    def label(self, node: Any) -> str:
        # tjkg.validate's own functions, over the graph or over this store view
        # (they need only .objects and .value)
        return _label(self.data.graph if self.data.graph is not None else self, node)

    def quote(self, node: Any) -> str:
        return _quote(self.data.graph if self.data.graph is not None else self, node)

    def objects(self, node: Any, predicate: URIRef) -> list[Any]:
        ox = self.data.ox
        subject = ox.NamedNode(str(node)) if isinstance(node, URIRef) else ox.BlankNode(str(node))
        seen = []
        for quad in self.data.store.quads_for_pattern(subject, ox.NamedNode(str(predicate)), None):
            term = _from_ox(quad.object)
            if term not in seen:
                seen.append(term)
        return seen

    def value(self, node: Any, predicate: URIRef) -> Any:
        found = self.objects(node, predicate)
        return found[0] if found else None


def _restore(data: _Data, raw: _Raw) -> Any:
    """The value as the rdflib graph wrote it (Oxigraph rewrites "1.50" as "1.5")."""
    value = raw.value
    if data.graph is None or not isinstance(value, Literal):
        return value
    path = raw.path if raw.component != SH.SPARQLConstraintComponent else None
    if isinstance(path, URIRef):
        for original in data.graph.objects(raw.focus, path):
            if isinstance(original, Literal) and _same_literal(original, value):
                return original
    return value


def _same_literal(original: Literal, stored: Literal) -> bool:
    if original.language or stored.language:
        return original.language == stored.language and str(original) == str(stored)
    if str(original) == str(stored) and _LOSSY.get(
        original.datatype, original.datatype
    ) == _LOSSY.get(stored.datatype, stored.datatype):
        return True
    try:
        return (
            _LOSSY.get(original.datatype, original.datatype)
            == _LOSSY.get(stored.datatype, stored.datatype)
            and original.value is not None
            and original.value == stored.value
        )
    except Exception:
        return False


def _build_report(engine: _Engine, data: _Data, raws: list[_Raw]) -> ValidationReport:
    sg = engine.sg
    report = Graph(bind_namespaces="core")
    for prefix, namespace in sg.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    describer = _Describer(data)
    results = []
    for raw in raws:
        severity = engine.severity(raw.shape)
        value = _restore(data, raw)
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.sourceConstraintComponent, raw.component))
        report.add((node, SH.sourceShape, raw.shape))
        report.add((node, SH.resultSeverity, severity))
        report.add((node, SH.focusNode, raw.focus))
        if value is not None:
            report.add((node, SH.value, value))
        if raw.path is not None:
            report.add((node, SH.resultPath, raw.path))
            _copy_path(sg, raw.path, report)
        if raw.source_constraint is not None:
            report.add((node, SH.sourceConstraint, raw.source_constraint))
        for message in raw.messages:
            report.add((node, SH.resultMessage, message))
        results.append(
            ValidationResult(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=str(raw.focus),
                focus_label=describer.label(raw.focus),
                path=path_text(raw.path, engine.sg),
                value="" if value is None else str(value),
                message=_message(raw.messages),
                source_shape=str(raw.shape),
                component=_short(raw.component),
                quote=describer.quote(raw.focus),
            )
        )
    results.sort(
        key=lambda x: (x.severity != "Violation", x.focus, x.path, x.component, x.value, x.message)
    )
    conforms = not any(r.severity == "Violation" for r in results)
    report.add((root, SH.conforms, Literal(conforms)))
    return ValidationReport(conforms, tuple(results), report)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def validate_fast(
    data: Graph | pyoxigraph.Store | Sequence[pyoxigraph.Triple], *, shapes: Graph,
    ontology: Graph
) -> ValidationReport:
    """Validate ``data`` like :func:`tjkg.validate.validate_graph`, set-at-a-time on Oxigraph.

    ``data`` may also be a list of pyoxigraph triples (a build's merged graph), loaded into
    a private store like a Graph, without converting a term.

    ``data`` is an rdflib Graph (copied into a private in-memory store) or a pyoxigraph Store
    (queried in place, its named graphs included; the ontology's axioms are added to a named
    graph of it for the duration of the call and removed afterwards).
    """
    store = _Data(data, ontology)
    try:
        engine = _Engine(shapes, store)
        top = sorted({s for s in shapes.subjects() if _has_target(shapes, s)}, key=str)

        def results_of(shape: Any) -> list[_Raw]:
            if engine.deactivated(shape):
                return []
            target = engine.target_query(shape)
            assert target is not None
            focus, prefixes = target
            if engine.is_property_shape(shape):
                raise NotImplementedError(f"shacl_fast: property shape {shape} with a target")
            return engine.evaluate(shape, focus, prefixes)

        # Oxigraph releases the GIL while it evaluates a query: shapes run in threads, one
        # per CPU, and their results are gathered in the shapes' order (same report).
        with ThreadPoolExecutor(max(1, min(len(top), _cpus()))) as pool:
            raws = [raw for found in pool.map(results_of, top) for raw in found]
        return _build_report(engine, store, raws)
    finally:
        store.close()


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _has_target(sg: Graph, node: Any) -> bool:
    if any(
        (node, p, None) in sg
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    ):
        return True
    types = set(sg.objects(node, RDF.type))
    shape_types = {SH.NodeShape, SH.PropertyShape}
    class_types = {RDFS.Class} | set(sg.subjects(RDFS.subClassOf, RDFS.Class))
    return bool(types & shape_types) and bool(types & class_types)
