"""Relation extraction: hand-written sentences of the genre, each with its exact relations.

Mentions are given by hand (surface and type, in order of appearance) so that these tests
measure the relation rules alone; the last tests run the whole pipeline on an uncurated
fixture release (``tests/fixtures/relations``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tjkg.curated import Registry
from tjkg.extract.relations import _DOMAIN_RANGE, allowed, extract_relations, merge_relations
from tjkg.models import Document, Mention, Relation, ReleaseMeta, Span
from tjkg.resolve import resolve_annotation

Triple = tuple[str, str, str]


def relations(text: str, *spans: tuple[str, str] | tuple[str, str, str],
              place: str = "") -> set[Triple]:
    """The (subject, predicate, object) triples extracted from ``text`` whose mentions are
    ``(surface, type)`` in order, or ``(surface, type, outer surface)`` for a nested one."""
    doc = Document("t", text, meta=ReleaseMeta(place=place))
    mentions: list[Mention] = []
    pos = 0
    outer: dict[str, tuple[int, int]] = {}
    for surface, mtype, *inside in spans:
        if inside:
            s0, _e0 = outer[inside[0]]
            start = text.index(surface, s0)
            nested = outer[inside[0]]
        else:
            start = text.index(surface, pos)
            pos = start + len(surface)
            nested = None
            outer[surface] = (start, pos)
        mentions.append(Mention("t", start, start + len(surface), surface, mtype,
                                nested_in=nested, source="extractor:test"))
    ann = resolve_annotation(doc, mentions, Registry())
    found = extract_relations(ann)
    for r in found:
        assert r.source.startswith("extractor:relations/")
        assert Decimal(0) < r.confidence <= Decimal(1)
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return {(r.subject, r.predicate, r.object) for r in found}


ENT, INST, GOV = "enterprise", "research_institute", "government_body"
PROJ, PARK, GRP = "project", "industrial_park_or_zone", "cluster_or_chain"
PLACE, PROG, PROD = "district_or_place", "program_or_policy", "product_or_achievement"


def test_enterprise_builds_project_in_a_place() -> None:
    text = "华芯微电子在西青区建成12英寸芯片制造项目。"
    assert relations(text, ("华芯微电子", ENT), ("西青区", PLACE),
                     ("12英寸芯片制造项目", PROJ)) == {
        ("华芯微电子", "builds", "12英寸芯片制造项目"),
        ("12英寸芯片制造项目", "locatedIn", "西青区"),
    }


def test_investment_verb_gives_invests_in() -> None:
    text = "远航机器人增资8亿元扩建智能装备生产基地,北辰动力新能源项目竣工。"
    assert relations(text, ("远航机器人", ENT), ("智能装备生产基地", PROJ),
                     ("北辰动力新能源项目", PROJ)) == {
        ("远航机器人", "investsIn", "智能装备生产基地"),
    }


def test_project_lands_in_a_zone() -> None:
    text = "总投资50亿元的新型储能电池项目正式落户临港经济区。"
    assert relations(text, ("新型储能电池项目", PROJ), ("临港经济区", PARK)) == {
        ("新型储能电池项目", "locatedIn", "临港经济区"),
    }


def test_passive_agent_after_you() -> None:
    text = "智能仓储平台由远航机器人自主研发,氢能产业园由北辰动力投资建设。"
    assert relations(text, ("智能仓储平台", PROD), ("远航机器人", ENT),
                     ("氢能产业园", PROJ), ("北辰动力", ENT)) == {
        ("智能仓储平台", "producedBy", "远航机器人"),
        ("北辰动力", "investsIn", "氢能产业园"),
    }


def test_listed_subjects_share_a_designation() -> None:
    text = "蓝海新材料、远航机器人和北辰动力入选国家级专精特新“小巨人”企业。"
    prog = "专精特新“小巨人”企业"
    assert relations(text, ("蓝海新材料", ENT), ("远航机器人", ENT), ("北辰动力", ENT),
                     (prog, PROG)) == {
        ("蓝海新材料", "designatedUnder", prog),
        ("远航机器人", "designatedUnder", prog),
        ("北辰动力", "designatedUnder", prog),
    }


def test_counted_noun_is_the_subject_not_the_place() -> None:
    text = "西青区12家企业入选国家级绿色工厂。"
    assert relations(text, ("西青区", PLACE), ("国家级绿色工厂", PROG)) == set()


def test_list_with_count_before_a_programme() -> None:
    text = "全市培育了东丽电子信息、津南生物医药2个省级特色产业集群。"
    prog = "省级特色产业集群"
    assert relations(text, ("东丽电子信息", GRP), ("津南生物医药", GRP), (prog, PROG)) == {
        ("东丽电子信息", "designatedUnder", prog),
        ("津南生物医药", "designatedUnder", prog),
    }


def test_product_developed_by_institute() -> None:
    text = "海河智能研究院成功研制出国内首台“深蓝”水下机器人。"
    assert relations(text, ("海河智能研究院", INST), ("深蓝", PROD)) == {
        ("深蓝", "producedBy", "海河智能研究院"),
    }


def test_body_issues_policy_and_governs_its_place() -> None:
    text = "天津市召开新闻发布会。市工信局印发《制造业数字化转型行动方案》。"
    policy = "制造业数字化转型行动方案"
    found = relations(text, ("天津市", PLACE), ("市工信局", GOV), (policy, PROG),
                      place="天津市")
    body = next(s for s, p, _o in found if p == "jurisdiction")
    assert body.startswith("天津市")  # the city's own bureau, resolved relative to the city
    assert found == {(policy, "issuedBy", body), (body, "jurisdiction", "天津市")}


def test_body_named_before_a_programme_issues_it() -> None:
    text = "北辰动力获评工信部智能制造示范工厂。"
    prog = "智能制造示范工厂"
    assert relations(text, ("北辰动力", ENT), ("工信部", GOV), (prog, PROG)) == {
        ("北辰动力", "designatedUnder", prog),
        (prog, "issuedBy", "工业和信息化部"),  # the ministry, by its full name
    }


def test_nested_organisations() -> None:
    text = ("蓝海新材料高端膜材料项目开工建设,北辰动力氢能重卡发布,"
            "市人大常委会关于促进数字经济发展的决定施行。")
    rule = "市人大常委会关于促进数字经济发展的决定"
    found = relations(
        text,
        ("蓝海新材料高端膜材料项目", PROJ), ("蓝海新材料", ENT, "蓝海新材料高端膜材料项目"),
        ("北辰动力氢能重卡", PROD), ("北辰动力", ENT, "北辰动力氢能重卡"),
        (rule, PROG), ("市人大常委会", GOV, rule),
    )
    assert found == {
        ("蓝海新材料", "builds", "蓝海新材料高端膜材料项目"),
        ("北辰动力氢能重卡", "producedBy", "北辰动力"),
        (rule, "issuedBy", "市人民代表大会常务委员会"),  # the short core's full form is its key
    }


def test_lead_organisation_of_a_chain() -> None:
    text = "由滨海新区牵头的信创产业链加快壮大。"
    assert relations(text, ("滨海新区", PLACE), ("信创产业链", GRP)) == {
        ("信创产业链", "ledBy", "滨海新区"),
    }


def test_members_of_a_collective_grouping_by_count() -> None:
    text = "“三链”协同成效明显。新能源汽车、集成电路、生物医药等3条产业链加快发展。"
    spans = (("三链", GRP), ("新能源汽车", GRP), ("集成电路", GRP), ("生物医药", GRP))
    assert relations(text, *spans) == {
        ("新能源汽车", "partOf", "三链"),
        ("集成电路", "partOf", "三链"),
        ("生物医药", "partOf", "三链"),
    }
    assert relations(text.replace("等3条", "等4条"), *spans) == set()


def test_clause_without_subject_takes_the_topic() -> None:
    text = "绿色食品产业集群以肉制品加工为主,主要集中在柳林镇。"
    assert relations(text, ("绿色食品产业集群", GRP), ("柳林镇", PLACE)) == {
        ("绿色食品产业集群", "locatedIn", "柳林镇"),
    }


def test_no_relation_across_clauses_or_to_a_later_list() -> None:
    text = "华芯微电子建成芯片制造基地,新型储能电池项目投产。"
    assert relations(text, ("华芯微电子", ENT), ("芯片制造基地", PROJ),
                     ("新型储能电池项目", PROJ)) == {
        ("华芯微电子", "builds", "芯片制造基地"),
    }


def test_places_inside_places_and_regions() -> None:
    text = "滨海新区和北京市共建京津冀产业协同示范园,天津市积极参与。"
    found = relations(text, ("滨海新区", PLACE), ("北京市", PLACE),
                      ("京津冀产业协同示范园", PARK), ("天津市", PLACE))
    assert ("滨海新区", "locatedIn", "天津市") in found
    assert ("北京市", "locatedIn", "京津冀") not in found  # 京津冀 is not mentioned alone
    text2 = "京津冀协同发展走深走实,北京市与天津市联合招商。"
    assert relations(text2, ("京津冀", PLACE), ("北京市", PLACE), ("天津市", PLACE)) == {
        ("北京市", "locatedIn", "京津冀"),
        ("天津市", "locatedIn", "京津冀"),
    }


def test_project_built_with_no_place_is_in_the_release_place() -> None:
    text = "西青区举行发布会。光伏组件项目建成投产。"
    assert relations(text, ("西青区", PLACE), ("光伏组件项目", PROJ), place="西青区") == {
        ("光伏组件项目", "locatedIn", "西青区"),
    }


# ------------------------------------------------------------------------- semantics


def test_allowed_pairs_match_the_domain_range_check() -> None:
    """Every type pair the extractor may emit is allowed by the data domain/range check."""
    from tjkg.rdf import DEFAULT_CLASSES

    query = (ROOT / "ontology" / "checks" / "data-domain-range-violation.rq").read_text(
        encoding="utf-8")
    table = set(re.findall(r"\((tjkg|org):(\w+) \"(domain|range)\" tjkg:(\w+)\)", query))
    ok = {(p, side, cls) for _prefix, p, side, cls in table}
    types = list(DEFAULT_CLASSES)
    predicates = [*_DOMAIN_RANGE, "partOf"]
    for p in predicates:
        for st in types:
            for ot in types:
                if not allowed(p, st, ot):
                    continue
                s_cls = DEFAULT_CLASSES[st].split("#")[-1]
                o_cls = DEFAULT_CLASSES[ot].split("#")[-1]
                assert (p, "domain", s_cls) in ok, (p, st)
                assert (p, "range", o_cls) in ok, (p, ot)


def test_curated_relation_wins_on_the_same_triple() -> None:
    span = Span("t", 0, 2, "ab")
    cur = Relation("a", "builds", "b", span)
    ext = [Relation("a", "builds", "b", Span("t", 3, 5, "cd"), "extractor:relations/x",
                    Decimal("0.8")),
           Relation("a", "locatedIn", "c", span, "extractor:relations/y", Decimal("0.8")),
           Relation("a", "locatedIn", "c", span, "extractor:relations/z", Decimal("0.5"))]
    merged = merge_relations([cur], ext)
    assert [(r.predicate, r.source) for r in merged] == [
        ("builds", "curated"), ("locatedIn", "extractor:relations/y")]


# ------------------------------------------------------------------------- pipeline

RELEASES = FIXTURES / "relations"


@pytest.fixture(scope="module")
def uncurated_build():
    from tjkg.pipeline import BuildConfig, build

    return build(config=BuildConfig(data_dir=RELEASES))


def test_uncurated_release_conforms_and_answers_the_project_question(uncurated_build) -> None:
    from tjkg.query import find_query, run_query
    from tjkg.validate import validate_graph

    graph = uncurated_build.union()
    report = validate_graph(graph)
    assert report.conforms, report
    rows = run_query(graph, find_query("cq-enterprises-projects-districts")).rows
    assert rows
    provenance = run_query(graph, find_query("cq-fact-provenance")).rows
    assert provenance
    [ann] = uncurated_build.annotations
    assert ann.relations and all(r.source.startswith("extractor:relations/")
                                 for r in ann.relations)


def test_uncurated_release_passes_the_domain_range_check(uncurated_build) -> None:
    query = (ROOT / "ontology" / "checks" / "data-domain-range-violation.rq").read_text(
        encoding="utf-8")
    from tjkg.validate import load_ontology

    graph = uncurated_build.union()
    for triple in load_ontology():
        graph.add(triple)
    assert list(graph.query(query)) == []


def test_complete_curation_adds_no_extracted_relation(seed_build) -> None:
    for ann in seed_build.annotations:
        assert all(r.source == "curated" for r in ann.relations)


def test_extract_cli_emits_relations() -> None:
    import json

    from click.testing import CliRunner

    from tjkg.cli import main

    release = RELEASES / "releases" / "rel_001.txt"
    result = CliRunner().invoke(main, ["extract", str(release), "--data-dir", str(RELEASES)])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    text = Path(release).read_text(encoding="utf-8")
    assert obj["relations"]
    for r in obj["relations"]:
        start, end = r["evidence"]
        assert text[start:end] == r["text"]
        assert {"subject", "predicate", "object", "source", "confidence"} <= set(r)


def test_place_after_the_owner_in_a_project_name() -> None:
    text = "天津市重点项目加快推进,远航机器人天津智能工厂竣工。"
    project = "远航机器人天津智能工厂"
    assert relations(text, ("天津市", PLACE), (project, PROJ),
                     ("远航机器人", ENT, project)) == {
        ("远航机器人", "builds", project),
        (project, "locatedIn", "天津市"),
    }
