"""Integrity of the curated data: the seed's annotation, the entity registry, the units.

Plain ``json`` and the standard library only (no ``tjkg`` imports), so these checks hold
whatever state the package is in. Formats: ``docs/data-format.md``; annotation rules: the
devset guidelines (v1).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DOC_ID = "000_f2cf74afff9bdf34"
RELEASE = DATA / "releases" / f"{DOC_ID}.txt"
CURATED = DATA / "curated" / f"{DOC_ID}.json"
ENTITIES = DATA / "curated" / "entities.json"
UNITS = DATA / "vocab" / "units.json"

MENTION_TYPES = {
    "enterprise", "research_institute", "government_body", "person", "project",
    "industrial_park_or_zone", "cluster_or_chain", "district_or_place", "program_or_policy",
    "product_or_achievement", "metric",
}
ENTITY_TYPES = MENTION_TYPES - {"metric"}
NESTABLE_INNER = {"enterprise", "research_institute", "government_body",
                  "industrial_park_or_zone"}
NESTABLE_OUTER = {"project", "product_or_achievement", "program_or_policy"}
FINER_CLASSES = {
    "cluster_or_chain": {"IndustrialCluster", "IndustrialChain", "IndustryAlliance"},
    "program_or_policy": {"Policy", "Designation"},
}
RELATIONS = {"locatedIn", "builds", "operates", "investsIn", "memberOf", "partOf",
             "designatedUnder", "producedBy", "ledBy", "issuedBy", "jurisdiction",
             "subOrganizationOf"}
METRIC_FIELDS = ("indicator", "value", "value_normalized", "unit", "unit_implicit", "period",
                 "bound", "kind", "status", "redacted")
BOUNDS = {"exact", "lower", "upper", "approx"}
KINDS = {"value", "rank"}
STATUSES = {"actual", "target", "forecast"}
DIRECTIONS = {"increase", "decrease", "better", "worse", "ratio"}
# the qualifiers a metric span may carry (guidelines v1, "Metrics")
QUALIFIERS = ("超过", "不少于", "以上", "左右", "开外", "超", "逾", "近", "约", "余", "多")
CANONICAL_DECIMAL = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")
WRAPPERS = "“”\"'‘’《》「」"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _norm(name: str) -> str:
    """The normalisation of registry keys and aliases (NFKC, no whitespace, no wrapping
    quotes); mirrors docs/modelling.md "IRIs"."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    while len(text) >= 2 and text[0] in WRAPPERS and text[-1] in WRAPPERS:
        text = text[1:-1]
    return text


@pytest.fixture(scope="module")
def text() -> str:
    return RELEASE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def curated() -> dict:
    return _load(CURATED)


@pytest.fixture(scope="module")
def mentions(curated: dict) -> list[dict]:
    return curated["mentions"]


@pytest.fixture(scope="module")
def metrics(mentions: list[dict]) -> list[dict]:
    return [m for m in mentions if m["type"] == "metric"]


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    return _load(ENTITIES)["entities"]


@pytest.fixture(scope="module")
def units() -> list[dict]:
    return _load(UNITS)["units"]


# --------------------------------------------------------------------- the annotation
def test_header_matches_release(curated: dict, text: str) -> None:
    assert curated["doc_id"] == DOC_ID
    assert curated["text_length"] == len(text)


def test_counts_match_mentions(curated: dict, mentions: list[dict]) -> None:
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m["type"]] = counts.get(m["type"], 0) + 1
    assert curated.get("counts", counts) == counts


def test_notes_are_strings(curated: dict) -> None:
    assert curated["notes"] and all(isinstance(n, str) and n for n in curated["notes"])


def test_every_mention_quotes_the_text(mentions: list[dict], text: str) -> None:
    for m in mentions:
        assert isinstance(m["start"], int) and isinstance(m["end"], int), m
        assert 0 <= m["start"] < m["end"] <= len(text), m
        assert text[m["start"]:m["end"]] == m["text"], m


def test_mentions_sorted_by_start_then_longest(mentions: list[dict]) -> None:
    keys = [(m["start"], -m["end"]) for m in mentions]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys), "two mentions share one span"


def test_types_are_the_eleven(mentions: list[dict]) -> None:
    assert {m["type"] for m in mentions} <= MENTION_TYPES


def test_no_wrapping_quotes_or_book_brackets(mentions: list[dict]) -> None:
    for m in mentions:
        assert not (m["text"][0] in "“《" and m["text"][-1] in "”》"), m
        assert m["text"] == m["text"].strip(), m


def test_overlaps_only_through_nested_in(mentions: list[dict]) -> None:
    spans = {(m["start"], m["end"]): m for m in mentions}
    for m in mentions:
        if "nested_in" not in m:
            continue
        outer = spans.get(tuple(m["nested_in"]))
        assert outer is not None, f"nested_in of {m} names no mention"
        assert outer["start"] <= m["start"] and m["end"] <= outer["end"], m
        assert (outer["start"], outer["end"]) != (m["start"], m["end"]), m
        assert "nested_in" not in outer, "nesting is one level deep"
        assert m["type"] in NESTABLE_INNER, m
        assert outer["type"] in NESTABLE_OUTER, (m, outer)
    for i, a in enumerate(mentions):
        for b in mentions[i + 1:]:
            if b["start"] >= a["end"]:
                break
            linked = (b.get("nested_in") == [a["start"], a["end"]]
                      or a.get("nested_in") == [b["start"], b["end"]])
            assert linked, f"{a['text']}@{a['start']} overlaps {b['text']}@{b['start']}"


def test_finer_classes_fit_the_type(mentions: list[dict]) -> None:
    for m in mentions:
        if m.get("cls"):
            assert m["cls"] in FINER_CLASSES.get(m["type"], set()), m


def test_persons_carry_a_role_consistently(mentions: list[dict]) -> None:
    roles: dict[str, set[str]] = {}
    for m in mentions:
        if m["type"] == "person":
            assert m.get("role"), m
            roles.setdefault(m["text"], set()).add(m["role"])
    assert all(len(r) == 1 for r in roles.values()), roles


def test_only_persons_carry_roles(mentions: list[dict]) -> None:
    assert all(m["type"] == "person" for m in mentions if "role" in m)


# --------------------------------------------------------------------- metrics
def test_metric_fields_present(metrics: list[dict]) -> None:
    for m in metrics:
        missing = [f for f in METRIC_FIELDS if f not in m]
        assert not missing, (m["text"], missing)
        assert m["value"] == m["text"], m
        assert isinstance(m["indicator"], str) and m["indicator"], m
        assert isinstance(m["unit"], str) and m["unit"], m
        assert isinstance(m["unit_implicit"], bool) and isinstance(m["redacted"], bool), m
        assert m["bound"] in BOUNDS and m["kind"] in KINDS and m["status"] in STATUSES, m
        assert m["period"] is None or (isinstance(m["period"], str) and m["period"]), m


def test_metric_values_are_canonical_decimal_strings(metrics: list[dict]) -> None:
    for m in metrics:
        v = m["value_normalized"]
        if m["redacted"]:
            assert v is None, m
            continue
        assert isinstance(v, str) and CANONICAL_DECIMAL.fullmatch(v), m
        assert v != "-0", m


def test_ranks_use_the_rank_unit(metrics: list[dict]) -> None:
    for m in metrics:
        assert (m["kind"] == "rank") == (m["unit"] == "位次"), m


def test_metric_qualifiers_match_bound(metrics: list[dict]) -> None:
    lower = ("超过", "不少于", "以上", "开外", "超", "逾", "余", "多")
    approx = ("近", "约", "左右")
    for m in metrics:
        t = m["text"]
        has = [q for q in QUALIFIERS if q in t]
        if any(q in has for q in lower):
            assert m["bound"] == "lower", m
        elif any(q in has for q in approx):
            assert m["bound"] == "approx", m


def test_metric_written_digits_match_normalised_value(metrics: list[dict]) -> None:
    """The Arabic digits written in a span are the leading digits of its value."""
    for m in metrics:
        digits = re.sub(r"[^0-9.]", "", m["text"])
        if not digits or m["redacted"]:
            continue
        written = digits.replace(".", "").lstrip("0")
        normal = m["value_normalized"].replace(".", "").lstrip("0")
        assert normal.startswith(written.rstrip("0")), m


def test_comparisons_quote_the_text(metrics: list[dict], text: str) -> None:
    for m in metrics:
        c = m.get("comparison")
        if not c:
            continue
        assert text[c["start"]:c["end"]] == c["text"], c
        assert c["start"] >= m["end"], "a comparison follows the value it qualifies"
        assert c["direction"] in DIRECTIONS, c
        assert isinstance(c["value"], str) and CANONICAL_DECIMAL.fullmatch(c["value"]), c
        assert c["value"] in c["text"].replace(",", ""), c


def test_comparisons_are_not_mentions(metrics: list[dict], mentions: list[dict]) -> None:
    for m in metrics:
        c = m.get("comparison")
        if c:
            assert not any(c["start"] <= x["start"] and x["end"] <= c["end"] for x in mentions)


def test_every_unit_is_in_the_vocabulary(metrics: list[dict], units: list[dict]) -> None:
    names = {u["zh"] for u in units} | {a for u in units for a in u.get("aliases", [])}
    for m in metrics:
        assert m["unit"] in names, m["unit"]
        c = m.get("comparison")
        if c and c.get("unit"):
            assert c["unit"] in names, c["unit"]


# --------------------------------------------------------------------- relations
def _known_names(mentions: list[dict], registry: list[dict]) -> set[str]:
    names: set[str] = set()
    for m in mentions:
        if m["type"] != "metric":
            names.add(_norm(m["text"]))
            if m.get("entity"):
                names.add(_norm(m["entity"]))
    for e in registry:
        names.add(_norm(e["key"]))
        names.add(_norm(e.get("label_zh") or e["key"]))
        names.update(_norm(a) for a in e.get("aliases", []))
        names.update(_norm(a) for a in e.get("context_aliases", []))
    return names


def test_relations_well_formed(curated: dict, text: str) -> None:
    for r in curated["relations"]:
        assert r["predicate"] in RELATIONS, r
        s, e = r["evidence"]
        assert isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text), r
        assert r["subject"] != r["object"], r


def test_relation_ends_resolve(curated: dict, mentions: list[dict],
                               registry: list[dict]) -> None:
    names = _known_names(mentions, registry)
    for r in curated["relations"]:
        assert _norm(r["subject"]) in names, r
        assert _norm(r["object"]) in names, r


def test_relation_ends_are_mentioned(curated: dict, mentions: list[dict],
                                     registry: list[dict]) -> None:
    """tjkg's resolver links relation ends to entities *of the release*: every end must be
    a mention's text or curated entity, or a registry name of one."""
    mentioned = {_norm(m.get("entity") or m["text"]) for m in mentions if m["type"] != "metric"}
    mentioned |= {_norm(m["text"]) for m in mentions if m["type"] != "metric"}
    for e in registry:
        names = {_norm(e["key"]), *(_norm(a) for a in e.get("aliases", []))}
        if names & mentioned:
            mentioned |= names
    for r in curated["relations"]:
        assert _norm(r["subject"]) in mentioned, r
        assert _norm(r["object"]) in mentioned, r


def test_no_duplicate_relations(curated: dict) -> None:
    triples = [(r["subject"], r["predicate"], r["object"]) for r in curated["relations"]]
    assert len(triples) == len(set(triples))


def test_metric_area_and_about_resolve(metrics: list[dict], mentions: list[dict],
                                       registry: list[dict]) -> None:
    names = _known_names(mentions, registry)
    for m in metrics:
        for f in ("area", "about"):
            if m.get(f):
                assert _norm(m[f]) in names, (m["text"], f, m[f])


def test_mention_entities_resolve(mentions: list[dict], registry: list[dict]) -> None:
    """A curated ``entity`` is a registry key or alias (or another mention's text)."""
    names = _known_names([dict(m, entity=None) for m in mentions], registry)
    for m in mentions:
        if m.get("entity"):
            assert _norm(m["entity"]) in names, m


# --------------------------------------------------------------------- the registry
def test_registry_entries_well_formed(registry: list[dict]) -> None:
    for e in registry:
        assert e["key"] and e["type"] in ENTITY_TYPES, e
        assert e.get("label_zh"), e
        if e.get("cls"):
            assert e["cls"] in FINER_CLASSES.get(e["type"], set()), e
        if e.get("context_aliases"):
            assert e.get("place"), e
        if "code" in e:
            assert e["type"] == "district_or_place" and re.fullmatch(r"\d{6}", e["code"]), e
        if e.get("label_en"):
            assert e["label_en"].isascii(), e


def test_registry_keys_unique(registry: list[dict]) -> None:
    keys = [(_norm(e["key"]), e["type"]) for e in registry]
    assert len(keys) == len(set(keys))


def test_registry_aliases_not_shared(registry: list[dict]) -> None:
    owner: dict[tuple[str, str], str] = {}
    for e in registry:
        for name in {e["key"], e.get("label_zh") or e["key"], *e.get("aliases", [])}:
            k = (e["type"], _norm(name))
            assert owner.setdefault(k, e["key"]) == e["key"], (name, owner[k], e["key"])
    ctx: dict[tuple[str, str, str], str] = {}
    for e in registry:
        for name in e.get("context_aliases", []):
            k = (_norm(e["place"]), e["type"], _norm(name))
            assert ctx.setdefault(k, e["key"]) == e["key"], (name, ctx[k], e["key"])


def test_registry_parents_and_places_exist(registry: list[dict]) -> None:
    keys = {_norm(e["key"]) for e in registry}
    for e in registry:
        for f in ("parent", "place"):
            if e.get(f):
                assert _norm(e[f]) in keys, (e["key"], f, e[f])
                assert _norm(e[f]) != _norm(e["key"]), e


def test_registry_place_codes_unique(registry: list[dict]) -> None:
    codes = [e["code"] for e in registry if e.get("code")]
    assert len(codes) == len(set(codes))


# --------------------------------------------------------------------- the units
def test_units_well_formed(units: list[dict]) -> None:
    keys = [u["key"] for u in units]
    assert len(keys) == len(set(keys))
    names: dict[str, str] = {}
    for u in units:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", u["key"]), u
        assert u["zh"] and u["en"] and u["en"].isascii(), u
        if u.get("qudt"):
            assert u["qudt"].startswith("http://qudt.org/vocab/unit/"), u
        for name in (u["zh"], *u.get("aliases", [])):
            assert names.setdefault(name, u["key"]) == u["key"], (name, u["key"])


def test_core_units_present(units: list[dict]) -> None:
    by_key = {u["key"]: u for u in units}
    assert by_key["yuan"]["zh"] == "元"
    assert by_key["yuan"]["qudt"] == "http://qudt.org/vocab/unit/CCY_CNY"
    assert by_key["percent"]["qudt"] == "http://qudt.org/vocab/unit/PERCENT"
    assert by_key["percentage-point"]["zh"] == "个百分点"
