"""Every shipped competency query returns exactly the expected rows on the mini fixture.

Expected rows live beside the query name in ``cases/<query>.json``; they change only when
``TJKG_UPDATE_GOLDEN=1`` is set (then review the diff).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import UPDATE_GOLDEN
from tjkg.query import find_query, run_query, shipped_queries

CASES = Path(__file__).parent / "cases"


def test_at_least_eight_competency_queries() -> None:
    assert len(shipped_queries()) >= 8


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_query_rows(name: str, mini_build) -> None:
    result = run_query(mini_build.union(), find_query(name))
    actual = {"columns": list(result.columns), "rows": [list(r) for r in result.rows]}
    path = CASES / f"{name}.json"
    if UPDATE_GOLDEN or not path.exists():
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path.name} was missing; written, review it")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_query_has_a_question(name: str) -> None:
    first = find_query(name).splitlines()[0]
    assert first.startswith("# ") and first.rstrip().endswith("?")


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_query_answers_on_the_seed(name: str, seed_build) -> None:
    """On the seed every competency question has at least one answer."""
    assert run_query(seed_build.union(), find_query(name)).rows
