"""The per-release cache and the parallel build give exactly the graph of a plain build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tjkg.cli import main
from tjkg.pipeline import BuildConfig, build

from .conftest import DATA

SEED = next((DATA / "releases").glob("*.txt"))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """18 releases (the seed text under 18 ids, one sentence changed in each)."""
    folder = tmp_path / "releases"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(18):
        (folder / f"r{i:02d}.txt").write_text(text.replace("2024", str(2000 + i), 1),
                                              encoding="utf-8")
    return folder


def _data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "vocab").mkdir(parents=True)
    shutil.copy(DATA / "vocab" / "units.json", data / "vocab" / "units.json")
    return data


def test_parallel_build_equals_serial(corpus: Path, tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    serial = build([corpus], config=BuildConfig(data_dir=data, workers=1))
    parallel = build([corpus], config=BuildConfig(data_dir=data, workers=2))
    assert list(parallel.triples) == list(serial.triples)
    for doc_id, triples in serial.triples.items():
        assert parallel.triples[doc_id] == triples  # same triples, same order
    assert parallel.annotations == serial.annotations


def test_cache_hits_misses_and_invalidation(corpus: Path, tmp_path: Path) -> None:
    data, cache = _data_dir(tmp_path), tmp_path / "cache"
    config = BuildConfig(data_dir=data, cache_dir=cache, workers=2)
    first = build([corpus], config=config)
    assert first.cached == 0 and len(list(cache.glob("*.pickle"))) == 18
    again = build([corpus], config=config)
    assert again.cached == 18
    assert again.merged() == first.merged() and again.annotations == first.annotations
    # one release changed: only it is rebuilt, and its old entry is replaced
    changed = corpus / "r05.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n新增一句。", encoding="utf-8")
    third = build([corpus], config=config)
    assert third.cached == 17 and len(list(cache.glob("r05.*.pickle"))) == 1
    assert third.triples["r05"] != first.triples["r05"]
    # a curated file for one release invalidates that release only
    (data / "curated").mkdir()
    (data / "curated" / "r06.json").write_text('{"doc_id": "r06", "mentions": []}',
                                               encoding="utf-8")
    assert build([corpus], config=config).cached == 17
    # the registry and the build options invalidate every release
    (data / "curated" / "entities.json").write_text('{"entities": []}', encoding="utf-8")
    assert build([corpus], config=config).cached == 0
    no_extract = BuildConfig(data_dir=data, cache_dir=cache, use_extractor=False)
    assert build([corpus], config=no_extract).cached == 0


def test_corrupt_or_unwritable_cache_is_a_miss(corpus: Path, tmp_path: Path) -> None:
    data, cache = _data_dir(tmp_path), tmp_path / "cache"
    config = BuildConfig(data_dir=data, cache_dir=cache, workers=1)
    first = build([corpus], config=config)
    for entry in cache.glob("r0*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = build([corpus], config=config)
    assert again.cached == 8 and again.merged() == first.merged()
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    config = BuildConfig(data_dir=data, cache_dir=blocked / "cache", workers=1)
    assert build([corpus], config=config).merged() == first.merged()


def test_cli_rebuild_from_cache_is_byte_identical(corpus: Path, tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    args = ["build", str(corpus), "--data-dir", str(data), "--no-view"]
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert (tmp_path / ".tjkg-cache").is_dir()
    second = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a2")])
    assert second.exit_code == 0 and "(18 from cache)" in second.output
    fresh = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--no-cache",
                                      "--jobs", "1"])
    assert fresh.exit_code == 0 and "from cache" not in fresh.output
    for name in ("tjkg.ttl", "tjkg.nq", "tjkg.trig", "tjkg.jsonld"):
        data_a2 = (tmp_path / "a2" / name).read_bytes()
        assert data_a2 == (tmp_path / "b" / name).read_bytes(), name
