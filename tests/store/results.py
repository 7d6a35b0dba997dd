"""Comparing query results from different engines, and reading SPARQL JSON results."""

from __future__ import annotations

import re

import requests

from tjkg.query import QueryResult

_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.I)


def has_order_by(sparql: str) -> bool:
    return bool(_ORDER_BY.search(sparql))


def assert_same_rows(expected: QueryResult, actual: QueryResult, sparql: str) -> None:
    """Same columns and rows; the row order counts only where the query has ORDER BY."""
    assert actual.columns == expected.columns
    if has_order_by(sparql):
        assert actual.rows == expected.rows
    else:
        assert sorted(actual.rows, key=repr) == sorted(expected.rows, key=repr)


def sparql_json(query_url: str, sparql: str, *, auth=None, timeout: float = 60) -> QueryResult:
    """Run ``sparql`` at a SPARQL 1.1 Protocol endpoint; rows shaped like tjkg's."""
    r = requests.post(query_url, data={"query": sparql}, auth=auth, timeout=timeout,
                      headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    body = r.json()
    if "boolean" in body:
        return QueryResult(("answer",), ((str(body["boolean"]).lower(),),))
    columns = tuple(body["head"]["vars"])
    rows = tuple(tuple(b[c]["value"] if c in b else None for c in columns)
                 for b in body["results"]["bindings"])
    return QueryResult(columns, rows)


def graph_counts(query_url: str, *, prefix: str = "https://w3id.org/tjkg/graph/",
                 auth=None) -> dict[str, int]:
    q = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
         f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g')
    return {g: int(n) for g, n in sparql_json(query_url, q, auth=auth).rows}
