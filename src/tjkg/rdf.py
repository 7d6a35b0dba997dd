"""The only place models become triples (see ``docs/modelling.md``).

Every entity, observation, comparison and relation statement gets ``tjkg:evidence`` links
to span nodes that quote the release text with character offsets; spans record the method
that produced them. No blank nodes are written, so the Turtle is deterministic without
canonicalisation.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

from .curated import UnitVocabulary
from .decimals import decimal_lexical
from .indicators import IndicatorVocabulary
from .iris import (
    ENTITY_KINDS,
    comparison_iri,
    method_iri,
    mint_entity_iri,
    mint_iri,
    normalize_key,
    observation_iri,
    span_iri,
    statement_iri,
)
from .models import Annotation, Document, Entity, Mention, Span
from .namespaces import NIF, QUDT, RELATIONS, SCHEMA, SDMXATT, SDMXDIM, SDMXMEAS, TJKG
from .oxi import to_ox
from .periods import parse_period

DEFAULT_CLASSES: dict[str, URIRef] = {
    "enterprise": TJKG.Enterprise,
    "research_institute": TJKG.ResearchInstitute,
    "government_body": TJKG.GovernmentBody,
    "person": TJKG.Person,
    "project": TJKG.Project,
    "industrial_park_or_zone": TJKG.IndustrialPark,
    "cluster_or_chain": TJKG.IndustrialCluster,
    "district_or_place": TJKG.Place,
    "program_or_policy": TJKG.Policy,
    "product_or_achievement": TJKG.Product,
}
METHOD_LABELS = {"curated": ("人工标注", "curated annotation")}


_NODES: dict[str, ox.NamedNode] = {}  # IRI -> pyoxigraph node (IRIs repeat a lot)
_DATATYPES: dict[str, ox.NamedNode] = {}


def _node(iri: str) -> ox.NamedNode:
    node = _NODES.get(iri)
    if node is None:
        if len(_NODES) > 500_000:  # bound the memo on huge corpora
            _NODES.clear()
        node = _NODES[iri] = ox.NamedNode(iri)
    return node


def _str(text: str) -> ox.Literal:
    return ox.Literal(text)


def _lang(text: str, lang: str) -> ox.Literal:
    return ox.Literal(text, language=lang)


def _typed(lexical: str, datatype: str) -> ox.Literal:
    dt = _DATATYPES.get(datatype)
    if dt is None:
        dt = _DATATYPES[datatype] = ox.NamedNode(str(datatype))
    return ox.Literal(lexical, datatype=dt)


def _bool(value: bool) -> ox.Literal:
    return _typed("true" if value else "false", XSD.boolean)


class _Sink:
    """Collects a release's triples as pyoxigraph terms (rdflib's ``Graph.add`` costs ten
    times more per triple); subjects, predicates and IRI objects come in as IRI strings."""

    def __init__(self) -> None:
        self.triples: dict[ox.Triple, None] = {}  # insertion-ordered set

    def add(self, triple: tuple[str, str, Any]) -> None:
        s, p, o = triple
        if isinstance(o, ox.Literal):
            obj = o
        elif isinstance(o, Literal):  # from a vocabulary read with rdflib
            obj = to_ox(o)
        else:
            obj = _node(o)
        self.triples[ox.Triple(_node(s), _node(p), obj)] = None


def _dec(value: Decimal) -> ox.Literal:
    return _typed(decimal_lexical(value), XSD.decimal)


def _nonneg(value: int) -> ox.Literal:
    return _typed(str(value), XSD.nonNegativeInteger)


def release_iri(doc_id: str) -> URIRef:
    return mint_iri("release", doc_id)


def entity_iri(entity: Entity) -> URIRef:
    return mint_entity_iri(entity.type, entity.key)


def entity_class(entity: Entity) -> URIRef:
    return TJKG[entity.cls] if entity.cls else DEFAULT_CLASSES[entity.type]


class _Writer:
    def __init__(
        self, ann: Annotation, units: UnitVocabulary, indicators: IndicatorVocabulary
    ) -> None:
        self.ann = ann
        self.doc: Document = ann.document
        self.units = units
        self.indicators = indicators
        self.g = _Sink()
        self.release = release_iri(self.doc.doc_id)
        self.methods: set[str] = set()
        self.span_types: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.span_source: dict[tuple[int, int], tuple[str, Decimal]] = {}
        self.entities = {(e.type, e.key): e for e in ann.entities}

    # spans and provenance -------------------------------------------------------------
    def span(
        self, span: Span, source: str, confidence: Decimal, mtype: str | None = None
    ) -> URIRef:
        key = (span.start, span.end)
        if mtype:
            self.span_types[key].add(mtype)
        prev = self.span_source.get(key)
        if prev is None or (prev[0] != "curated" and (source == "curated" or confidence > prev[1])):
            self.span_source[key] = (source, confidence)
        return span_iri(self.doc.doc_id, span.start, span.end)

    def write_spans(self) -> None:
        g, text = self.g, self.doc.text
        for (start, end), (source, confidence) in sorted(self.span_source.items()):
            s = span_iri(self.doc.doc_id, start, end)
            g.add((s, RDF.type, TJKG.TextSpan))
            g.add((s, NIF.referenceContext, self.release))
            g.add((s, NIF.beginIndex, _nonneg(start)))
            g.add((s, NIF.endIndex, _nonneg(end)))
            g.add((s, NIF.anchorOf, _str(text[start:end])))
            for mtype in sorted(self.span_types.get((start, end), ())):
                g.add((s, TJKG.mentionType, _str(mtype)))
            g.add((s, PROV.wasAttributedTo, method_iri(source)))
            g.add((s, TJKG.confidence, _dec(confidence)))
            self.methods.add(source)
        for source in sorted(self.methods):
            m = method_iri(source)
            g.add((m, RDF.type, TJKG.ExtractionMethod))
            zh, en = METHOD_LABELS.get(
                source,
                (f"自动抽取:{source.partition(':')[2]}", f"extractor {source.partition(':')[2]}"),
            )
            g.add((m, RDFS.label, _lang(zh, "zh")))
            g.add((m, RDFS.label, _lang(en, "en")))

    # release and event ----------------------------------------------------------------
    def write_release(self) -> None:
        g, doc, meta = self.g, self.doc, self.doc.meta
        r = self.release
        g.add((r, RDF.type, TJKG.Release))
        g.add((r, RDF.type, NIF.Context))
        g.add((r, DCTERMS.identifier, _str(doc.doc_id)))
        title = meta.title or doc.text.strip().splitlines()[0][:200]
        g.add((r, DCTERMS.title, _lang(title, "zh")))
        g.add((r, RDFS.label, _lang(title, "zh")))
        if meta.publisher:
            g.add((r, DCTERMS.publisher, _str(meta.publisher)))
        if meta.published:
            dtype = XSD.dateTime if "T" in meta.published else XSD.date
            g.add((r, SCHEMA.datePublished, _typed(meta.published, dtype)))
        if meta.url:
            g.add((r, SCHEMA.url, URIRef(meta.url)))
        g.add((r, DCTERMS.format, _str(doc.media_type)))
        g.add((r, TJKG.sha256, _str(doc.sha256)))
        g.add((r, NIF.isString, _str(doc.text)))
        if self.ann.place:
            g.add((r, DCTERMS.spatial, mint_entity_iri("district_or_place", self.ann.place)))
        if meta.event_date or meta.event_title or self.ann.speakers:
            ev = mint_iri("event", doc.doc_id)
            g.add((r, SCHEMA.about, ev))
            g.add((ev, RDF.type, TJKG.PressConference))
            g.add((ev, RDFS.label, _lang(meta.event_title or title, "zh")))
            if meta.event_date:
                g.add((ev, SCHEMA.startDate, _typed(meta.event_date, XSD.date)))
            if self.ann.organizer:
                g.add(
                    (ev, SCHEMA.organizer, mint_entity_iri("government_body", self.ann.organizer))
                )
            for key in self.ann.speakers:
                g.add((ev, TJKG.speaker, mint_entity_iri("person", key)))
            g.add((ev, PROV.wasDerivedFrom, r))

    # entities ---------------------------------------------------------------------------
    def write_entities(self) -> None:
        g = self.g
        evidence: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for m in self.ann.mentions:
            if m.type != "metric" and m.entity:
                evidence[(m.type, m.entity)].append(m)
        for ident, ent in sorted(self.entities.items()):
            e = entity_iri(ent)
            g.add((e, RDF.type, entity_class(ent)))
            g.add((e, RDFS.label, _lang(ent.label_zh, "zh")))
            if ent.label_en:
                g.add((e, RDFS.label, _lang(ent.label_en, "en")))
            for alias in ent.aliases:
                if alias != ent.label_zh:
                    g.add((e, SKOS.altLabel, _lang(alias, "zh")))
            if ent.code:
                g.add((e, TJKG.divisionCode, _str(ent.code)))
            mentions = evidence.get(ident, [])
            for m in mentions:
                g.add((e, TJKG.evidence, self.span(m.span, m.source, m.confidence, m.type)))
            if not mentions:  # known from the release's metadata only
                g.add((e, PROV.wasDerivedFrom, self.release))

    def write_posts(self) -> None:
        g = self.g
        for p in self.ann.posts:
            org = (
                mint_entity_iri(p.organization_type, p.organization)
                if (p.organization and p.organization_type)
                else None
            )
            # keyed on the organisation's IRI path (kind and key), or, when the organisation
            # is not resolved, on the post as written: 副总经理 of two companies is two
            # posts; and on the role too when it differs, since releases may split one
            # label (X公司副总经理) into organisation and role differently
            label, role_key = normalize_key(p.label), normalize_key(p.role)
            post = (mint_iri("post", ENTITY_KINDS[p.organization_type], p.organization, p.role)
                    if org is not None
                    else mint_iri("post", label) if role_key == label
                    else mint_iri("post", label, role_key))
            person = mint_entity_iri("person", p.person)
            g.add((person, ORG.holds, post))
            g.add((post, RDF.type, ORG.Post))
            # a post of a resolved organisation is labelled from its key and the role, the
            # same in every release (市发展改革委副主任 and 市发展和改革委员会副主任 are one
            # post); the role as written stays an altLabel
            label = f"{p.organization}{p.role}" if org is not None else p.label
            g.add((post, RDFS.label, _lang(label, "zh")))
            if normalize_key(p.label) != normalize_key(label):
                g.add((post, SKOS.altLabel, _lang(p.label, "zh")))
            role = mint_iri("role", normalize_key(p.role))
            g.add((post, ORG.role, role))
            g.add((role, RDF.type, ORG.Role))
            g.add((role, RDFS.label, _lang(p.role, "zh")))
            if org is not None:
                g.add((post, ORG.postIn, org))

    def write_relations(self) -> None:
        g = self.g
        types = {key: t for t, key in self.entities}
        confidence: dict[URIRef, Decimal] = {}
        for rel in self.ann.relations:
            s = mint_entity_iri(types[rel.subject], rel.subject)
            o = mint_entity_iri(types[rel.object], rel.object)
            p = RELATIONS[rel.predicate]
            g.add((s, p, o))
            st = statement_iri(self.doc.doc_id, str(s), str(p), str(o))
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, p))
            g.add((st, RDF.object, o))
            g.add((st, TJKG.evidence, self.span(rel.evidence, rel.source, rel.confidence)))
            g.add((st, PROV.wasAttributedTo, method_iri(rel.source)))
            self.methods.add(rel.source)
            confidence[st] = max(confidence.get(st, rel.confidence), rel.confidence)
        for st, value in confidence.items():  # one a statement: the best of its evidence
            g.add((st, TJKG.confidence, _dec(value)))

    # statistics -------------------------------------------------------------------------
    def unit(self, name: str) -> URIRef:
        unit = self.units.lookup(name)
        u = mint_iri("unit", unit.key)
        g = self.g
        g.add((u, RDF.type, QUDT.Unit))
        g.add((u, RDF.type, SKOS.Concept))
        g.add((u, RDFS.label, _lang(unit.zh, "zh")))
        if unit.en:
            g.add((u, RDFS.label, _lang(unit.en, "en")))
        if unit.qudt:
            g.add((u, SKOS.exactMatch, URIRef(unit.qudt)))
        g.add((u, SKOS.inScheme, mint_iri("scheme", "units")))
        return u

    def period(self, text: str) -> URIRef:
        year = int(self.doc.meta.published[:4]) if self.doc.meta.published[:4].isdigit() else None
        p = parse_period(text, release_year=year)
        iri = mint_iri("period", p.key)
        g = self.g
        g.add((iri, RDF.type, TIME.ProperInterval))
        g.add((iri, RDFS.label, _str(p.key)))
        for prop, date in ((TIME.hasBeginning, p.begin), (TIME.hasEnd, p.end)):
            if date:
                inst = mint_iri("instant", date)
                g.add((iri, prop, inst))
                g.add((inst, RDF.type, TIME.Instant))
                g.add((inst, TIME.inXSDDate, _typed(date, XSD.date)))
        return iri

    def entity_ref(self, name: str, preferred: tuple[str, ...]) -> URIRef | None:
        key = normalize_key(name)
        for mtype in preferred:
            if (mtype, key) in self.entities:
                return mint_entity_iri(mtype, key)
        for (mtype, k), ent in sorted(self.entities.items()):
            if key == k or key in ent.aliases:
                return mint_entity_iri(mtype, k)
        return None

    def write_observations(self) -> None:
        g, doc = self.g, self.doc
        dataset = mint_iri("dataset", doc.doc_id)
        metrics = [m for m in self.ann.mentions if m.type == "metric" and m.metric]
        if not metrics:
            return
        g.add((dataset, RDF.type, QB.DataSet))
        g.add((dataset, QB.structure, TJKG.observationStructure))
        g.add((dataset, DCTERMS.source, self.release))
        g.add((dataset, RDFS.label, _lang(f"{doc.doc_id} 统计观测", "zh")))
        for m in metrics:
            f = m.metric
            assert f is not None
            o = observation_iri(doc.doc_id, m.start, m.end)
            g.add((o, RDF.type, TJKG.Observation))
            g.add((o, QB.dataSet, dataset))
            ind, described = self.indicators.describe(f.indicator)  # controlled or not
            g.add((o, TJKG.indicator, ind))
            g.add((o, TJKG.indicatorAsWritten, _str(f.indicator)))
            for triple in described:
                g.add(triple)
            if f.value_normalized is not None:
                g.add((o, SDMXMEAS.obsValue, _dec(f.value_normalized)))
            g.add((o, SDMXATT.unitMeasure, self.unit(f.unit)))
            if f.period:
                g.add((o, SDMXDIM.refPeriod, self.period(f.period)))
            area = self.entity_ref(f.area, ("district_or_place",)) if f.area else None
            if area is None and self.ann.place:
                area = mint_entity_iri("district_or_place", self.ann.place)
            if area is not None:
                g.add((o, SDMXDIM.refArea, area))
            if f.about:
                about = self.entity_ref(f.about, ())
                if about is not None:
                    g.add((o, TJKG.aboutEntity, about))
            g.add((o, TJKG.valueAsWritten, _str(f.value)))
            g.add((o, TJKG.unitImplicit, _bool(f.unit_implicit)))
            g.add((o, TJKG.redacted, _bool(f.redacted)))
            g.add((o, TJKG.bound, mint_iri("bound", f.bound)))
            g.add((o, TJKG.status, mint_iri("status", f.status)))
            g.add((o, TJKG.observationKind, mint_iri("kind", f.kind)))
            g.add((o, RDFS.label, _lang(f"{normalize_key(f.indicator)} {f.value}", "zh")))
            g.add((o, TJKG.evidence, self.span(m.span, m.source, m.confidence, "metric")))
            if f.comparison:
                c = comparison_iri(doc.doc_id, f.comparison.start, f.comparison.end)
                g.add((o, TJKG.comparison, c))
                g.add((c, RDF.type, TJKG.Comparison))
                g.add((c, RDFS.label, _lang(f.comparison.text, "zh")))
                g.add((c, TJKG.evidence, self.span(f.comparison, m.source, m.confidence)))
                ch = f.change
                if ch is not None:
                    if ch.value is not None:
                        g.add((c, TJKG.changeValue, _dec(ch.value)))
                    if ch.unit:
                        g.add((c, SDMXATT.unitMeasure, self.unit(ch.unit)))
                    if ch.direction:
                        g.add((c, TJKG.changeDirection, mint_iri("direction", ch.direction)))
                    if ch.base_period:
                        g.add((c, TJKG.basePeriod, self.period(ch.base_period)))
                    if ch.baseline:
                        g.add((c, TJKG.baseline, _lang(ch.baseline, "zh")))

    def build(self) -> list[ox.Triple]:
        self.write_release()
        self.write_entities()
        self.write_posts()
        self.write_relations()
        self.write_observations()
        self.write_spans()
        return sorted(self.g.triples, key=str)  # N-Triples order: the files' order


def annotation_to_triples(
    ann: Annotation,
    *,
    units: UnitVocabulary | None = None,
    indicators: IndicatorVocabulary | None = None,
) -> list[ox.Triple]:
    """The triples of one release's named graph, each once, as pyoxigraph terms."""
    return _Writer(ann, units or UnitVocabulary(), indicators or IndicatorVocabulary()).build()


def annotation_to_graph(
    ann: Annotation,
    *,
    units: UnitVocabulary | None = None,
    indicators: IndicatorVocabulary | None = None,
) -> Graph:
    """The RDF graph of one release (its named graph's content), as an rdflib Graph."""
    from .oxi import to_rdflib_graph

    return to_rdflib_graph(annotation_to_triples(ann, units=units, indicators=indicators))
