"""Reading releases (plain text or saved HTML, any common Chinese encoding) into Documents.

A release is a file ``NAME.txt`` (or ``.html``/``.htm``) with an optional sidecar
``NAME.meta.json``; ``NAME`` is its ``doc_id``. Offsets everywhere in tjkg count characters
of :attr:`Document.text`: the decoded text, unaltered (a UTF-8 file is its own text; a BOM
is dropped; HTML is reduced to its visible text, which tjkg stores with the build).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path

from .errors import SourceError
from .models import Document, ReleaseMeta, Speaker

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
RELEASE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
MAX_BYTES = int(os.environ.get("TJKG_MAX_RELEASE_BYTES", 16 * 1024 * 1024))
"""Largest release file read (a release is typically under 100 kB; set
``TJKG_MAX_RELEASE_BYTES`` to raise it)."""
#: An absolute http(s) IRI: no whitespace, controls or characters IRIs forbid (RFC 3987).
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+", re.IGNORECASE)
_DOC_ID = re.compile(r"^[\w.\-]+$")


def decode_bytes(raw: bytes, *, path: str = "", encoding: str | None = None) -> tuple[str, str]:
    """Decode a release's bytes; return ``(text, encoding)``.

    Order: an explicit ``encoding``; a BOM (UTF-8, UTF-16); strict UTF-8; then the best of
    GB18030 and Big5 as judged by charset-normalizer. Binary data raises SourceError.

    >>> decode_bytes("天津".encode("gb18030"))
    ('天津', 'gb18030')
    """
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise SourceError(path, f"cannot decode as {encoding}: {exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(path, f"invalid UTF-16: {exc}") from None
    if b"\x00" in raw:
        raise SourceError(path, "binary file (NUL bytes), not a text or HTML release")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        raise SourceError(path, "not text in UTF-8, UTF-16, GB18030 or Big5")
    name = best.encoding.replace("_", "").lower()
    return str(best), "big5" if name.startswith("big5") else "gb18030"


class _TextOfHTML(HTMLParser):
    """Visible text of a saved page: no scripts, styles, comments, navigation or forms."""

    SKIP = frozenset(
        {
            "script",
            "style",
            "noscript",
            "template",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "select",
            "button",
            "svg",
            "iframe",
            "head",
        }
    )
    BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "blockquote",
            "pre",
            "dd",
            "dt",
            "hr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = a.get("name") or a.get("property")
            if key and a.get("content"):
                self.meta[key.lower()] = a["content"]
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page, one block per line, and its ``title``/meta fields."""
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v\u00a0\u3000]+", " ", ln).strip()
        for ln in "".join(parser.parts).split("\n")
    )
    text = "\n".join(ln for ln in lines if ln)
    meta = dict(parser.meta)
    title = "".join(parser.title).strip()
    if title:
        meta["title"] = title
    return text + "\n" if text else "", meta


def read_meta(path: Path) -> ReleaseMeta:
    """Read a sidecar ``NAME.meta.json`` (tjkg's format or the devset's)."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(str(path), f"unreadable metadata: {exc}") from None
    if not isinstance(obj, dict):
        raise SourceError(str(path), "metadata must be a JSON object")
    event = obj.get("event") or {}
    if not isinstance(event, dict):
        raise SourceError(str(path), "'event' must be an object")
    published = str(obj.get("published") or "")
    if not published and re.match(r"\d{4}-\d{2}-\d{2}", str(obj.get("date") or "")):
        published = str(obj["date"])[:10]
    speakers = []
    for sp in obj.get("speakers") or []:
        if not isinstance(sp, dict) or not sp.get("name"):
            raise SourceError(str(path), f"speaker without a name: {sp!r}")
        speakers.append(
            Speaker(str(sp["name"]), str(sp.get("role") or ""), str(sp.get("organization") or ""))
        )
    url = str(obj.get("url") or "").strip()
    if url and not _URL.fullmatch(url):
        raise SourceError(str(path), f"'url' is not an absolute http(s) IRI: {url[:80]!r}")
    known = {"title", "url", "publisher", "published", "event", "place", "speakers", "date"}
    extra = tuple(
        sorted(
            (k, str(v))
            for k, v in obj.items()
            if k not in known and isinstance(v, str | int | float)
        )
    )
    return ReleaseMeta(
        title=str(obj.get("title") or ""),
        url=url,
        publisher=str(obj.get("publisher") or ""),
        published=published,
        event_date=str(event.get("date") or ""),
        event_title=str(event.get("title") or ""),
        event_organizer=str(event.get("organizer") or ""),
        place=str(obj.get("place") or ""),
        speakers=tuple(speakers),
        extra=extra,
    )


def read_release(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one release file (and its sidecar metadata) into a Document."""
    path = Path(path)
    doc_id = path.stem
    if not _DOC_ID.match(doc_id):
        raise SourceError(str(path), "file name must be letters, digits, '.', '_' or '-'")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(str(path), f"file is {size} bytes, over the {max_bytes}-byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), exc.strerror or str(exc)) from None
    if not raw.strip():
        raise SourceError(str(path), "empty release")
    meta_path = path.with_name(doc_id + ".meta.json")
    meta = read_meta(meta_path) if meta_path.exists() else ReleaseMeta()
    enc_override = dict(meta.extra).get("encoding")
    text, encoding = decode_bytes(raw, path=str(path), encoding=enc_override)
    media_type = "text/plain"
    is_html = path.suffix.lower() in HTML_SUFFIXES or re.match(
        r"\s*(<!doctype html|<html)", text[:200], re.I
    )
    if is_html:
        text, html_meta = html_to_text(text)
        media_type = "text/html"
        if not meta.title and html_meta.get("title"):
            meta = ReleaseMeta(**{**meta.__dict__, "title": html_meta["title"]})
    if not text.strip():
        raise SourceError(str(path), "no text in release")
    bad = next((c for c in text if ord(c) < 32 and c not in "\n\r\t"), None)
    if bad is not None:
        raise SourceError(str(path), f"control character U+{ord(bad):04X}: binary, not text")
    return Document(
        doc_id=doc_id,
        text=text,
        path=str(path),
        media_type=media_type,
        encoding=encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        meta=meta,
    )


def find_releases(sources: Iterable[str | Path]) -> list[Path]:
    """Release files named by ``sources`` (files, or folders searched non-recursively).

    Raises SourceError for a missing path or two releases with one doc_id.
    """
    found: list[Path] = []
    for src in sources:
        p = Path(src)
        if p.is_dir():
            found.extend(
                sorted(
                    c for c in p.iterdir() if c.is_file() and c.suffix.lower() in RELEASE_SUFFIXES
                )
            )
        elif p.is_file():
            found.append(p)
        else:
            raise SourceError(str(p), "no such file or folder")
    seen: dict[str, Path] = {}
    for p in found:
        if p.stem in seen and seen[p.stem].resolve() != p.resolve():
            raise SourceError(str(p), f"duplicate release id {p.stem!r} (also {seen[p.stem]})")
        seen[p.stem] = p
    return sorted({p.stem: p for p in found}.values(), key=lambda p: p.stem)


def read_releases(sources: Sequence[str | Path]) -> list[Document]:
    """Read every release named by ``sources`` (see :func:`find_releases`)."""
    return [read_release(p) for p in find_releases(sources)]
