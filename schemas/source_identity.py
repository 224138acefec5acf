"""When two sources are the same source: same DOI, arXiv id or URL, or same title and year.

Two files describing one paper would pool its figure twice and narrow every interval it
enters, so ingest refuses the second one (ingest.plan, ingest.pipeline). Each key is
normalized so that trivial differences do not hide a duplicate (http or https, `www.`, a
trailing slash, an arXiv version, letter case and punctuation of a title), and stored on
the source node as a short digest, which an index can hold whatever the input's length.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from urllib.parse import urlsplit

from claimgraph.schemas.models import Source


class KeyKind(StrEnum):
    """What two sources share; the value is the name of the node property holding it."""

    DOI = "key_doi"
    ARXIV = "key_arxiv"
    URL = "key_url"
    TITLE = "key_title"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS: Final = {
    KeyKind.DOI: "DOI",
    KeyKind.ARXIV: "arXiv id",
    KeyKind.URL: "URL",
    KeyKind.TITLE: "title and year",
}

_DOI: Final = re.compile(r"(?:^|doi\.org/|^doi:\s*)(10\.\d{4,9}/\S+)", re.IGNORECASE)
_ARXIV_DOI: Final = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_ARXIV_URL: Final = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|^arxiv:\s*)([a-z\-]+(?:\.[a-z]{2})?/\d{7}|\d{4}\.\d{4,5})",
    re.IGNORECASE,
)
_NOT_WORD: Final = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SourceKey:
    """One normalized identity of a source: its kind, a readable form and its digest."""

    kind: KeyKind
    shown: str
    digest: str


def source_keys(source: Source) -> list[SourceKey]:
    """Every identity `source` has: DOI, arXiv id, URL (when it has a URL), title and year
    (when it has a year)."""
    found: dict[KeyKind, str] = {}
    url = (source.url or "").strip()
    if url:
        doi = _DOI.search(url)
        if doi is not None:
            found[KeyKind.DOI] = doi.group(1).rstrip(".").lower()
            arxiv_doi = _ARXIV_DOI.match(found[KeyKind.DOI])
            if arxiv_doi is not None:
                found[KeyKind.ARXIV] = arxiv_doi.group(1)
        arxiv = _ARXIV_URL.search(url)
        if arxiv is not None:
            found[KeyKind.ARXIV] = arxiv.group(1).lower()
        found[KeyKind.URL] = normalized_url(url)
    year = source.year or (source.date.year if source.date else None)
    if year is not None:  # a title alone ("Notes", "Untitled") does not make two sources one
        title = " ".join(_NOT_WORD.split(unicodedata.normalize("NFKC", source.title).casefold()))
        found[KeyKind.TITLE] = f"{title.strip()} ({year})"
    return [SourceKey(kind, shown, _digest(kind, shown)) for kind, shown in found.items()]


def normalized_url(url: str) -> str:
    """The URL without scheme, `www.`, default port, fragment or trailing slash; host in
    lower case (paths keep their case: servers may tell them apart)."""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").removeprefix("www.")
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    except ValueError:  # not a URL urllib can split (a bad port, a broken IPv6 host)
        return url.strip().rstrip("/")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}"


def _digest(kind: KeyKind, shown: str) -> str:
    return hashlib.sha256(f"{kind.value}\n{shown}".encode()).hexdigest()[:32]


__all__ = ["KeyKind", "SourceKey", "normalized_url", "source_keys"]
