"""Relations the text states between resolved mentions: ``Annotation -> list[Relation]``.

Runs after resolution (relations join entity keys), on the mentions' types, the words between
them and the sentence and clause they share. Every relation carries
``source="extractor:relations/<rule>"`` and the confidence of its rule; it is emitted only
when its subject and object types are in the predicate's domain and range
(``docs/modelling.md``, ``ontology/checks/data-domain-range-violation.rq``).

>>> from tjkg.models import Annotation, Document, Entity, Mention
>>> text = "中芯国际在滨海新区建设8英寸晶圆项目。"
>>> doc = Document("d", text)
>>> def m(s, t, kind):
...     return Mention("d", s, s + len(t), t, kind, entity=t)
>>> ms = (m(0, "中芯国际", "enterprise"), m(5, "滨海新区", "district_or_place"),
...       m(11, "8英寸晶圆项目", "project"))
>>> ents = tuple(Entity(x.entity, x.type, x.text) for x in ms)
>>> for r in extract_relations(Annotation(doc, ms, ents)):
...     print(r.subject, r.predicate, r.object, r.source)
中芯国际 builds 8英寸晶圆项目 extractor:relations/builds
8英寸晶圆项目 locatedIn 滨海新区 extractor:relations/in-place

Rules (see :data:`RULES` for the verbs):

* *subject — verb — object* in one clause, the subject possibly a list (``A、B、C获评X``,
  ``A、B等5个集群晋级X``): builds, investsIn, operates, locatedIn, designatedUnder,
  producedBy, issuedBy, ledBy, memberOf, subOrganizationOf;
* the passive ``X由A投资建设`` and ``在B建设X`` (X locatedIn B);
* a list followed by a count and a programme (``A、B、C3个国家级产业集群``): designatedUnder;
* a clause without its own subject takes the sentence's topic (``X集群…,主要集中在B``);
* nesting: an organisation inside a project (builds / operates), product (producedBy) or
  policy name (issuedBy); a zone inside a project name (locatedIn);
* names: a place opening a project, zone or cluster name (locatedIn) or a body's name
  (jurisdiction; ``市工信局`` resolves to ``天津市工业和信息化局``); a body named after
  another body (subOrganizationOf); a member ``“六链”`` listed as ``A等6条产业链`` (partOf);
* the lexicons: a division inside a mentioned division or region (locatedIn);
* the release's own place for a project reported built or started with no place stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from tjkg.extract.numbers import parse_number
from tjkg.extract.text import normalize_text
from tjkg.models import Annotation, Mention, Relation, Span

__all__ = ["RULES", "add_relations", "allowed", "extract_relations", "merge_relations"]

SOURCE = "extractor:relations"

ORG = frozenset({"enterprise", "research_institute", "government_body"})
PLACE = "district_or_place"
PARK = "industrial_park_or_zone"
PROJECT = "project"
GROUPING = "cluster_or_chain"
PROGRAMME = "program_or_policy"
PRODUCT = "product_or_achievement"

_ANY = frozenset({*ORG, "person", PROJECT, PARK, GROUPING, PLACE, PROGRAMME, PRODUCT})

#: Domain and range of each predicate, in mention types (docs/modelling.md).
_DOMAIN_RANGE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "locatedIn": (_ANY, frozenset({PLACE, PARK})),
    "builds": (ORG | {PLACE}, frozenset({PROJECT, PARK})),
    "operates": (ORG | {PLACE}, frozenset({PROJECT, PARK})),
    "investsIn": (ORG | {PLACE}, frozenset({PROJECT, PARK})),
    "memberOf": (ORG | {PLACE, PROJECT}, frozenset({GROUPING})),
    "designatedUnder": (
        frozenset({"enterprise", "research_institute", PLACE, PROJECT, PARK, PRODUCT, GROUPING}),
        frozenset({PROGRAMME}),
    ),
    "producedBy": (frozenset({PRODUCT}), ORG),
    "ledBy": (frozenset({GROUPING, PROGRAMME, PROJECT}), ORG | {PLACE}),
    "issuedBy": (frozenset({PROGRAMME}), frozenset({"government_body"})),
    "jurisdiction": (frozenset({"government_body"}), frozenset({PLACE})),
    "subOrganizationOf": (ORG, ORG),
}
_PART_OF = frozenset({(GROUPING, GROUPING), (PRODUCT, PRODUCT), (PROJECT, PROJECT),
                      (PROJECT, PARK)})


def allowed(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether the shapes allow ``predicate`` between entities of these mention types.

    >>> allowed("builds", "enterprise", "project"), allowed("builds", "product", "project")
    (True, False)
    >>> allowed("partOf", "project", "industrial_park_or_zone")
    True
    """
    if predicate == "partOf":
        return (subject_type, object_type) in _PART_OF
    dom_rng = _DOMAIN_RANGE.get(predicate)
    return dom_rng is not None and subject_type in dom_rng[0] and object_type in dom_rng[1]


@dataclass(frozen=True)
class Rule:
    """``subject <gap> object`` within one clause: the gap must match ``trigger``."""

    name: str
    predicate: str
    subjects: frozenset[str]
    objects: frozenset[str]
    trigger: str
    confidence: Decimal
    inverse: bool = False  # the relation runs object -> subject (X producedBy A)
    max_gap: int = 20
    topic: bool = False  # may take the sentence topic when the clause has no subject


_D = Decimal
_PLACE_OBJ = frozenset({PLACE, PARK})
_LOCATABLE = frozenset({"enterprise", "research_institute", PROJECT, PARK, GROUPING, PLACE})
_DESIGNABLE = frozenset(
    {"enterprise", "research_institute", PLACE, PROJECT, PARK, PRODUCT, GROUPING}
)

#: Subject-verb-object rules, tried in order; the first whose trigger matches the gap wins.
RULES: tuple[Rule, ...] = (
    Rule("sub-organization", "subOrganizationOf", ORG, ORG,
         r"^(?:旗下|下属|所属|控股|全资|控股子公司|全资子公司|子公司)的?$", _D("0.75"),
         inverse=True, max_gap=6),
    Rule("sub-organization", "subOrganizationOf", ORG, ORG, r"^(?:隶属于?|是)$", _D("0.7"),
         max_gap=4),
    Rule("invests", "investsIn", ORG | {PLACE}, frozenset({PROJECT, PARK}),
         r"投资|增资|注资|出资|投入|签约", _D("0.8")),
    Rule("operates", "operates", ORG, frozenset({PROJECT, PARK}),
         r"运营|经营|运行|托管", _D("0.7")),
    Rule("builds", "builds", ORG | {PLACE}, frozenset({PROJECT, PARK}),
         r"建设|建成|新建|扩建|改建|兴建|开工|动工|投建|承建|筹建|开建|打造|建立|落地|布局|上马|"
         r"启动", _D("0.8"), topic=True),
    Rule("located", "locatedIn", _LOCATABLE, _PLACE_OBJ,
         r"(?:位于|坐落于|坐落在|地处|落户|落地|扎根|入驻|进驻|建在|设在|集中在|集聚在|分布在|"
         r"布局在|选址|落子)于?在?$", _D("0.8"), max_gap=8, topic=True),
    Rule("designated", "designatedUnder", _DESIGNABLE, frozenset({PROGRAMME}),
         r"入选|获评|获批|认定为|评为|评定为|成为|晋级|入围|获得|荣获|获|列入|纳入|上榜|跻身|"
         r"创成|授予|命名为|列为|通过", _D("0.8"), topic=True),
    Rule("produced", "producedBy", ORG, frozenset({PRODUCT}),
         r"研发|研制|推出|发布|制备|生产|制造|开发|攻克|首发|量产|下线|交付|设计|打造|造出",
         _D("0.8"), inverse=True),
    Rule("issued", "issuedBy", frozenset({"government_body"}), frozenset({PROGRAMME}),
         r"出台|印发|发布|制定|颁布|公布|审议通过|下发|推出|批复|认定|评定|命名|授予|公示|设立",
         _D("0.75"), inverse=True, max_gap=15),
    Rule("issued", "issuedBy", frozenset({"government_body"}), frozenset({PROGRAMME}),
         r"^的?$", _D("0.65"), inverse=True, max_gap=1),
    Rule("led", "ledBy", ORG | {PLACE}, frozenset({GROUPING, PROGRAMME, PROJECT}),
         r"牵头|主导|领衔", _D("0.75"), inverse=True, max_gap=10, topic=True),
    Rule("led", "ledBy", ORG | {PLACE}, frozenset({PROGRAMME}),
         r"^[\u4e00-\u9fff]{0,4}(?:组织实施|实施|推进|推动|部署|做实|开展)$", _D("0.65"),
         inverse=True, max_gap=8, topic=True),
    Rule("member", "memberOf", ORG | {PLACE, PROJECT}, frozenset({GROUPING}),
         r"加入|入列|纳入|进入|融入|入选|成为", _D("0.7"), max_gap=10),
)  # fmt: skip

#: ``X由A…``: the rule's trigger must follow A.
_PASSIVE: tuple[tuple[str, str, frozenset[str], frozenset[str], str], ...] = (
    ("invests", "investsIn", frozenset({PROJECT, PARK}), ORG | {PLACE}, r"投资|增资|出资"),
    ("operates", "operates", frozenset({PROJECT, PARK}), ORG, r"运营|经营|管理"),
    ("builds", "builds", frozenset({PROJECT, PARK}), ORG | {PLACE},
     r"建设|承建|建成|打造|开发|投建"),
    ("led", "ledBy", frozenset({GROUPING, PROGRAMME, PROJECT}), ORG | {PLACE}, r"牵头|主导"),
    ("produced", "producedBy", frozenset({PRODUCT}), ORG, r"研发|研制|生产|制造|开发|推出"),
    ("issued", "issuedBy", frozenset({PROGRAMME}), frozenset({"government_body"}),
     r"印发|发布|出台|制定|颁布|认定"),
)

_AGENT_FIRST = frozenset({"builds", "investsIn", "operates"})
_SENT_END = "。!?;\n"
_CLAUSE_END = ",:"
_LIST_SEP = re.compile(r"^(?:、|和|与|及|以及|、[^,:、]{1,8}的)$")  # 、协同打造的 B
_QUOTES = re.compile(r"[“”‘’\"《》〈〉「」『』]")
_BUILD_VERB = re.compile(r"建设|建成|新建|扩建|开工|投产|落地|落户|竣工|签约|投建|开建|动工")
_RUN_VERB = re.compile(r"投产|年产|生产|运营|运行|交付")
_BUILT_VERB = re.compile(r"建设|建成|新建|扩建|开工|动工|投建|落地|签约")
_PREPOSITION = re.compile(r"(?:在|于|从|向|对|到|为|与|和|同|跟|比)$")
_HIDDEN_NAME = re.compile(r"公司|集团|研究院|研究所|大学|学院|医院|实验室|委员会|[局厅]")
_COUNTED = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千]+)(?:家|个|所|项|条|座|批|名)")
_COUNT = re.compile(
    r"^(?:等)?(?:\d+|[一二两三四五六七八九十百千]+)(?:个|家|条|项|所|批|座|类|大)"
    r"(?:[\u4e00-\u9fff]{0,4})?$"
)
_NUMERAL_NAME = re.compile(r"^[“‘\"]?([一二两三四五六七八九十百千\d]+)(?:大|条|个)?"
                           r"(?:产业)?(链|群|集群|产业链|产业集群)[”’\"]?$")


@dataclass
class _Sentence:
    start: int
    end: int
    mentions: list[Mention]  # top-level entity mentions, by start


def _clause_of(norm: str, start: int, pos: int) -> int:
    return sum(1 for ch in norm[start:pos] if ch in _CLAUSE_END)


def _clause_start(norm: str, sent_start: int, pos: int) -> int:
    k = pos
    while k > sent_start and norm[k - 1] not in _CLAUSE_END:
        k -= 1
    return k


def _gap(norm: str, a: int, b: int) -> str:
    return _QUOTES.sub("", norm[a:b])


class _Builder:
    """Collects relations for one annotation, checked and deduplicated."""

    def __init__(self, ann: Annotation) -> None:
        self.ann = ann
        self.doc = ann.document
        self.text = self.doc.text
        self.norm = normalize_text(self.text)
        kinds: dict[str, set[str]] = {}
        for e in ann.entities:
            kinds.setdefault(e.key, set()).add(e.type)
        # keys with one type only: the RDF writer finds an entity's class from its key
        self.type_of = {k: next(iter(ts)) for k, ts in kinds.items() if len(ts) == 1}
        self.found: dict[tuple[str, str, str], Relation] = {}

    def add(self, rule: str, subject: str | None, predicate: str, obj: str | None,
            start: int, end: int, confidence: Decimal) -> bool:
        if not subject or not obj or subject == obj:
            return False
        st, ot = self.type_of.get(subject), self.type_of.get(obj)
        if st is None or ot is None or not allowed(predicate, st, ot):
            return False
        key = (subject, predicate, obj)
        prev = self.found.get(key)
        if prev is None or confidence > prev.confidence:
            span = Span(self.doc.doc_id, start, end, self.text[start:end])
            self.found[key] = Relation(subject, predicate, obj, span, f"{SOURCE}/{rule}",
                                       confidence)
        return True

    def relations(self) -> list[Relation]:
        return sorted(self.found.values(),
                      key=lambda r: (r.evidence.start, r.subject, r.predicate, r.object))


def _sentences(norm: str, mentions: Sequence[Mention]) -> list[_Sentence]:
    out: list[_Sentence] = []
    start = 0
    for k, ch in enumerate(norm + "\n"):
        if ch in _SENT_END:
            if k > start:
                out.append(_Sentence(start, k, []))
            start = k + 1
    i = 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        while i < len(out) and out[i].end <= m.start:
            i += 1
        if i < len(out) and out[i].start <= m.start and m.end <= out[i].end:
            out[i].mentions.append(m)
    return out


def _groups(norm: str, ms: list[Mention], modified: set[Mention] | None = None,
            ) -> list[list[Mention]]:
    """Consecutive mentions joined by 、/和/与/及 form one list (``A、B、C``); those joined
    with their own modifier (``A、协同打造的B``) are added to ``modified``."""
    groups: list[list[Mention]] = []
    for m in ms:
        sep = _LIST_SEP.match(_gap(norm, groups[-1][-1].end, m.start)) if groups else None
        if sep and (not sep.group().endswith("的") or groups[-1][-1].type == m.type):
            if sep.group().endswith("的") and modified is not None:
                modified.add(m)
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _svo(b: _Builder, sent: _Sentence) -> None:
    norm = b.norm
    ms = sent.mentions
    modified: set[Mention] = set()
    groups = _groups(norm, ms, modified)
    for gi, group in enumerate(groups):
        last = group[-1]
        if _PREPOSITION.search(norm[max(sent.start, group[0].start - 2):group[0].start]):
            continue  # 在B…, 对B…: an adverbial, not a subject
        clause = _clause_of(norm, sent.start, last.end)
        for obj_group in groups[gi + 1:]:
            obj = obj_group[0]
            if _clause_of(norm, sent.start, obj.start) != clause:
                break
            cut = next((k for k, m in enumerate(obj_group) if m in modified), len(obj_group))
            obj_group = obj_group[:cut]  # 天津牵头的A、协同打造的B: 牵头 is A's only
            gap = _gap(norm, last.end, obj.start)
            between = [m for g in groups[gi + 1:] for m in g if last.end <= m.start < obj.start]
            _try_rules(b, group, obj_group, gap, between, (group[0].start, obj_group[-1].end))
        _passive(b, sent, group, groups[gi + 1:])
    _topic(b, sent, groups)
    _list_count(b, groups)


def _try_rules(b: _Builder, subjects: list[Mention], objects: list[Mention], gap: str,
               between: list[Mention], span: tuple[int, int],
               *, topic: bool = False, discount: Decimal = Decimal(0)) -> bool:
    bare = gap
    for m in between:
        bare = bare.replace(_QUOTES.sub("", m.text), " ")
    if _COUNTED.match(gap) or _HIDDEN_NAME.search(bare):
        return False  # 天津市7家企业入选X, 天津X有限公司建设Y: the subject is another noun
    for rule in RULES:
        if topic and not rule.topic:
            continue
        if len(gap) > rule.max_gap or not re.search(rule.trigger, gap):
            continue
        # places and zones (在B…) and issuing bodies (获评工信部X) may stand between
        if any(m.type not in (PLACE, PARK, "government_body") for m in between):
            continue
        if between and rule.predicate not in ("builds", "investsIn", "operates",
                                               "designatedUnder"):
            continue
        hit = False
        for s in subjects:
            for o in objects:
                if s.type not in rule.subjects or o.type not in rule.objects:
                    continue
                subj, obj = (o, s) if rule.inverse else (s, o)
                hit |= b.add(rule.name, subj.entity, rule.predicate, obj.entity, *span,
                             rule.confidence - discount)
        if hit:
            return True
    return False


def _passive(b: _Builder, sent: _Sentence, group: list[Mention],
             rest: list[list[Mention]]) -> None:
    """``X由A投资建设``: X is the group, A the next mention after 由."""
    norm = b.norm
    if not rest:
        return
    agent = rest[0][0]
    gap = _gap(norm, group[-1].end, agent.start)
    if not re.fullmatch(r"(?:均|主要|将|已)?由", gap):
        return
    tail = norm[rest[0][-1].end: min(rest[0][-1].end + 8, sent.end)]
    for name, pred, xs, agents, trigger in _PASSIVE:
        if not re.match(rf"^[\u4e00-\u9fff]{{0,3}}(?:{trigger})", tail):
            continue
        hit = False
        for x in group:
            for a in rest[0]:
                if x.type in xs and a.type in agents:
                    end = rest[0][-1].end + len(re.match(rf"^.*?(?:{trigger})", tail).group())
                    subj, obj = (a, x) if pred in _AGENT_FIRST else (x, a)
                    hit |= b.add(name, subj.entity, pred, obj.entity, group[0].start, end,
                                 Decimal("0.75"))
        if hit:
            return  # 投资建设: the first verb says it


def _topic(b: _Builder, sent: _Sentence, groups: list[list[Mention]]) -> None:
    """A clause with no subject of its own (``…,主要集中在B``) takes the sentence's topic:
    the nearest mention before it that opens a clause."""
    norm = b.norm
    openers = [g for g in groups
               if not norm[_clause_start(norm, sent.start, g[0].start):g[0].start].strip()]
    for og in groups:
        o = og[0]
        cs = _clause_start(norm, sent.start, o.start)
        topic = next((g for g in reversed(openers) if g[-1].end <= cs), None)
        if topic is None:
            continue
        cs = max(cs, norm.rfind("、", cs, o.start) + 1)  # 推动A、做实B: B's own verb
        if any(cs <= m.start < o.start for g in groups for m in g):
            continue
        gap = _gap(norm, cs, o.start)
        _try_rules(b, topic, og, gap, [], (topic[0].start, og[-1].end), topic=True,
                   discount=Decimal("0.15"))


def _list_count(b: _Builder, groups: list[list[Mention]]) -> None:
    """``A、B、C3个国家级产业集群``: every listed entity is designated under the programme."""
    for g, nxt in pairwise(groups):
        prog = nxt[0]
        if prog.type != PROGRAMME or len(g) < 2:
            continue
        if _COUNT.match(_gap(b.norm, g[-1].end, prog.start)):
            for s in g:
                b.add("list-count", s.entity, "designatedUnder", prog.entity, g[0].start,
                      prog.end, Decimal("0.7"))


def _in_place(b: _Builder, sent: _Sentence) -> None:
    """``在B建设X`` / ``A在B投资建设X``: X is located in B."""
    norm = b.norm
    ms = sent.mentions
    for i, p in enumerate(ms):
        if p.type not in _PLACE_OBJ or not re.search(r"(?:在|于|落户)$", norm[sent.start:p.start]):
            continue
        clause = _clause_of(norm, sent.start, p.start)
        for x in ms[i + 1:]:
            if _clause_of(norm, sent.start, x.start) != clause:
                break
            gap = _gap(norm, p.end, x.start)
            if len(gap) > 12 or not _BUILT_VERB.search(gap):
                continue
            if x.type in (PROJECT, PARK, "enterprise", "research_institute"):
                b.add("in-place", x.entity, "locatedIn", p.entity, p.start, x.end,
                      Decimal("0.75"))
            break


def _nested(b: _Builder, mentions: Sequence[Mention]) -> None:
    """An organisation or zone inside a project, product or policy name."""
    norm = b.norm
    outer = {(m.start, m.end): m for m in mentions if m.nested_in is None}
    for m in mentions:
        if m.nested_in is None or m.nested_in not in outer:
            continue
        o = outer[m.nested_in]
        s, e = o.start, o.end
        if o.type == PROJECT and m.type in ORG:
            after = norm[o.end: o.end + 12].split(",")[0]
            pred = "builds"
            if _RUN_VERB.search(after) and not _BUILT_VERB.search(after):
                pred = "operates"
            b.add("nested", m.entity, pred, o.entity, s, e, Decimal("0.85"))
        elif o.type == PRODUCT and m.type in ORG:
            b.add("nested", o.entity, "producedBy", m.entity, s, e, Decimal("0.85"))
        elif o.type == PROGRAMME and m.type == "government_body":
            b.add("nested", o.entity, "issuedBy", m.entity, s, e, Decimal("0.85"))
        elif o.type == PROJECT and m.type == PARK:
            b.add("nested", o.entity, "locatedIn", m.entity, s, e, Decimal("0.85"))


def _place_names(ann: Annotation) -> list[tuple[str, str]]:
    """(surface, key) of every place entity, longest surface first (天津市 and 天津)."""
    names: set[tuple[str, str]] = set()
    for e in ann.entities:
        if e.type != PLACE:
            continue
        for n in (e.key, e.label_zh, *e.aliases):
            names.add((n, e.key))
            if len(n) >= 3 and n[-1] in "市省":
                names.add((n[:-1], e.key))
    for m in ann.mentions:
        if m.type == PLACE and m.entity:
            names.add((m.text, m.entity))
    return sorted((n for n in names if len(n[0]) >= 2), key=lambda n: (-len(n[0]), n))


def _name_rules(b: _Builder) -> None:
    """Relations a name states: its leading place, its parent body, its nested owner."""
    ann = b.ann
    places = _place_names(ann)
    first: dict[str, Mention] = {}
    for m in ann.mentions:
        if m.entity and m.type != "metric":
            first.setdefault(m.entity, m)
    bodies = sorted((e.key for e in ann.entities if e.type == "government_body"),
                    key=lambda k: (-len(k), k))
    for e in ann.entities:
        m = first.get(e.key)
        if m is None or b.type_of.get(e.key) != e.type:
            continue
        if e.type in (PROJECT, PARK, GROUPING, "government_body"):
            pred = "jurisdiction" if e.type == "government_body" else "locatedIn"
            # 联想天津创新产业园: the place after the organisation that opens the name
            owner = max((x.end - x.start for x in ann.mentions
                         if x.nested_in == (m.start, m.end) and x.start == m.start), default=0)
            for name in dict.fromkeys((e.key, m.text, m.text[owner:])):
                name = re.sub(r"^(?:中共|中国共产党)", "", name)
                hit = next((k for n, k in places if name.startswith(n) and len(name) > len(n)),
                           None)
                if hit and b.add("name-place", e.key, pred, hit, m.start, m.end,
                                 Decimal("0.8")):
                    break
        if e.type == "government_body":
            parent = next((k for k in bodies if len(k) < len(e.key) and e.key.startswith(k)
                           and not _is_place_name(k, places)), None)
            if parent:
                b.add("name-body", e.key, "subOrganizationOf", parent, m.start, m.end,
                      Decimal("0.8"))


def _is_place_name(name: str, places: list[tuple[str, str]]) -> bool:
    return any(n == name for n, _ in places)


@lru_cache(maxsize=1)
def _region_members() -> dict[str, tuple[str, ...]]:
    """Named region -> the divisions it spans (``regions.tsv``)."""
    from tjkg.extract.lexicon import _rows

    return {r["name"]: tuple(x for x in (r.get("refers_to") or "").split("|") if x)
            for r in _rows("regions.tsv") if r.get("kind") == "region"}


def _containment(b: _Builder) -> None:
    """A division inside another mentioned division (by code), or a province or
    municipality inside a mentioned named region: locatedIn the nearest."""
    ann = b.ann
    first: dict[str, Mention] = {}
    for m in ann.mentions:
        if m.type == PLACE and m.entity:
            first.setdefault(m.entity, m)
    places = [e for e in ann.entities if e.type == PLACE and e.key in first]
    by_code = {e.code: e.key for e in places if e.code}
    regions = _region_members()
    for e in places:
        m = first[e.key]
        parent = None
        if e.code and len(e.code) >= 6:
            for code in (e.code[:4] + "00", e.code[:2] + "0000"):
                if code != e.code[:6] and code in by_code:
                    parent = by_code[code]
                    break
        if parent:
            b.add("division", e.key, "locatedIn", parent, m.start, m.end, Decimal("0.9"))
            continue
        for region, members in sorted(regions.items()):
            if region in first and region != e.key and (e.key in members or e.label_zh in
                                                        members):
                b.add("region", e.key, "locatedIn", region, m.start, m.end, Decimal("0.85"))


def _collective(b: _Builder, sents: list[_Sentence]) -> None:
    """``“六链”…。A、B等6条产业链…``: the listed groupings are part of the collective one."""
    norm = b.norm
    for i, sent in enumerate(sents):
        for c in sent.mentions:
            if c.type != GROUPING:
                continue
            mm = _NUMERAL_NAME.match(c.text)
            if not mm:
                continue
            want = parse_number(mm.group(1))
            window = [sents[i]]
            for other in sents[i + 1: i + 4]:  # the following sentences of its paragraph
                if "\n" in norm[window[-1].end:other.start + 1]:
                    break
                window.append(other)
            for other in window:
                for g in _groups(norm, [m for m in other.mentions if m.start >= c.end]):
                    gap = _gap(norm, g[-1].end, min(g[-1].end + 12, other.end))
                    cm = re.match(r"^等?(\d+|[一二两三四五六七八九十]+)(?:条|个|大)", gap)
                    if not cm or parse_number(cm.group(1)) != want:
                        continue
                    for s in g:
                        b.add("collective", s.entity, "partOf", c.entity, c.start,
                              g[-1].end + cm.end(), Decimal("0.8"))


def _clause_text(b: _Builder, sent: _Sentence, m: Mention) -> str:
    """The clause holding ``m`` with every mention in it blanked out."""
    norm = b.norm
    start = _clause_start(norm, sent.start, m.start)
    end = m.end
    while end < sent.end and norm[end] not in _CLAUSE_END:
        end += 1
    chars = list(norm[start:end])
    for x in sent.mentions:
        for k in range(max(x.start, start), min(x.end, end)):
            chars[k - start] = " "
    return "".join(chars)


def _release_place(b: _Builder, sents: list[_Sentence]) -> None:
    """A project reported built, started or landed with no place in its sentence is in the
    release's place (a city's release reports its own projects); so is an organisation
    reported landing (落地, 落户, 入驻)."""
    place = b.ann.place
    if not place or b.type_of.get(place) != PLACE:
        return
    located = {s for s, p, _o in b.found if p == "locatedIn"}
    for sent in sents:
        if any(m.type in _PLACE_OBJ and m.entity != place for m in sent.mentions):
            continue
        for g in _groups(b.norm, sent.mentions):
            clause = _clause_text(b, sent, g[-1])
            for s in g:
                if s.entity in located:
                    continue
                if (s.type in (PROJECT, PARK) and _BUILD_VERB.search(clause)) or (
                        s.type in ("enterprise", "research_institute")
                        and re.search(r"落地|落户|入驻", clause)):
                    b.add("release-place", s.entity, "locatedIn", place, s.start, s.end,
                          Decimal("0.5"))


def _city_designation(b: _Builder, sents: list[_Sentence]) -> None:
    """``获批国家…试点城市`` opening a sentence with no subject: the release's place."""
    place = b.ann.place
    if not place or b.type_of.get(place) != PLACE:
        return
    rule = next(r for r in RULES if r.predicate == "designatedUnder")
    for sent in sents:
        for o in sent.mentions:
            if o.type != PROGRAMME or ("城市" not in o.text and not o.text.endswith("市")):
                continue
            if any(m.start < o.start for m in sent.mentions):
                break
            gap = _gap(b.norm, sent.start, o.start)
            if len(gap) <= 10 and "," not in gap and re.search(rule.trigger, gap):
                b.add("city-designation", place, "designatedUnder", o.entity, sent.start, o.end,
                      Decimal("0.5"))


_SELF = {"市": "全市|我市|本市", "区": "全区|我区|本区", "县": "全县|我县|本县",
         "省": "全省|我省|本省"}


def _self_references(ann: Annotation, norm: str, taken: Sequence[Mention]) -> list[Mention]:
    """``全市``, ``我市``: the release's own place, as subjects of what follows."""
    place = ann.place
    words = _SELF.get(place[-1]) if place else None
    if not place or not words:
        return []
    busy = bytearray(len(norm) + 1)
    for m in taken:
        busy[m.start:m.end] = b"\x01" * (m.end - m.start)
    return [Mention(ann.document.doc_id, x.start(), x.end(), x.group(), PLACE, entity=place,
                    source=SOURCE)
            for x in re.finditer(words, norm) if not any(busy[x.start():x.end()])]


def extract_relations(ann: Annotation) -> list[Relation]:
    """The relations stated in ``ann``'s text between its resolved mentions."""
    b = _Builder(ann)
    ents = [m for m in ann.mentions if m.type != "metric" and m.entity]
    top = [m for m in ents if m.nested_in is None]
    top += _self_references(ann, b.norm, ann.mentions)
    sents = _sentences(b.norm, top)
    _nested(b, ents)
    for sent in sents:
        _svo(b, sent)
        _in_place(b, sent)
    _collective(b, sents)
    _name_rules(b)
    _containment(b)
    _city_designation(b, sents)
    _release_place(b, sents)
    return b.relations()


def merge_relations(curated: Iterable[Relation], extracted: Iterable[Relation]) -> tuple[
        Relation, ...]:
    """Curated relations, then each extracted one whose (subject, predicate, object) is new."""
    out = list(curated)
    seen = {(r.subject, r.predicate, r.object) for r in out}
    for r in extracted:
        key = (r.subject, r.predicate, r.object)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return tuple(sorted(out, key=lambda x: (x.subject, x.predicate, x.object,
                                            x.evidence.start, x.evidence.end)))


def add_relations(ann: Annotation) -> Annotation:
    """``ann`` with the extracted relations added under its curated ones."""
    return replace(ann, relations=merge_relations(ann.relations, extract_relations(ann)))
