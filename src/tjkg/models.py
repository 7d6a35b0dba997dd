"""Plain data passed between tjkg's stages (no rdflib here).

The flow is ``Document -> Mention -> Entity / Observation / Relation -> rdflib Graph``.
Offsets are Python character offsets into :attr:`Document.text`, end-exclusive, so
``doc.text[m.start:m.end] == m.text`` holds for every mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

#: The eleven mention types of the annotation guidelines (``../shared/devset/README.md``).
MENTION_TYPES: tuple[str, ...] = (
    "enterprise",
    "research_institute",
    "government_body",
    "person",
    "project",
    "industrial_park_or_zone",
    "cluster_or_chain",
    "district_or_place",
    "program_or_policy",
    "product_or_achievement",
    "metric",
)

ENTITY_TYPES: tuple[str, ...] = tuple(t for t in MENTION_TYPES if t != "metric")

BOUNDS: tuple[str, ...] = ("exact", "lower", "upper", "approx")
STATUSES: tuple[str, ...] = ("actual", "target", "forecast")
KINDS: tuple[str, ...] = ("value", "rank")


@dataclass(frozen=True)
class Speaker:
    """A person presenting at the event a release reports on."""

    name: str
    role: str = ""
    organization: str = ""


@dataclass(frozen=True)
class ReleaseMeta:
    """Metadata of a release, from its sidecar ``NAME.meta.json`` (all optional)."""

    title: str = ""
    url: str = ""
    publisher: str = ""
    published: str = ""  # ISO 8601 date or date-time, e.g. 2025-12-10T13:41:04+08:00
    event_date: str = ""  # ISO 8601 date of the reported event
    event_title: str = ""
    event_organizer: str = ""
    place: str = ""  # the release's default area, e.g. 天津市
    speakers: tuple[Speaker, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # other string fields, kept verbatim


@dataclass(frozen=True)
class Document:
    """One release: its decoded, unaltered text and its metadata."""

    doc_id: str
    text: str
    path: str = ""
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    sha256: str = ""  # of the raw bytes read
    meta: ReleaseMeta = field(default_factory=ReleaseMeta)


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` of a document with its quoted text."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Change:
    """The structured reading of a metric's comparison (比“十三五”末提升2.1个百分点)."""

    value: Decimal | None = None
    unit: str | None = None  # 个百分点, %, 倍, 家, ...
    direction: str | None = None  # increase, decrease, better, worse, ratio
    base_period: str | None = None  # normalised period string of the base, if a period
    baseline: str | None = None  # a non-period base, e.g. 全国平均水平


@dataclass(frozen=True)
class MetricFields:
    """The normalised reading of a metric mention (guidelines, section *Metrics*)."""

    indicator: str
    value: str
    value_normalized: Decimal | None
    unit: str
    unit_implicit: bool = False
    period: str | None = None
    bound: str = "exact"
    kind: str = "value"
    status: str = "actual"
    redacted: bool = False
    comparison: Span | None = None
    area: str | None = None  # canonical place name the figure is about; None: release default
    about: str | None = None  # another entity the figure is about (enterprise, project, ...)
    change: Change | None = None  # structured reading of ``comparison``


@dataclass(frozen=True)
class Mention:
    """A typed span of a document, as found by an extractor or a curator."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    role: str | None = None  # persons: the role stated in the document
    nested_in: tuple[int, int] | None = None
    metric: MetricFields | None = None
    entity: str | None = None  # canonical entity key, if the producer resolved it
    cls: str | None = None  # finer ontology class local name (e.g. IndustrialChain)
    source: str = "curated"  # "curated" or "extractor:<name>"
    confidence: Decimal = Decimal("1")

    @property
    def span(self) -> Span:
        return Span(self.doc_id, self.start, self.end, self.text)


@dataclass(frozen=True)
class Entity:
    """A canonical real-world thing, one IRI across releases."""

    key: str  # normalised canonical name; see tjkg.iris
    type: str  # one of ENTITY_TYPES
    label_zh: str
    cls: str | None = None
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    code: str | None = None  # administrative division code for places
    parent: str | None = None  # entity key this one is part of / located in


@dataclass(frozen=True)
class Relation:
    """A statement ``subject predicate object`` between entity keys, with its evidence."""

    subject: str
    predicate: str  # local name in tjkg's vocabulary, see tjkg.namespaces.RELATIONS
    object: str
    evidence: Span
    source: str = "curated"
    confidence: Decimal = Decimal("1")


@dataclass(frozen=True)
class Post:
    """A post a person holds, read from the role the text states (W3C ORG)."""

    person: str  # entity key of the person
    role: str  # the title, e.g. 局长
    label: str  # the role as written, e.g. 市工业和信息化局局长
    organization: str | None = None  # entity key of the organisation, if resolved
    organization_type: str | None = None  # its mention type


@dataclass(frozen=True)
class Annotation:
    """Everything known about one document before it becomes RDF.

    Mentions carry resolved ``entity`` keys; ``entities`` holds one Entity per
    ``(type, key)`` with every surface seen as an alias; ``derived`` lists the entity keys
    that come from the release's metadata rather than from a span of its text.
    """

    document: Document
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    posts: tuple[Post, ...] = ()
    place: str | None = None  # key of the release's default area (a place entity)
    organizer: str | None = None  # entity key (government_body) organising the event
    speakers: tuple[str, ...] = ()  # person keys
