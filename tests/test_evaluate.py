"""Scoring gold against predicted mentions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tjkg.evaluate import Counts, evaluate_dir, evaluate_files, format_scores, score
from tjkg.extract import to_gold_json
from tjkg.models import Document, Mention, MetricFields


def _m(s, e, t, text="", **kw):
    return Mention("d", s, e, text or "x" * (e - s), t, **kw)


def _metric(s, e, value, unit, period=None):
    f = MetricFields(
        indicator="", value="", value_normalized=Decimal(value), unit=unit, period=period
    )
    return _m(s, e, "metric", metric=f)


def test_counts():
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_strict_and_lenient():
    gold = [_m(0, 4, "enterprise"), _m(10, 14, "project"), _m(20, 22, "district_or_place")]
    pred = [_m(0, 4, "enterprise"), _m(11, 14, "project"), _m(20, 22, "enterprise")]
    s = score(gold, pred)
    assert (s.overall("strict").tp, s.overall("strict").fp, s.overall("strict").fn) == (1, 2, 2)
    assert (s.overall("lenient").tp, s.overall("lenient").fp, s.overall("lenient").fn) == (2, 1, 1)
    assert s.lenient["project"].tp == 1 and s.strict["project"].fp == 1


def test_lenient_matching_is_one_to_one():
    gold = [_m(0, 10, "project")]
    pred = [_m(0, 4, "project"), _m(5, 10, "project")]
    s = score(gold, pred)
    assert (s.lenient["project"].tp, s.lenient["project"].fp) == (1, 1)


def test_nested_mentions_are_scored():
    gold = [_m(0, 10, "project"), _m(0, 3, "enterprise", nested_in=(0, 10))]
    pred = [_m(0, 10, "project")]
    s = score(gold, pred)
    assert s.strict["enterprise"].fn == 1 and s.strict["project"].tp == 1


def test_metric_fields_shares():
    gold = [_metric(0, 3, "7", "家", "2024"), _metric(5, 9, "31.8", "%")]
    pred = [_metric(0, 3, "7", "家", "2023"), _metric(5, 9, "31.8", "个")]
    s = score(gold, pred)
    assert s.metric_matched == 2
    assert (s.share("value"), s.share("unit"), s.share("value_unit"), s.share("period")) == (
        1.0,
        0.5,
        0.5,
        0.5,
    )


def _write_set(tmp_path, text, gold_mentions):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "docs" / "a.meta.json").write_text(
        json.dumps({"date": "2024-03-01"}), encoding="utf-8"
    )
    doc = Document("a", text)
    (tmp_path / "gold" / "a.json").write_text(
        json.dumps(to_gold_json(doc, gold_mentions), ensure_ascii=False), encoding="utf-8"
    )


def test_evaluate_dir_runs_the_extractor(tmp_path):
    text = "市工信局发布通知,今年新增企业12家。"
    at = text.index("12家")
    fields = MetricFields(
        indicator="新增企业数", value="12家", value_normalized=Decimal(12), unit="家", period="2024"
    )
    gold = [
        Mention("a", 0, 4, "市工信局", "government_body"),
        Mention("a", at, at + 3, "12家", "metric", metric=fields),
    ]
    _write_set(tmp_path, text, gold)
    s = evaluate_dir(tmp_path)
    assert s.docs == 1 and s.overall("strict").f1 == 1.0
    assert s.share("period") == 1.0
    out = format_scores(s)
    assert "government_body" in out and "overall" in out and "value+unit right 100.0%" in out
    # a custom extractor
    s2 = evaluate_dir(tmp_path / "gold", extract=lambda doc: [])
    assert s2.overall("lenient").recall == 0.0


def test_evaluate_files(tmp_path):
    doc = Document("a", "天津市")
    gold = tmp_path / "g.json"
    pred = tmp_path / "p.json"
    gold.write_text(
        json.dumps(to_gold_json(doc, [Mention("a", 0, 3, "天津市", "district_or_place")]))
    )
    pred.write_text(
        json.dumps(to_gold_json(doc, [Mention("a", 0, 2, "天津", "district_or_place")]))
    )
    s = evaluate_files(gold, pred)
    assert s.overall("strict").f1 == 0.0 and s.overall("lenient").f1 == 1.0
