"""Full-text search over claims, sources, critiques and evidence (the `text_search` index)."""

import re
from dataclasses import dataclass
from typing import Final

from claimgraph.graph.read_runner import Reader

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


async def search(reader: Reader, text: str, limit: int) -> list[SearchHit]:
    rows = await reader.rows(SEARCH, text=lucene_escape(text), limit=limit)
    return [SearchHit(row["label"], row["id"], row["score"]) for row in rows]
