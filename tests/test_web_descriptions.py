"""Every type, field and argument of the GraphQL schema is described, in the schema's own
(camelCase) names."""

import re
from collections.abc import Iterator
from typing import Any

from graphql import get_introspection_query

from claimgraph.api.schema import build_schema
from claimgraph.schemas.json_schema import SCHEMA_PATH, render_paper_file_json_schema

SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


def _introspected() -> list[dict[str, Any]]:
    result = build_schema().execute_sync(get_introspection_query())
    assert result.errors is None
    assert result.data is not None
    return [t for t in result.data["__schema"]["types"] if not t["name"].startswith("__")]


def _descriptions() -> Iterator[tuple[str, str, str | None]]:
    """(what, where, description) of every type, field, argument and enum value."""
    for kind in _introspected():
        yield "type", kind["name"], kind["description"]
        for field in (kind["fields"] or []) + (kind["inputFields"] or []):
            yield "field", f"{kind['name']}.{field['name']}", field["description"]
            for arg in field.get("args") or []:
                where = f"{kind['name']}.{field['name']}({arg['name']})"
                yield "argument", where, arg["description"]
        for value in kind["enumValues"] or []:
            yield "enum value", f"{kind['name']}.{value['name']}", value["description"]


def test_every_type_field_and_argument_has_a_description() -> None:
    undescribed = [
        f"{what} {where}"
        for what, where, text in _descriptions()
        if what != "enum value" and not (text or "").strip()
    ]
    assert undescribed == []


def test_the_check_covers_the_whole_schema() -> None:
    counts = {"type": 0, "field": 0, "argument": 0, "enum value": 0}
    for what, _, _ in _descriptions():
        counts[what] += 1
    assert counts["type"] > 50 and counts["field"] > 200 and counts["argument"] > 20


def test_no_description_names_a_snake_case_field() -> None:
    """GraphQL says claimA and gapLog10; a description saying claim_a points nowhere."""
    offending = {where: text for _, where, text in _descriptions() if text and SNAKE.search(text)}
    assert offending == {}


def test_the_committed_json_schema_carries_the_same_descriptions() -> None:
    schema = SCHEMA_PATH.read_text(encoding="utf-8")
    assert schema == render_paper_file_json_schema()
    assert "The assertion in our words, never a copied sentence." in schema
