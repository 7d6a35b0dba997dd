"""The only place tjkg mints IRIs.

An IRI is ``{BASE}id/{kind}/{key}``; the key is a normalised name or a position in a
release, never a run counter, so the same input always gives the same IRIs.

>>> str(mint_entity_iri("enterprise", "“中芯国际”"))
'https://w3id.org/tjkg/id/enterprise/中芯国际'
>>> str(mint_iri("unit", "%"))
'https://w3id.org/tjkg/id/unit/%25'
>>> normalize_key("  天津　滨海 ")
'天津滨海'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .namespaces import BASE, GRAPH

#: Class of each entity mention type, and the IRI kind its entities are minted under.
ENTITY_KINDS: dict[str, str] = {
    "enterprise": "enterprise",
    "research_institute": "institute",
    "government_body": "government",
    "person": "person",
    "project": "project",
    "industrial_park_or_zone": "park",
    "cluster_or_chain": "grouping",
    "district_or_place": "place",
    "program_or_policy": "programme",
    "product_or_achievement": "product",
}

_WRAPPERS = "“”\"‘’'《》〈〉「」『』"
_UNSAFE = re.compile(r"[\s%\"<>\\^`{|}/#?\[\]\x00-\x1f\x7f\u2028\u2029]")


def normalize_key(name: str) -> str:
    """Normalise a name into an IRI key: NFKC, no whitespace, wrapping quotes removed.

    Quotes inside a name are kept (``专精特新“小巨人”企业``); NFKC turns full-width ASCII
    into ASCII but leaves Chinese quotation marks alone.
    """
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    while len(text) >= 2 and text[0] in _WRAPPERS and text[-1] in _WRAPPERS:
        text = text[1:-1]
    return text


def _encode(segment: str) -> str:
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), segment)


def mint_iri(kind: str, *parts: str) -> URIRef:
    """``{BASE}id/{kind}/{part}/{part}...`` with each part percent-encoded where needed."""
    if not parts or any(p == "" for p in parts):
        raise ValueError(f"empty key for IRI kind {kind!r}: {parts!r}")
    return URIRef(BASE + "id/" + kind + "/" + "/".join(_encode(p) for p in parts))


def mint_entity_iri(mention_type: str, key: str) -> URIRef:
    """The IRI of the entity of type ``mention_type`` named ``key``."""
    return mint_iri(ENTITY_KINDS[mention_type], normalize_key(key))


def span_iri(doc_id: str, start: int, end: int) -> URIRef:
    return mint_iri("span", doc_id, f"{start}-{end}")


def observation_iri(doc_id: str, start: int, end: int) -> URIRef:
    return mint_iri("observation", doc_id, f"{start}-{end}")


def comparison_iri(doc_id: str, start: int, end: int) -> URIRef:
    return mint_iri("comparison", doc_id, f"{start}-{end}")


def statement_iri(doc_id: str, subject: str, predicate: str, obj: str) -> URIRef:
    digest = hashlib.sha256(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
    return mint_iri("statement", doc_id, digest)


def method_iri(source: str) -> URIRef:
    """``curated`` or ``extractor:<name>`` as a method IRI."""
    return mint_iri("method", source.replace(":", "-"))


def graph_iri(doc_id: str) -> URIRef:
    """Named graph of one release."""
    return URIRef(str(GRAPH) + _encode(doc_id))


ONTOLOGY_GRAPH = URIRef(str(GRAPH) + "ontology")
