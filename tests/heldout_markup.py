"""Held-out fixture: inline-annotated releases (``tests/fixtures/heldout/markup/*.ann``)
converted to the devset layout (``docs/NAME.txt``, ``docs/NAME.meta.json``, ``gold/NAME.json``).

Markup: ``[text]{type|key=value|...}``, nestable (``[[中芯]{ent}二期项目]{proj}``). The first
line is ``%% {json meta}``. Types may be abbreviated (:data:`TYPES`). Keys: ``role`` (person);
for metrics ``ind`` indicator, ``v`` value_normalized (``null`` for redactions), ``u`` unit,
``imp=1`` unit implicit, ``p`` period, ``b`` bound, ``k`` kind, ``s`` status, ``red=1``, and
``cmp`` the comparison text, located after the value. Offsets are computed, never counted.

    PYTHONPATH=src python -m tests.heldout_markup          # rewrite docs/ and gold/
    PYTHONPATH=src python -m tests.heldout_markup --check  # exit 1 if they are stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"

TYPES = {
    "ent": "enterprise",
    "inst": "research_institute",
    "gov": "government_body",
    "per": "person",
    "proj": "project",
    "zone": "industrial_park_or_zone",
    "chain": "cluster_or_chain",
    "place": "district_or_place",
    "prog": "program_or_policy",
    "prod": "product_or_achievement",
    "met": "metric",
}
_QUALIFIED = {"超": "lower", "超过": "lower", "逾": "lower", "近": "approx", "约": "approx"}
_SUFFIXED = {"以上": "lower", "余": "lower", "多": "lower", "左右": "approx", "开外": "lower"}


class MarkupError(ValueError):
    """Malformed markup or an annotation that contradicts the guidelines' span rules."""


def _number(raw: str) -> int | float | None:
    if raw == "null":
        return None
    f = float(raw)
    return int(f) if f == int(f) else f


def _mention(kind: str, fields: dict[str, str], text: str, start: int, end: int,
             plain: str) -> dict[str, Any]:  # fmt: skip
    mtype = TYPES.get(kind, kind)
    if mtype not in TYPES.values():
        raise MarkupError(f"unknown type {kind!r} at {text!r}")
    rec: dict[str, Any] = {"type": mtype, "text": text, "start": start, "end": end}
    if mtype == "person":
        rec["role"] = fields.get("role")
    if mtype != "metric":
        return rec
    bound = fields.get("b", "exact")
    implied = next((b for q, b in _QUALIFIED.items() if text.startswith(q)), None) or next(
        (b for q, b in _SUFFIXED.items() if text.endswith(q)), None
    )
    if implied and implied != bound:
        raise MarkupError(f"{text!r}: qualifier implies bound {implied}, markup says {bound}")
    rec.update(
        indicator=fields.get("ind", ""),
        value=text,
        value_normalized=_number(fields["v"]),
        unit=fields["u"],
        unit_implicit=fields.get("imp") == "1",
        period=fields.get("p"),
        bound=bound,
        kind=fields.get("k", "value"),
        status=fields.get("s", "actual"),
        redacted=fields.get("red") == "1",
    )
    if "cmp" in fields:
        c = plain.find(fields["cmp"], end)
        if c < 0 or c - end > 20:
            raise MarkupError(f"comparison {fields['cmp']!r} not found after {text!r}")
        rec["comparison"] = {"text": fields["cmp"], "start": c, "end": c + len(fields["cmp"])}
    return rec


def parse_markup(source: str) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """``(text, meta, mentions)`` of one ``.ann`` source; mentions in gold JSON form."""
    head, _, body = source.partition("\n")
    if not head.startswith("%% "):
        raise MarkupError("first line must be '%% {json meta}'")
    meta = json.loads(head[3:])
    out: list[str] = []
    pos = 0
    stack: list[int] = []
    raw: list[tuple[str, dict[str, str], int, int, int]] = []  # kind, fields, start, end, depth
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "[":
            stack.append(pos)
            i += 1
        elif ch == "]" and body.startswith("]{", i):
            close = body.index("}", i)
            kind, *pairs = body[i + 2 : close].split("|")
            fields = dict(p.split("=", 1) for p in pairs)
            if not stack:
                raise MarkupError(f"unbalanced ']' near {body[i - 20 : i]!r}")
            raw.append((kind, fields, stack.pop(), pos, len(stack)))
            i = close + 1
        elif ch in "[]{}":
            raise MarkupError(f"stray {ch!r} near {body[max(0, i - 20) : i]!r}")
        else:
            out.append(ch)
            pos += 1
            i += 1
    if stack:
        raise MarkupError("unclosed '['")
    plain = "".join(out)
    mentions = [_mention(k, f, plain[s:e], s, e, plain) for k, f, s, e, _d in raw]
    outer = {(s, e): d for _k, _f, s, e, d in raw}
    for rec, (_k, _f, s, e, depth) in zip(mentions, raw, strict=True):
        if depth:
            parent = min(
                (
                    (ps, pe)
                    for (ps, pe), pd in outer.items()
                    if pd == depth - 1 and ps <= s and e <= pe
                ),
                key=lambda se: se[1] - se[0],
            )
            rec["nested_in"] = [parent[0], parent[1]]
    mentions.sort(key=lambda r: (r["start"], -r["end"]))
    return plain, meta, mentions


def gold_json(doc_id: str, text: str, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The devset gold document for ``mentions``."""
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m["type"]] = counts.get(m["type"], 0) + 1
    return {
        "doc_id": doc_id,
        "doc_file": f"docs/{doc_id}.txt",
        "text_length": len(text),
        "guidelines": "../shared/devset/README.md#annotation-guidelines (v1)",
        "counts": dict(sorted(counts.items())),
        "notes": ["generated from markup/" + doc_id + ".ann by tests/heldout_markup.py"],
        "mentions": mentions,
    }


def render(root: Path = HELDOUT) -> dict[Path, str]:
    """Every generated file's path and content."""
    files: dict[Path, str] = {}
    for ann in sorted((root / "markup").glob("*.ann")):
        text, meta, mentions = parse_markup(ann.read_text(encoding="utf-8"))
        name = ann.stem
        files[root / "docs" / f"{name}.txt"] = text
        files[root / "docs" / f"{name}.meta.json"] = json.dumps(meta, ensure_ascii=False,
                                                                indent=2) + "\n"  # fmt: skip
        gold = gold_json(name, text, mentions)
        files[root / "gold" / f"{name}.json"] = json.dumps(gold, ensure_ascii=False,
                                                           indent=1) + "\n"  # fmt: skip
    return files


def main(argv: list[str] | None = None) -> int:
    """Write (or ``--check``) the generated fixture files."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for path, content in render().items():
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    for p in stale:
        print(("stale: " if check else "wrote: ") + str(p.relative_to(HELDOUT)))
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
