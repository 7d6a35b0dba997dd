"""SPARQL over a built graph: shipped competency queries, ``.rq`` files or inline text."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from .errors import QueryError
from .namespaces import new_graph

_SPARQL = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def shipped_queries() -> dict[str, str]:
    """Name -> text of every query shipped in the package (``tjkg/queries/*.rq``)."""
    folder = resources.files("tjkg") / "queries"
    return {
        p.name[:-3]: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".rq")
    }


def find_query(query: str) -> str:
    """The SPARQL text for ``query``: a shipped name, a ``.rq`` path, or inline SPARQL."""
    shipped = shipped_queries()
    name = query[:-3] if query.endswith(".rq") else query
    if name in shipped and not Path(query).is_file():
        return shipped[name]
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{query}: {exc.strerror or exc}") from None
    if _SPARQL.search(query):
        return query
    raise QueryError(
        f"{query}: not a shipped query ({', '.join(shipped)}), a .rq file, or SPARQL text"
    )


def load_data(path: str | Path) -> Graph:
    """The graph to query: a build folder (its ``tjkg.ttl``) or an RDF file."""
    path = Path(path)
    if path.is_dir():
        path = path / "tjkg.ttl"
    if not path.is_file():
        raise QueryError(f"{path}: no built graph here (run `tjkg build` first)")
    fmt = {
        ".ttl": "turtle",
        ".nt": "nt",
        ".nq": "nquads",
        ".trig": "trig",
        ".jsonld": "json-ld",
        ".rdf": "xml",
    }.get(path.suffix.lower(), "turtle")
    g = new_graph()
    try:
        g.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"{path}: cannot parse as {fmt}: {exc}") from None
    return g


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]

    def to_table(self) -> str:
        cells = [list(self.columns)] + [[v if v is not None else "" for v in r] for r in self.rows]
        widths = [max(_width(row[i]) for row in cells) for i in range(len(self.columns))]
        out = []
        for n, row in enumerate(cells):
            out.append(
                "  ".join(
                    v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)
                ).rstrip()
            )
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        out.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(out) + "\n"

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        for r in self.rows:
            w.writerow(["" if v is None else v for v in r])
        return buf.getvalue()

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "columns": list(self.columns),
                    "rows": [dict(zip(self.columns, r, strict=True)) for r in self.rows],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(c) >= 0x1100 and not 0x2000 <= ord(c) <= 0x206F else 1 for c in text)


def _term(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal | URIRef):
        return str(value)
    return str(value)


def run_query(graph: Graph, sparql: str) -> QueryResult:
    """Run a SELECT (or ASK) query with rdflib; values as strings."""
    try:
        result: Result = graph.query(sparql)
    except Exception as exc:  # parse and evaluation errors come in many types
        raise QueryError(f"query failed: {exc}") from None
    if result.type == "ASK":
        return QueryResult(("answer",), ((str(bool(result.askAnswer)).lower(),),))
    if result.type != "SELECT":
        raise QueryError(f"only SELECT and ASK queries print as tables, not {result.type}")
    columns = tuple(str(v) for v in result.vars or ())
    rows = tuple(tuple(_term(row[i]) for i in range(len(columns))) for row in result)
    return QueryResult(columns, rows)
