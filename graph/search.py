"""Full-text search over claims, sources, critiques and evidence (the `text_search` index)."""

import re
from dataclasses import dataclass
from typing import Final

from neo4j.exceptions import Neo4jError

from claimgraph.graph.read_runner import Reader

INDEXED_PROPERTIES: Final = 3
"""statement, title and summary: the `text_search` index (graph.constraints) covers three."""
MAX_TERMS: Final = 1024 // INDEXED_PROPERTIES
"""Lucene allows 1,024 clauses and each term becomes one clause per indexed property, so
341 terms is the most one full-text query holds; more would fail inside the index."""
_TERM: Final = re.compile(r"\w+")


class SearchTooComplex(Exception):
    """The search text has more terms than one full-text query may hold."""


SEARCH: Final = """
CALL db.index.fulltext.queryNodes('text_search', $text) YIELD node, score
WHERE node.owner IS NOT NULL
RETURN head([l IN labels(node) WHERE l IN ['Claim', 'Source', 'Critique', 'Evidence']]) AS label,
       node.id AS id, score
ORDER BY score DESC, id
LIMIT $limit
"""


@dataclass(frozen=True)
class SearchHit:
    label: str
    id: str
    score: float


_LUCENE_SPECIAL: Final = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LUCENE_OPERATORS: Final = re.compile(r"\b(AND|OR|NOT|TO)\b")


def lucene_escape(text: str) -> str:
    """User text as literal Lucene terms: special characters escaped, operators lower-cased."""
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", text)
    return _LUCENE_OPERATORS.sub(lambda m: m.group(1).lower(), escaped)


def term_count(text: str) -> int:
    """About how many terms the index's analyzer makes of `text` (runs of word characters)."""
    return len(_TERM.findall(text))


async def search(reader: Reader, text: str, limit: int) -> list[SearchHit]:
    """Hits best first; `SearchTooComplex` when the text has too many terms for Lucene."""
    terms = term_count(text)
    if terms > MAX_TERMS:
        raise SearchTooComplex(f"{terms} terms; the full-text index matches at most {MAX_TERMS}")
    try:
        rows = await reader.rows(SEARCH, text=lucene_escape(text), limit=limit)
    except Neo4jError as error:
        if "TooManyClauses" in str(error) or "maxClauseCount" in str(error):
            raise SearchTooComplex("the analyzer made too many terms of the text") from error
        raise
    return [SearchHit(row["label"], row["id"], row["score"]) for row in rows]
