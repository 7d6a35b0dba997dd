"""Reference periods: a normalised period string as an interval with an IRI key.

>>> parse_period("2024")
Period(key='2024', label='2024', begin='2024-01-01', end='2024-12-31')
>>> parse_period("2025年前三季度")
Period(key='2025-Q1-Q3', label='2025年前三季度', begin='2025-01-01', end='2025-09-30')
>>> parse_period("“十四五”时期(2021—2025)").key
'2021-2025'
>>> parse_period("“十三五”末")
Period(key='2020', label='“十三五”末', begin='2020-01-01', end='2020-12-31')
>>> parse_period("截至2023").end
'2023-12-31'
>>> parse_period("连续三年")
Period(key='连续三年', label='连续三年', begin=None, end=None)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}


@dataclass(frozen=True)
class Period:
    key: str  # IRI key, e.g. 2024, 2021-2025, 2025-Q1-Q3
    label: str  # as normalised in the annotation
    begin: str | None  # ISO date
    end: str | None


def _cn_number(text: str) -> int | None:
    """一..九十九 as an int (enough for plan numbers and quarters)."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0))


def five_year_plan(n: int) -> tuple[int, int]:
    """Years of China's n-th Five-Year Plan (the 3rd began in 1966 after a 1963-65 gap).

    >>> five_year_plan(14)
    (2021, 2025)
    """
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


def _year(y: int) -> tuple[str, str]:
    return f"{y}-01-01", f"{y}-12-31"


def parse_period(text: str, *, release_year: int | None = None) -> Period:
    """Parse a normalised period string; unknown forms keep a label and no dates."""
    label = text.strip()
    t = re.sub(r"[“”\"'‘’\s]", "", label).replace("—", "-").replace("–", "-").replace("~", "-")
    t = t.replace("今年", f"{release_year}年" if release_year else "今年")
    plan = re.search(r"([一二三四五六七八九十]+)五(时期|期间|以来)?(末|初)?", t)
    m = re.fullmatch(r"(\d{4})年?", t)
    if m:
        y = int(m.group(1))
        return Period(str(y), label, *_year(y))
    m = re.fullmatch(r"(?:截至|截止|到)(\d{4})年?(?:底|末)?", t)
    if m:
        y = int(m.group(1))
        return Period(f"until-{y}", label, None, f"{y}-12-31")
    m = re.fullmatch(r"(\d{4})年?前([一二三四1-4])季度", t)
    if m:
        y, q = int(m.group(1)), _cn_number(m.group(2)) or 0
        if 1 <= q <= 4:
            return Period(f"{y}-Q1-Q{q}", label, f"{y}-01-01", f"{y}-{_QUARTER_END[q]}")
    m = re.fullmatch(r"(\d{4})年?(上|下)半年", t)
    if m:
        y = int(m.group(1))
        if m.group(2) == "上":
            return Period(f"{y}-H1", label, f"{y}-01-01", f"{y}-06-30")
        return Period(f"{y}-H2", label, f"{y}-07-01", f"{y}-12-31")
    m = re.fullmatch(r"(\d{4})年(\d{1,2})-(\d{1,2})月", t)
    if m:
        y, a, b = (int(g) for g in m.groups())
        if 1 <= a <= b <= 12:
            last = calendar.monthrange(y, b)[1]
            return Period(f"{y}-{a:02d}-{b:02d}", label, f"{y}-{a:02d}-01", f"{y}-{b:02d}-{last}")
    m = re.search(r"\((\d{4})-(\d{4})\)$", t) or re.fullmatch(r"(\d{4})年?-(\d{4})年?", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            return Period(f"{a}-{b}", label, f"{a}-01-01", f"{b}-12-31")
    if plan and (n := _cn_number(plan.group(1))) and 3 <= n <= 30:
        start, end = five_year_plan(n)
        if plan.group(3) == "末":
            return Period(str(end), label, *_year(end))
        if plan.group(3) == "初":
            return Period(str(start), label, *_year(start))
        return Period(f"{start}-{end}", label, f"{start}-01-01", f"{end}-12-31")
    return Period(label, label, None, None)
