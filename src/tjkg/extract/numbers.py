"""Chinese numbers, units, bounds, ranks and periods, normalised.

Pure functions; values are :class:`decimal.Decimal` in canonical form (no exponent, no
trailing zeros), so that ``str(value)`` is the ``xsd:decimal`` lexical form.

>>> parse_number("1.7万亿")
Decimal('1700000000000')
>>> parse_number("百亿")
Decimal('10000000000')
>>> parse_number("一百二十")
Decimal('120')
>>> parse_quantity("超170家")
Quantity(value=Decimal('170'), unit='家', unit_implicit=False, bound='lower', kind='value')
>>> normalize_period("“十四五”时期")
'“十四五”时期(2021—2025)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "MAGNITUDES",
    "Quantity",
    "canonical_decimal",
    "five_year_plan_years",
    "normalize_period",
    "parse_chinese_integer",
    "parse_number",
    "parse_quantity",
    "to_halfwidth",
]

#: Magnitude words and their multipliers (longest first when matching).
MAGNITUDES: dict[str, int] = {
    "亿亿": 10**16,
    "万亿": 10**12,
    "千亿": 10**11,
    "百亿": 10**10,
    "十亿": 10**9,
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "万": 10**4,
}

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7,
    "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG)

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII forms to ASCII, one character for one (offsets are kept).

    >>> to_halfwidth("１２．５％")
    '12.5%'
    """
    return text.translate(_FULLWIDTH)


def canonical_decimal(value: Decimal | int | str) -> Decimal:
    """The canonical form of a decimal: no exponent, no trailing zeros.

    >>> canonical_decimal(Decimal("1.7E+12"))
    Decimal('1700000000000')
    >>> canonical_decimal(Decimal("31.80"))
    Decimal('31.8')
    >>> canonical_decimal("0.0")
    Decimal('0')
    """
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def parse_chinese_integer(text: str) -> int | None:
    """Read an integer written in Chinese numerals, or ``None``.

    >>> parse_chinese_integer("二十三")
    23
    >>> parse_chinese_integer("十")
    10
    >>> parse_chinese_integer("一千零五")
    1005
    >>> parse_chinese_integer("三万五千")
    35000
    >>> parse_chinese_integer("二〇二四")
    2024
    >>> parse_chinese_integer("abc") is None
    True
    """
    if not text or any(c not in CN_NUMERAL_CHARS for c in text):
        return None
    if all(c in _CN_DIGITS for c in text) and len(text) > 1:  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total = 0
    section = 0
    number = 0
    seen = False
    for c in text:
        if c in _CN_DIGITS:
            number = _CN_DIGITS[c]
            seen = True
        elif c in _CN_UNITS:
            section += (number if seen else 1) * _CN_UNITS[c]
            number = 0
            seen = False
        else:  # 万 / 亿
            section += number
            if section == 0:
                section = 1
            total = (
                (total + section) * _CN_BIG[c]
                if _CN_BIG[c] > 10**4
                else total + section * _CN_BIG[c]
            )
            section = 0
            number = 0
            seen = False
    return total + section + number


_ARABIC_RE = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+)")


def parse_number(text: str) -> Decimal | None:
    """Read a number with an optional magnitude word (万, 亿, 万亿, 亿亿, 百亿, ...).

    Arabic and Chinese numerals are accepted; anything left over returns ``None``.

    >>> parse_number("641.2亿")
    Decimal('64120000000')
    >>> parse_number("1,009")
    Decimal('1009')
    >>> parse_number("三")
    Decimal('3')
    >>> parse_number("2.5万")
    Decimal('25000')
    >>> parse_number("两千亿")
    Decimal('200000000000')
    >>> parse_number("万") is None
    True
    """
    s = to_halfwidth(text.strip())
    if not s:
        return None
    mult = 1
    for word in sorted(MAGNITUDES, key=len, reverse=True):
        if s.endswith(word) and len(s) > len(word):
            head = s[: -len(word)]
            if word in ("千亿", "百亿", "十亿", "千万", "百万", "十万") and not head[-1:].isdigit():
                continue  # 两千亿: read the Chinese numeral with 亿 below
            mult = MAGNITUDES[word]
            s = head
            break
    if s in ("百", "千", "十") and mult > 1:  # 百亿 = 一百亿
        s = "一" + s
    m = _ARABIC_RE.match(s)
    if m and m.end() == len(s):
        try:
            value = Decimal(s.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only numbers
            return None
    else:
        if not s or all(c in _CN_BIG for c in s):
            return None
        n = parse_chinese_integer(s)
        if n is None:
            return None
        value = Decimal(n)
    return canonical_decimal(value * mult)


@dataclass(frozen=True)
class Quantity:
    """A number as a metric reads it."""

    value: Decimal | None
    unit: str
    unit_implicit: bool = False
    bound: str = "exact"
    kind: str = "value"


_LOWER_PREFIX = ("超过", "超", "逾", "不少于", "不低于", "突破", "高于")
_APPROX_PREFIX = ("近", "约", "接近", "将近", "大约")
_LOWER_SUFFIX = ("以上", "开外", "余", "多")
_APPROX_SUFFIX = ("左右",)
_UPPER_SUFFIX = ("以下", "以内", "以下")

_NUM_CORE = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"(?P<mag>亿亿|万亿|千亿|百亿|十亿|亿|千万|百万|十万|万)?"
    r"(?P<approx>余|多)?"
)


def parse_quantity(text: str, *, money_default: bool = True) -> Quantity:
    """Read a metric's written value: qualifier, number, magnitude, unit, rank.

    >>> parse_quantity("4900余家")
    Quantity(value=Decimal('4900'), unit='家', unit_implicit=False, bound='lower', kind='value')
    >>> parse_quantity("1.7万亿").unit, parse_quantity("1.7万亿").unit_implicit
    ('元', True)
    >>> parse_quantity("第3名")
    Quantity(value=Decimal('3'), unit='位次', unit_implicit=False, bound='exact', kind='rank')
    >>> parse_quantity("前三").bound
    'upper'
    >>> parse_quantity("倍增").value
    Decimal('2')
    >>> parse_quantity("2.1个百分点").unit
    '个百分点'
    >>> parse_quantity("*项").value is None
    True
    >>> parse_quantity("500余万元")
    Quantity(value=Decimal('5000000'), unit='元', unit_implicit=False, bound='lower', kind='value')
    """
    s = to_halfwidth(text.strip())
    bound = "exact"
    folded = re.sub(r"(\d)(?:余|多)(亿亿|万亿|亿|万|千)", r"\1\2", s)  # 500余万元 = 500万元, lower
    if folded != s:
        s, bound = folded, "lower"
    for p in _LOWER_PREFIX:
        if s.startswith(p) and len(s) > len(p):
            s, bound = s[len(p) :], "lower"
            break
    else:
        for p in _APPROX_PREFIX:
            if s.startswith(p) and len(s) > len(p):
                s, bound = s[len(p) :], "approx"
                break
    for suf in _LOWER_SUFFIX:
        if s.endswith(suf) and len(s) > len(suf):
            s, bound = s[: -len(suf)], "lower"
            break
    else:
        for suf in _APPROX_SUFFIX:
            if s.endswith(suf):
                s, bound = s[: -len(suf)], "approx"
        for suf in _UPPER_SUFFIX:
            if s.endswith(suf):
                s, bound = s[: -len(suf)], "upper"
    if s == "倍增":
        return Quantity(Decimal(2), "倍", False, bound, "value")
    if s.startswith("*") or s.startswith("＊"):
        return Quantity(None, s.lstrip("*＊") or "", False, bound, "value")
    # ranks
    if s.startswith("第") or s.startswith("前"):
        rank = re.match(r"^(第|前)(\d+|[零〇一二两三四五六七八九十百]+)(名|位|强)?", s)
        if rank:
            n = parse_number(rank.group(2))
            if rank.group(1) == "前":
                bound = "upper"
            return Quantity(n, "位次", False, bound, "rank")
    m = _NUM_CORE.match(s)
    if not m:
        return Quantity(None, s, False, bound, "value")
    number = m.group("num") + (m.group("mag") or "")
    value = parse_number(number)
    if m.group("approx"):
        bound = "lower"
    unit = s[m.end() :]
    implicit = False
    if not unit:
        if m.group("mag") and money_default:
            unit, implicit = "元", True
        else:
            unit, implicit = "个", True
    elif unit == "百分点":
        unit = "个百分点"
    elif unit[0] in "亿万" and unit[1:]:
        unit = unit[1:]
    return Quantity(value, unit, implicit, bound, "value")


# ---------------------------------------------------------------------------------- periods

_FYP_RE = re.compile(r"[“\"‘']?(十[一二三四五六七八九]?五)[”\"’']?")


def five_year_plan_years(name: str) -> tuple[int, int] | None:
    """The years of a five-year plan named in Chinese (``十四五`` → 2021–2025).

    >>> five_year_plan_years("十三五")
    (2016, 2020)
    >>> five_year_plan_years("十五") is None
    True
    """
    m = re.fullmatch(r"十([一二三四五六七八九])五", name)
    if not m:
        return None
    n = 10 + "一二三四五六七八九".index(m.group(1)) + 1
    start = 1966 + 5 * (n - 3)  # the 3rd plan began in 1966, after three adjustment years
    return start, start + 4


def _cn_or_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return parse_chinese_integer(s)


_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def normalize_period(text: str, *, year: int | None = None) -> str | None:
    """Normalise a period expression; ``year`` is the release year for 今年/去年.

    >>> normalize_period("2024年")
    '2024'
    >>> normalize_period("今年前三季度", year=2025)
    '2025年前三季度'
    >>> normalize_period("1-2月", year=2024)
    '2024年1—2月'
    >>> normalize_period("“十三五”末")
    '“十三五”末(2020)'
    >>> normalize_period("截至2023年底")
    '截至2023'
    >>> normalize_period("连续三年")
    '连续三年'
    >>> normalize_period("“十四五”以来")
    '“十四五”以来'
    >>> normalize_period("去年", year=2024)
    '2023'
    >>> normalize_period("明天") is None
    True
    """
    s = to_halfwidth(text.strip())
    m = re.fullmatch(r"[“\"‘']?(十[一二三四五六七八九]五)[”\"’']?(时期|期间|期|末|以来|初)?", s)
    if m:
        years = five_year_plan_years(m.group(1))
        if years is None:
            return None
        q = f"“{m.group(1)}”"
        suffix = m.group(2) or "时期"
        if suffix in ("时期", "期间", "期"):
            return f"{q}时期({years[0]}—{years[1]})"
        if suffix == "末":
            return f"{q}末({years[1]})"
        if suffix == "初":
            return f"{q}初({years[0]})"
        return f"{q}以来"
    m = re.fullmatch(r"连续([零〇一二两三四五六七八九十\d]+)年", s)
    if m:
        return f"连续{m.group(1)}年"
    m = re.fullmatch(
        r"(?:截至|截止|截止到|到)(今年|去年|\d{4}年?)(?:年?底|年末)?(?:(\d{1,2})月(?:底|末)?)?", s
    )
    if m and s.startswith(("截至", "截止")):
        y = _year_of(m.group(1), year)
        if y is None:
            return None
        return f"截至{y}" + (f"年{m.group(2)}月" if m.group(2) else "")
    m = re.fullmatch(
        r"(今年|去年|上年|前年|明年|\d{4}年)?"
        r"(?:(前|1-|1—|1－|一至)?第?([一二三四1-4])季度|上半年|下半年|全年|年|"
        r"(\d{1,2})(?:-|—|－|~|至)(\d{1,2})月|前(\d{1,2}|[一二三四五六七八九十]+)个月|(\d{1,2})月)?"
        r"(?:以来|底|末|初)?",
        s,
    )
    if m and s:
        y = _year_of(m.group(1), year) if m.group(1) else year
        if y is None:
            return None
        rest = s[len(m.group(1) or "") :]
        rest = re.sub(r"(以来|底|末|初)$", "", rest)
        if not rest or rest == "年":
            if not m.group(1):
                return None
            return f"{y}"
        if m.group(3):
            q = _QUARTERS[m.group(3)]
            if m.group(2):
                return f"{y}年前{'一二三四'[q - 1]}季度"
            return f"{y}年第{'一二三四'[q - 1]}季度"
        if m.group(4):
            return f"{y}年{int(m.group(4))}—{int(m.group(5))}月"
        if m.group(6):
            n = _cn_or_int(m.group(6))
            return f"{y}年1—{n}月" if n else None
        if m.group(7):
            return f"{y}年{int(m.group(7))}月"
        return f"{y}年{rest}"
    return None


def _year_of(word: str, year: int | None) -> int | None:
    word = word.rstrip("年")
    if word.isdigit():
        return int(word)
    if year is None:
        return None
    return {"今": year, "去": year - 1, "上": year - 1, "前": year - 2, "明": year + 1}.get(word[0])
