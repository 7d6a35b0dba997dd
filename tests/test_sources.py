"""Reading releases: encodings, HTML, metadata and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tjkg.errors import SourceError
from tjkg.sources import find_releases, read_release

TEXT = "市工业和信息化局局长介绍,全市规上工业总产值达到1.8万亿元。\n"
TRAD = "市工業和信息化局局長介紹,全市規上工業總產值達到1.8萬億元。\n"


@pytest.mark.parametrize(("encoding", "text", "expected_encoding"), [
    ("utf-8", TEXT, "utf-8"),
    ("utf-8-sig", TEXT, "utf-8-sig"),
    ("utf-16", TEXT, "utf-16"),
    ("gb18030", TEXT * 3, "gb18030"),
    ("gbk", TEXT * 3, "gb18030"),
    ("big5", TRAD * 3, "big5"),
])
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, text: str,
                                          expected_encoding: str) -> None:
    path = tmp_path / "r1.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_release(path)
    assert doc.text == text
    assert doc.encoding == expected_encoding
    assert doc.doc_id == "r1"


def test_html_page_keeps_visible_text_only(tmp_path: Path) -> None:
    html = ("<!DOCTYPE html><html><head><title>发布会</title><script>var x='<p>不要</p>';"
            "</script><style>p{}</style></head><body><nav>首页 | 新闻</nav><!-- 注释 -->"
            "<div class='c'><p>第一段&amp;内容</p><p>第二段</p></div>"
            "<footer>版权所有</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = read_release(path)
    assert doc.text == "第一段&内容\n第二段\n"
    assert doc.media_type == "text/html"
    assert doc.meta.title == "发布会"


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty release"),
    (b"  \n\t ", "empty release"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
])
def test_bad_files_name_the_file_and_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        read_release(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_metadata_sidecar(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "r.meta.json").write_text(json.dumps({
        "title": "标题", "publisher": "发布方", "published": "2025-01-02T10:00:00+08:00",
        "event": {"date": "2025-01-01", "organizer": "市政府新闻办"}, "place": "天津市",
        "speakers": [{"name": "王明", "role": "局长", "organization": "市工信局"}],
        "genre": "press"}, ensure_ascii=False), encoding="utf-8")
    meta = read_release(tmp_path / "r.txt").meta
    assert (meta.title, meta.event_date, meta.place) == ("标题", "2025-01-01", "天津市")
    assert meta.speakers[0].name == "王明" and ("genre", "press") in meta.extra


def test_devset_style_metadata_date(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "r.meta.json").write_text(
        '{"url": "http://example.org/a", "date": "2021-08-21 (held 2021-08-19)"}',
        encoding="utf-8")
    meta = read_release(tmp_path / "r.txt").meta
    assert meta.published == "2021-08-21" and meta.url == "http://example.org/a"


def test_broken_metadata_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "r.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match=r"r\.meta\.json: unreadable metadata"):
        read_release(tmp_path / "r.txt")


def test_duplicate_release_ids(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "r.html").write_text(f"<html><body><p>{TEXT}</p></body></html>",
                                     encoding="utf-8")
    with pytest.raises(SourceError, match="duplicate release id 'r'"):
        find_releases([tmp_path])


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        find_releases([tmp_path / "nope"])
