"""The lean YAML path reads valid paper files exactly as ruamel's safe loader does.

Anything it does not build itself (aliases, merges, duplicate keys, other tags, broken
YAML) must come back as None so the careful loader handles it.
"""

import io

import pytest
from ruamel.yaml import YAML

from claimgraph.ingest.fast_yaml import HAS_C_PARSER, load_plain
from claimgraph.ingest.paper_file import CORPUS_DIR


def _safe(text: str) -> object:
    return YAML(typ="safe").load(io.StringIO(text))


def test_the_c_parser_is_installed() -> None:
    assert HAS_C_PARSER, "ruamel.yaml.clib is pinned; without it ingest falls back to slow paths"


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_corpus_file_reads_as_the_safe_loader_reads_it(path: object) -> None:
    text = path.read_text()  # type: ignore[attr-defined]
    assert load_plain(text) == _safe(text)


def test_scalars_keep_their_types() -> None:
    text = "a: 1\nb: 2.5\nc: true\nd: null\ne: '7'\nf: 2024-05-01\ng: [1, x]\nh: &s z\ni: *s\n"
    assert load_plain(text) == _safe(text)
    plain = load_plain(text)
    assert isinstance(plain, dict) and plain["a"] == 1 and plain["e"] == "7"


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {k: 1}\nb: *x\n",  # alias of a collection
        "base: &b {k: 1}\nmore:\n  <<: *b\n",  # merge key
        "a: 1\na: 2\n",  # duplicate key
        "a: !!set {x: null}\n",  # another tag
        "a: [1, 2\n",  # broken YAML
    ],
)
def test_anything_unusual_is_left_to_the_careful_loader(text: str) -> None:
    assert load_plain(text) is None
