"""Curated data is checked on load: each problem names the file and the entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI
from tjkg.errors import CuratedDataError
from tjkg.pipeline import BuildConfig, build


def _copy_mini(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "data")
    return tmp_path / "data"


def _edit(path: Path, fn) -> None:
    obj = json.loads(path.read_text(encoding="utf-8"))
    fn(obj)
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def _first(obj: dict, mtype: str) -> dict:
    return next(m for m in obj["mentions"] if m["type"] == mtype)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda o: _first(o, "enterprise").update(type="company"), "unknown type 'company'"),
    (lambda o: _first(o, "enterprise").update(start=5000, end=5004), "outside the text"),
    (lambda o: _first(o, "enterprise").update(text="中芯国祭"), "does not match the text"),
    (lambda o: _first(o, "metric").update(value_normalized="abc"), "value_normalized"),
    (lambda o: _first(o, "metric").update(bound="sometimes"), "bound 'sometimes'"),
    (lambda o: o["relations"].append({"subject": "中芯国际", "predicate": "owns",
                                      "object": "滨海新区", "evidence": [0, 5]}),
     "unknown predicate 'owns'"),
    (lambda o: o["relations"].append({"subject": "不存在的公司", "predicate": "builds",
                                      "object": "滨海新区", "evidence": [0, 5]}),
     "names no entity mentioned"),
    (lambda o: o.update(text_length=3), "text_length 3"),
])
def test_malformed_annotation(tmp_path: Path, edit, message: str) -> None:
    data = _copy_mini(tmp_path)
    path = data / "curated" / "mini_001.json"
    _edit(path, edit)
    with pytest.raises(CuratedDataError) as err:
        build(config=BuildConfig(data_dir=data, use_extractor=False))
    assert str(path) in str(err.value) and message in str(err.value)


def test_json_syntax_error(tmp_path: Path) -> None:
    data = _copy_mini(tmp_path)
    path = data / "curated" / "mini_001.json"
    path.write_text('{"mentions": [', encoding="utf-8")
    with pytest.raises(CuratedDataError, match="JSON syntax error"):
        build(config=BuildConfig(data_dir=data, use_extractor=False))


def test_registry_alias_clash(tmp_path: Path) -> None:
    data = _copy_mini(tmp_path)
    path = data / "curated" / "entities.json"
    _edit(path, lambda o: o["entities"].append(
        {"key": "中芯", "type": "enterprise", "aliases": ["中芯国际集成电路制造有限公司"]}))
    with pytest.raises(CuratedDataError, match="also names"):
        build(config=BuildConfig(data_dir=data, use_extractor=False))
