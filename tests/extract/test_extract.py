"""extract_mentions: registry, merge rules, interchange JSON, fuzzing, devset floors."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tjkg.extract import (
    EXTRACTORS,
    extract_mentions,
    from_gold_json,
    merge_mentions,
    release_year,
    to_gold_json,
)
from tjkg.models import MENTION_TYPES, Document, Mention, ReleaseMeta

DEVSET = Path(__file__).resolve().parents[3] / "shared" / "devset"

SAMPLE = (
    "2024年,江城市工业和信息化局认定专精特新“小巨人”企业超170家,比上年增加21家。"
    "市工信局局长赵明远介绍,比亚迪江城基地二期项目建成投产,年产整车30万辆。"
)


def _doc(text: str = SAMPLE, year: str = "2025-01-15") -> Document:
    return Document("sample", text, meta=ReleaseMeta(published=year))


def test_registry_names_the_extractors():
    extract_mentions(_doc())
    assert {"lexicon", "patterns", "metrics"} <= set(EXTRACTORS)


def test_unknown_extractor_is_an_error():
    with pytest.raises(ValueError, match="unknown extractor"):
        extract_mentions(_doc(), extractors=["nope"])


def test_selected_extractors_only():
    ms = extract_mentions(_doc(), extractors=["metrics"])
    assert ms and {m.type for m in ms} == {"metric"}
    assert {m.source for m in ms} == {"extractor:metrics"}


def test_every_mention_has_source_confidence_and_its_text():
    doc = _doc()
    ms = extract_mentions(doc)
    assert ms == sorted(ms, key=lambda m: (m.start, -m.end, m.type))
    for m in ms:
        assert doc.text[m.start : m.end] == m.text
        assert m.source.startswith("extractor:")
        assert Decimal(0) < m.confidence <= Decimal(1)
        assert m.type in MENTION_TYPES


def test_nesting_only_an_organisation_inside_a_project():
    ms = extract_mentions(_doc())
    project = next(m for m in ms if m.type == "project")
    assert project.text == "比亚迪江城基地二期项目"
    nested = [m for m in ms if m.nested_in is not None]
    assert [(m.text, m.type, m.nested_in) for m in nested] == [
        ("比亚迪", "enterprise", (project.start, project.end))
    ]
    # the city inside the project name is not annotated
    assert not any(
        m.type == "district_or_place" and project.start <= m.start < project.end for m in ms
    )


def test_metric_fields_and_comparison():
    ms = extract_mentions(_doc())
    (m,) = [m for m in ms if m.text == "超170家"]
    f = m.metric
    assert (f.value_normalized, f.unit, f.bound, f.period, f.kind) == (
        Decimal(170),
        "家",
        "lower",
        "2024",
        "value",
    )
    assert f.comparison is not None and f.comparison.text == "比上年增加21家"
    assert not any(x.text == "21家" for x in ms)  # a comparison is not a separate metric


def test_longest_span_wins_and_metrics_yield_to_entities():
    doc = Document("d", "甲乙丙丁")
    a = Mention("d", 0, 4, "甲乙丙丁", "project", source="extractor:x", confidence=Decimal("0.5"))
    b = Mention(
        "d", 0, 2, "甲乙", "district_or_place", source="extractor:x", confidence=Decimal("0.9")
    )
    c = Mention("d", 1, 3, "乙丙", "metric", source="extractor:x")
    assert [m.text for m in merge_mentions(doc, [a, b, c])] == ["甲乙丙丁"]


def test_gold_json_round_trip():
    doc = _doc()
    ms = extract_mentions(doc)
    obj = to_gold_json(doc, ms)
    assert obj["doc_id"] == "sample" and obj["text_length"] == len(doc.text)
    text = json.dumps(obj, ensure_ascii=False)
    back = from_gold_json(json.loads(text), "sample")
    assert [(m.start, m.end, m.type, m.nested_in) for m in back] == [
        (m.start, m.end, m.type, m.nested_in) for m in ms
    ]
    metric = next(m for m in obj["mentions"] if m["type"] == "metric")
    assert isinstance(metric["value_normalized"], int)
    for got, want in zip(back, ms, strict=True):
        if want.metric:
            assert got.metric.value_normalized == want.metric.value_normalized
            assert isinstance(got.metric.value_normalized, Decimal)


def test_from_gold_json_reads_floats_and_strings_as_canonical_decimals():
    obj = {"doc_id": "x", "mentions": [
        {"type": "metric", "text": "1.7万亿", "start": 0, "end": 5,
         "value_normalized": 1.7e12, "unit": "元"},
        {"type": "metric", "text": "31.8%", "start": 6, "end": 11,
         "value_normalized": "31.80", "unit": "%"},
    ]}  # fmt: skip
    a, b = from_gold_json(obj)
    assert str(a.metric.value_normalized) == "1700000000000"
    assert str(b.metric.value_normalized) == "31.8"


def test_release_year_from_metadata():
    assert release_year(_doc(year="2023-03-01")) == 2023
    assert release_year(Document("d", "")) is None


def test_traditional_and_full_width_text():
    doc = Document("d", "天津市工業和信息化局:全市規上工業增加值增長５.２％。")
    ms = extract_mentions(doc)
    assert ("天津市工業和信息化局", "government_body") in [(m.text, m.type) for m in ms]
    (metric,) = [m for m in ms if m.type == "metric"]
    assert metric.text == "５.２％" and metric.metric.value_normalized == Decimal("5.2")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzz_any_unicode(text):
    doc = Document("f", text)
    for m in extract_mentions(doc):
        assert text[m.start : m.end] == m.text
        if m.metric is not None and m.metric.value_normalized is not None:
            assert m.metric.value_normalized.is_finite()


_GENRE = st.lists(
    st.sampled_from(
        ["天津市", "市工信局", "局长", "王", "有限公司", "集团", "项目", "产业园", "集群", "行动",
         "“", "”", "《", "》", "、", ",", "。", "等", "12", "3.5", "%", "亿元", "万", "家", "第",
         "前", "三", "超", "近", "余", "以上", "比", "提升", "个百分点", "“十四五”", "时期", "今年",
         "前三季度", "累计", "力争", "到2025年", "(", ")", "\n", "来源:", "记者", "会议", "倍增"]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_GENRE)
def test_fuzz_genre_fragments(text):
    doc = Document("f", text, meta=ReleaseMeta(published="2025-01-01"))
    ms = extract_mentions(doc)
    for m in ms:
        assert text[m.start : m.end] == m.text
        if m.metric is not None:
            assert m.metric.value_normalized is None or m.metric.value_normalized.is_finite()
            assert str(m.metric.value_normalized or 0).count("E") == 0
            if m.metric.comparison:
                c = m.metric.comparison
                assert text[c.start : c.end] == c.text
    # overlaps only through nesting
    flat = [m for m in ms if m.nested_in is None]
    for a, b in itertools.pairwise(flat):
        assert a.end <= b.start or (a.type == b.type == "metric" and a.end <= b.start)


@pytest.mark.skipif(not (DEVSET / "gold").is_dir(), reason="shared devset not present")
def test_devset_scores_stay_above_the_measured_floor():
    from tjkg.evaluate import evaluate_dir

    s = evaluate_dir(DEVSET)
    # measured 0.990 lenient / 0.990 strict / 100 % value+unit / 95.7 % period when these
    # floors were set, 0.980 / 0.975 / 100 % / 95.7 % after the devset-only rules were removed
    # (issue 3 targets: 0.90 / 0.80 / 95 %); the margin leaves room for rules that generalise
    # better at a small cost on the devset
    assert s.overall("lenient").f1 >= 0.95
    assert s.overall("strict").f1 >= 0.93
    assert s.share("value_unit") >= 0.97
    assert s.share("period") >= 0.85


def test_review_lists_low_confidence_mentions():
    from tjkg.extract import review_mentions

    ms = extract_mentions(_doc())
    low = review_mentions(ms, threshold=Decimal("0.9"))
    assert low and all(m.confidence < Decimal("0.9") for m in low)
    assert review_mentions(ms, threshold=Decimal(0)) == []


SEED_TXT = Path(__file__).resolve().parents[2] / "data" / "releases" / "000_f2cf74afff9bdf34.txt"
SEED_GOLD = Path(__file__).resolve().parents[2] / "data" / "curated" / "000_f2cf74afff9bdf34.json"


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="curated seed annotation not present")
def test_seed_release_scores_stay_above_the_measured_floor():
    from tjkg.evaluate import read_document, score

    gold = from_gold_json(json.loads(SEED_GOLD.read_text(encoding="utf-8")), SEED_TXT.stem)
    s = score(gold, extract_mentions(read_document(SEED_TXT)))
    # measured 0.960 lenient / 0.927 strict when set; no rule was written for the seed alone
    assert s.overall("lenient").f1 >= 0.92
    assert s.overall("strict").f1 >= 0.88
    assert s.share("value_unit") >= 0.95


def _metrics(text: str, year: str = "2025-03-01") -> list[tuple[str, str | None, str | None]]:
    ms = extract_mentions(Document("m", text, meta=ReleaseMeta(published=year)))
    return [
        (m.text, m.metric.period, m.metric.comparison.text if m.metric.comparison else None)
        for m in ms
        if m.metric
    ]


def test_attributive_years_scope_one_value():
    got = _metrics("产值从2020年的1.2万亿增长到2024年的1.9万亿,占比达到30%。")
    assert got == [("1.2万亿", "2020", None), ("1.9万亿", "2024", None), ("30%", None, None)]


def test_comparisons_after_a_growth_subject():
    got = _metrics("今年1-2月,工业增加值增长6.1%,增速高于全国0.9个百分点。")
    assert got == [("6.1%", "2025年1—2月", "高于全国0.9个百分点")]


def test_cumulative_values_are_as_of_the_release_year():
    got = _metrics("五年来,累计培育小巨人企业120家,另有8家企业入选公示名单。")
    assert got[0] == ("120家", "截至2025", None)
    assert got[1][1] != "截至2025"


def test_up_down_counts():
    got = _metrics("30个行业“22升8降”。")
    assert [g[0] for g in got] == ["30个", "22", "8"]


@pytest.mark.parametrize(
    "module", ["__init__", "numbers", "text", "lexicon", "patterns", "metrics"]
)
def test_module_doctests(module):
    import doctest
    import importlib

    name = "tjkg.extract" if module == "__init__" else f"tjkg.extract.{module}"
    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_ontology_classes_for_groupings_and_designations():
    ms = extract_mentions(Document("c", "深耕汽车、石化等10条重点产业链,入选国家级智能工厂。"))
    got = {(m.text, m.cls) for m in ms if m.type in ("cluster_or_chain", "program_or_policy")}
    assert {("汽车", "IndustrialChain"), ("石化", "IndustrialChain")} <= got
    assert ("国家级智能工厂", "Designation") in got


def test_comparisons_carry_a_structured_change_through_json():
    doc = _doc()
    ms = extract_mentions(doc)
    (m,) = [m for m in ms if m.text == "超170家"]
    ch = m.metric.change
    assert (ch.value, ch.unit, ch.direction, ch.base_period) == (
        Decimal(21),
        "家",
        "increase",
        "2024",
    )
    back = from_gold_json(json.loads(json.dumps(to_gold_json(doc, ms), ensure_ascii=False)))
    (b,) = [x for x in back if x.text == "超170家"]
    assert b.metric.change == ch


def test_traditional_characters_are_read_like_simplified():
    doc = Document("d", "濱海新區經濟技術開發區管委會副主任陳國強表示,規上工業產值增長8.1%。")
    found = [(m.text, m.type) for m in extract_mentions(doc)]
    assert ("濱海新區經濟技術開發區管委會", "government_body") in found
    assert ("陳國強", "person") in found
    assert ("8.1%", "metric") in found


def test_whole_year_overrides_a_plan_period_named_before():
    got = _metrics("要紧扣“十五五”开局,全年力争新增省级智能工厂60家。")
    assert got == [("60家", "2025", None)]
