"""The Chinese number, unit, bound, rank and period normaliser."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from tjkg.extract import numbers
from tjkg.extract.numbers import (
    canonical_decimal,
    five_year_plan_years,
    normalize_period,
    parse_chinese_integer,
    parse_number,
    parse_quantity,
)


def test_doctests_pass():
    result = doctest.testmod(numbers)
    assert result.failed == 0 and result.attempted > 10


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", "42"),
        ("3.50", "3.5"),
        ("1,234,567", "1234567"),
        ("2.2万亿", "2200000000000"),
        ("641.2亿", "64120000000"),
        ("3万", "30000"),
        ("百亿", "10000000000"),
        ("千亿", "100000000000"),
        ("200亿亿", "2000000000000000000"),
        ("十二", "12"),
        ("两百", "200"),
        ("一千零八", "1008"),
        ("三千亿", "300000000000"),
        ("０.５", "0.5"),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)
    assert str(parse_number(text)) == value  # canonical: no exponent, no trailing zeros


@pytest.mark.parametrize("text", ["", "亿", "万", "abc", "1.2.3", "十四五规划"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def test_chinese_integers():
    assert parse_chinese_integer("九十九") == 99
    assert parse_chinese_integer("一万零一") == 10001
    assert parse_chinese_integer("三亿五千万") == 350000000
    assert parse_chinese_integer("二〇二五") == 2025


@pytest.mark.parametrize(
    ("text", "value", "unit", "implicit", "bound", "kind"),
    [
        ("超170家", "170", "家", False, "lower", "value"),
        ("超过300万只", "3000000", "只", False, "lower", "value"),
        ("逾50项", "50", "项", False, "lower", "value"),
        ("近80个", "80", "个", False, "approx", "value"),
        ("约2.5亿元", "250000000", "元", False, "approx", "value"),
        ("6000余家", "6000", "家", False, "lower", "value"),
        ("30多个", "30", "个", False, "lower", "value"),
        ("8%以上", "8", "%", False, "lower", "value"),
        ("12%左右", "12", "%", False, "approx", "value"),
        ("不少于40项", "40", "项", False, "lower", "value"),
        ("3.4万亿", "3400000000000", "元", True, "exact", "value"),
        ("1.5个百分点", "1.5", "个百分点", False, "exact", "value"),
        ("0.9百分点", "0.9", "个百分点", False, "exact", "value"),
        ("2.6倍", "2.6", "倍", False, "exact", "value"),
        ("倍增", "2", "倍", False, "exact", "value"),
        ("第5名", "5", "位次", False, "exact", "rank"),
        ("第二位", "2", "位次", False, "exact", "rank"),
        ("第一", "1", "位次", False, "exact", "rank"),
        ("前五", "5", "位次", False, "upper", "rank"),
        ("前10", "10", "位次", False, "upper", "rank"),
    ],
)
def test_parse_quantity(text, value, unit, implicit, bound, kind):
    q = parse_quantity(text)
    assert (q.value, q.unit, q.unit_implicit, q.bound, q.kind) == (
        Decimal(value), unit, implicit, bound, kind,
    )  # fmt: skip


def test_redacted_value_has_no_number():
    q = parse_quantity("*家")
    assert q.value is None and q.unit == "家"


@pytest.mark.parametrize(
    ("text", "year", "period"),
    [
        ("2023年", None, "2023"),
        ("今年", 2024, "2024"),
        ("去年", 2024, "2023"),
        ("上年", 2024, "2023"),
        ("今年前三季度", 2025, "2025年前三季度"),
        ("2024年上半年", None, "2024年上半年"),
        ("1-2月", 2024, "2024年1—2月"),
        ("1—5月", 2023, "2023年1—5月"),
        ("前5个月", 2023, "2023年1—5月"),
        ("2022年第一季度", None, "2022年第一季度"),
        ("“十四五”时期", None, "“十四五”时期(2021—2025)"),
        ("十四五期间", None, "“十四五”时期(2021—2025)"),
        ("“十三五”末", None, "“十三五”末(2020)"),
        ("“十四五”以来", None, "“十四五”以来"),
        ("“十五五”时期", None, "“十五五”时期(2026—2030)"),
        ("截至2023年底", None, "截至2023"),
        ("截至去年底", 2025, "截至2024"),
        ("连续三年", None, "连续三年"),
        ("连续15年", None, "连续15年"),
    ],
)
def test_normalize_period(text, year, period):
    assert normalize_period(text, year=year) == period


@pytest.mark.parametrize("text", ["明天", "今年", "五个方面", "十五"])
def test_normalize_period_unknown(text):
    assert normalize_period(text) is None


def test_five_year_plans():
    assert five_year_plan_years("十一五") == (2006, 2010)
    assert five_year_plan_years("十四五") == (2021, 2025)
    assert five_year_plan_years("十五五") == (2026, 2030)


def test_canonical_decimal():
    assert str(canonical_decimal(Decimal("2.20E+12"))) == "2200000000000"
    assert str(canonical_decimal(Decimal("-0.500"))) == "-0.5"
    with pytest.raises(ValueError):
        canonical_decimal(Decimal("NaN"))
