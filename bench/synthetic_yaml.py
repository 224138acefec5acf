"""The synthetic corpus as YAML text, written by hand because the generator's output is plain.

ruamel's dumper costs more than generating the data itself at 100,000 claims; these files
hold only mappings, lists, numbers and simple strings, so a small writer is enough and keeps
one seed giving the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Final

_PLAIN: Final = re.compile(r"[A-Za-z][A-Za-z0-9 _.()/%-]*[A-Za-z0-9.)%]|[a-z]")
_RESERVED: Final = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


def to_yaml(doc: Mapping[str, object]) -> str:
    """Block YAML like a curator writes it: flow style only for short scalar lists and maps."""
    return "\n".join(_block(doc, 0)) + "\n"


def _block(mapping: Mapping[str, object], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if isinstance(value, Mapping) and not all(map(_is_scalar, value.values())):
            lines.append(f"{pad}{key}:")
            lines.extend(_block(value, indent + 2))
        elif isinstance(value, list) and value and not all(map(_is_scalar, value)):
            lines.append(f"{pad}{key}:")
            for item in value:
                item_lines = _block(item, indent + 4)
                item_lines[0] = f"{pad}  - {item_lines[0].lstrip()}"
                lines.extend(item_lines)
        else:
            lines.append(f"{pad}{key}: {_flow(value)}")
    return lines


def _is_scalar(value: object) -> bool:
    return not isinstance(value, Mapping | list)


def _flow(value: object) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # a date, read back as one
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar


__all__ = ["to_yaml"]
