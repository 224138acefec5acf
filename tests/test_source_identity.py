"""Which sources are one source: the keys behind the duplicate check, worked by hand."""

import pytest

from claimgraph.schemas.models import Source
from claimgraph.schemas.source_identity import KeyKind, normalized_url, source_keys


def _keys(**fields: object) -> dict[KeyKind, str]:
    source = Source.model_validate({"id": "s", "title": "T", "kind": "paper", **fields})
    return {key.kind: key.shown for key in source_keys(source)}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.org/a/B/", "example.org/a/B"),
        ("http://example.org:80/a#section", "example.org/a"),
        ("example.org/a?x=1", "example.org/a?x=1"),
        ("https://example.org:8443/a", "example.org:8443/a"),
        ("http://example.org:99999/a", "http://example.org:99999/a"),  # not splittable: as is
    ],
)
def test_urls_normalize_to_host_path_and_query(url: str, expected: str) -> None:
    assert normalized_url(url) == expected


def test_doi_and_arxiv_ids_are_found_in_their_usual_spellings() -> None:
    assert _keys(url="https://doi.org/10.1038/S41586-021-03819-2")[KeyKind.DOI] == (
        "10.1038/s41586-021-03819-2"
    )
    assert _keys(url="doi:10.1038/s41586-021-03819-2")[KeyKind.DOI] == "10.1038/s41586-021-03819-2"
    for url in (
        "https://arxiv.org/abs/2403.05812v2",
        "https://arxiv.org/pdf/2403.05812",
        "arXiv:2403.05812",
        "https://doi.org/10.48550/arXiv.2403.05812",
    ):
        assert _keys(url=url)[KeyKind.ARXIV] == "2403.05812", url
    assert _keys(url="https://arxiv.org/abs/hep-th/9901001v1")[KeyKind.ARXIV] == "hep-th/9901001"


def test_title_and_year_ignore_case_and_punctuation_but_need_a_year() -> None:
    one = _keys(title="Algorithmic Progress in Language Models!", year=2024)
    two = _keys(title="algorithmic progress — in language models", date="2024-03-09")
    assert (
        one[KeyKind.TITLE] == two[KeyKind.TITLE] == "algorithmic progress in language models (2024)"
    )
    assert KeyKind.TITLE not in _keys(title="Notes")
    assert _keys(title="A", year=2023)[KeyKind.TITLE] != _keys(title="A", year=2024)[KeyKind.TITLE]
