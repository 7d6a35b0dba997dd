"""Canonical decimals: the one place numbers get their written form.

>>> canonical_decimal("1.70E+12")
Decimal('1700000000000')
>>> decimal_lexical(canonical_decimal(31.80))
'31.8'
>>> decimal_lexical(canonical_decimal("-0.0"))
'0'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def canonical_decimal(value: object) -> Decimal:
    """``value`` (Decimal, int, str or float) as a finite Decimal without trailing zeros.

    Floats go through ``repr`` so 0.1 stays 0.1. Raises ValueError when not a finite number.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"not a number: {value!r}") from None
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if d == 0:
        return Decimal(0)
    d = d.normalize()
    exp = d.as_tuple().exponent
    assert isinstance(exp, int)
    return d.quantize(Decimal(1)) if exp > 0 else d


def decimal_lexical(value: Decimal) -> str:
    """The canonical xsd:decimal lexical form: no exponent, no trailing zeros or dot."""
    text = format(canonical_decimal(value), "f")
    return text
