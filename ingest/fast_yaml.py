"""Paper files' YAML as plain data, through ruamel's C parser and a lean constructor.

The common file is plain mappings, lists and scalars; `load_plain` builds exactly that
from the C parser's nodes and leaves anything else to the careful loaders. ruamel's
resolver also asks, for every scalar, which YAML version the document declares, by
probing attributes that the C parser's loader does not have; the exceptions that probing
raises are a third of a file's load time. With the C parser the answer is always the
loader's own version (1.2 by default: `%YAML` directives do not reach the resolver), so
the resolver here answers that at once.
"""

from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.resolver import VersionedResolver

from claimgraph.ingest.yaml_guard import MAX_DEPTH


class _FixedVersionResolver(VersionedResolver):
    """`VersionedResolver` for the C parser, where the version it finds is its own."""

    @property
    def processing_version(self) -> Any:
        return self._loader_version or _DEFAULT_YAML_VERSION


HAS_C_PARSER: Final = YAML(typ="safe").Parser is not Parser
"""Whether ruamel's C parser is installed; `load_plain` needs it."""


_STR: Final = "tag:yaml.org,2002:str"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"
_OTHER_SCALARS: Final = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


class _Unusual(Exception):
    """Something `load_plain` leaves to the stock constructor: aliases, merges, other tags."""


def load_plain(text: str) -> object:
    """The document as plain dicts (str keys), lists and scalars, as the safe loader reads it.

    Returns None when the text is not YAML or holds anything beyond that (aliases, merge
    keys, sets and other tags, duplicate keys, nesting beyond MAX_DEPTH), or without the C
    parser: the caller's careful path handles those. libyaml composes recursively, so the
    caller must not hand it text that `yaml_guard.needs_guard` flags before it passed
    `yaml_guard.guard`.
    Skipping ruamel's generic constructor (and its state machine for recursive objects)
    makes loading about a third faster.
    """
    if not HAS_C_PARSER:
        return None
    yaml = YAML(typ="safe")
    yaml.Resolver = _FixedVersionResolver
    try:
        loader, parser = yaml.get_constructor_parser(text)
    except Exception:
        return None
    try:
        node = loader.get_single_node()
        return None if node is None else _plain_of(node, loader, set(), 0)
    except Exception:  # a YAML error or `_Unusual`: either way, not for this path
        return None
    finally:
        parser.dispose()


def _plain_of(node: Node, constructor: Any, seen: set[int], depth: int) -> object:
    ctag = node.ctag
    tag = ctag.suffix if ctag.handle is None else str(ctag)
    if isinstance(node, ScalarNode):
        if tag == _STR:
            return node.value
        if tag in _OTHER_SCALARS:
            return constructor.construct_object(node)
        raise _Unusual(tag)
    if id(node) in seen:  # an alias
        raise _Unusual("alias")
    if depth >= MAX_DEPTH:  # the guard reports it, with its line
        raise _Unusual("deep")
    seen.add(id(node))
    if isinstance(node, SequenceNode) and tag == _SEQ:
        return [_plain_of(item, constructor, seen, depth + 1) for item in node.value]
    if isinstance(node, MappingNode) and tag == _MAP:
        mapping: dict[object, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Unusual("complex key")
            key = _plain_of(key_node, constructor, seen, depth + 1)
            if key in mapping:
                raise _Unusual("duplicate key")
            mapping[key] = _plain_of(value_node, constructor, seen, depth + 1)
        return {str(key): value for key, value in mapping.items()}
    raise _Unusual(tag)
