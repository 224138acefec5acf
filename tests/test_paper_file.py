"""Bad paper files must fail with the exact file, line and field; no Neo4j needed.

Every case starts from one valid file (BASE, line numbers in the comments) and changes
one line, so the expected line of each error is known by construction.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.ingest.paper_file import (
    ROOT_FIELD,
    YAML_FIELD,
    PaperFileError,
    check_paper_file,
    dangling_references,
    file_ids,
    read_paper_file,
)
from claimgraph.schemas.json_schema import SCHEMA_PATH, render_paper_file_json_schema
from claimgraph.schemas.paper_file import IdKind, PaperFile, QuantityCatalogue

BASE_LINES = [
    "source:",  # 1
    "  id: test-2024-source",  # 2
    "  title: A test source",  # 3
    "  kind: paper",  # 4
    "  year: 2024",  # 5
    "quantities:",  # 6
    "  - id: test-quantity",  # 7
    "    name: Test quantity",  # 8
    "    description: Something measured.",  # 9
    "    scope: training",  # 10
    "    direction: less compute",  # 11
    "claims:",  # 12
    "  - id: test-claim-a",  # 13
    "    quantity: test-quantity",  # 14
    "    category: algorithmic",  # 15
    "    statement: A paraphrase.",  # 16
    "    estimate:",  # 17
    "      value: 8",  # 18
    "      unit: halving_time_months",  # 19
    "      interval:",  # 20
    "        low: 5",  # 21
    "        high: 14",  # 22
    "        level: 0.95",  # 23
    "  - id: test-claim-b",  # 24
    "    quantity: test-quantity",  # 25
    "    category: optimization",  # 26
    "    statement: Another paraphrase.",  # 27
    "    estimate:",  # 28
    "      value: 20",  # 29
    "      unit: one_time_factor",  # 30
    "    upper_bound: true",  # 31
    "critiques:",  # 32
    "  - id: test-critique",  # 33
    "    kind: scale_dependence",  # 34
    "    targets:",  # 35
    "      - test-claim-a",  # 36
    "    alternative: test-claim-b",  # 37
    "    summary: Why claim a is wrong.",  # 38
    "decompositions:",  # 39
    "  - id: test-decomposition",  # 40
    "    total: test-claim-a",  # 41
    "    factors:",  # 42
    "      - test-claim-b",  # 43
]


def write(tmp_path: Path, changes: dict[int, str | None] | None = None) -> Path:
    """BASE with line N replaced (or removed when the replacement is None)."""
    lines: list[str] = []
    for number, line in enumerate(BASE_LINES, start=1):
        if changes and number in changes:
            replacement = changes[number]
            if replacement is not None:
                lines.append(replacement)
        else:
            lines.append(line)
    path = tmp_path / "paper.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def first_error(path: Path) -> PaperFileError:
    with pytest.raises(PaperFileError) as caught:
        read_paper_file(path)
    return caught.value


def assert_error(error: PaperFileError, path: Path, line: int, field: str, words: str) -> None:
    assert (error.file, error.line, error.field) == (path, line, field), str(error)
    assert words in error.message
    assert str(error) == f"{path}:{line}: {field}: {error.message}"


def test_base_file_is_valid(tmp_path: Path) -> None:
    loaded = read_paper_file(write(tmp_path))
    assert isinstance(loaded.document, PaperFile)
    assert loaded.line_of(("claims", 1, "estimate", "unit")) == 30
    assert dangling_references(loaded, set()) == []


def test_yaml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, {18: "      value: 8: 9"})
    assert_error(first_error(path), path, 18, YAML_FIELD, "mapping values are not allowed")


def test_duplicate_yaml_key_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, {19: "      value: 9"})
    assert_error(first_error(path), path, 19, YAML_FIELD, "duplicate key")


def test_unknown_field(tmp_path: Path) -> None:
    path = write(tmp_path, {31: "    upper_bond: true"})
    error = first_error(path)
    assert_error(error, path, 31, "claims[1].upper_bond", "unknown field 'upper_bond'")
    assert "upper_bound" in error.message  # the allowed fields are listed


def test_unknown_unit(tmp_path: Path) -> None:
    path = write(tmp_path, {30: "      unit: furlongs_per_fortnight"})
    assert_error(first_error(path), path, 30, "claims[1].estimate.unit", "not a valid unit")


def test_unknown_enum_value_in_quantity(tmp_path: Path) -> None:
    path = write(tmp_path, {10: "    scope: everything"})
    assert_error(first_error(path), path, 10, "quantities[0].scope", "not a valid scope")


def test_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, {18: "      value: eight"})
    assert_error(first_error(path), path, 18, "claims[0].estimate.value", "'eight'")


def test_missing_field_points_at_its_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, {16: None})
    assert_error(
        first_error(path), path, 13, "claims[0].statement", "missing required field 'statement'"
    )


def test_interval_must_contain_the_point(tmp_path: Path) -> None:
    path = write(tmp_path, {18: "      value: 20"})
    assert_error(first_error(path), path, 18, "claims[0].estimate.value", "outside its interval")


def test_interval_low_above_high(tmp_path: Path) -> None:
    path = write(tmp_path, {21: "        low: 15"})
    assert_error(first_error(path), path, 21, "claims[0].estimate.interval.low", "is above high")


@pytest.mark.parametrize(
    ("line", "text", "field"),
    [
        (18, "      value: 0", "claims[0].estimate.value"),
        (18, "      value: -8", "claims[0].estimate.value"),
        (21, "        low: -1", "claims[0].estimate.interval.low"),
    ],
)
def test_halving_time_must_be_positive(tmp_path: Path, line: int, text: str, field: str) -> None:
    path = write(tmp_path, {line: text})
    assert_error(first_error(path), path, line, field, "must be > 0")


def test_factor_must_be_positive(tmp_path: Path) -> None:
    path = write(tmp_path, {29: "      value: 0"})
    assert_error(first_error(path), path, 29, "claims[1].estimate.value", "must be > 0")


def test_share_must_be_a_fraction(tmp_path: Path) -> None:
    path = write(tmp_path, {29: "      value: 91", 30: "      unit: share"})
    assert_error(first_error(path), path, 29, "claims[1].estimate.value", "within 0..1")


def test_factor_over_years_needs_years(tmp_path: Path) -> None:
    path = write(tmp_path, {30: "      unit: factor_over_years"})
    assert_error(first_error(path), path, 30, "claims[1].estimate.unit", "needs years")


def test_source_year_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, {5: "  year: 1850"})
    assert_error(first_error(path), path, 5, "source.year", "outside 1900..2100")


def test_period_year_out_of_range_and_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {31: "      period: {start_year: 2020, end_year: 2191}\n    upper_bound: true"},
    )
    assert_error(
        first_error(path), path, 31, "claims[1].estimate.period.end_year", "outside 1900..2100"
    )
    path = write(
        tmp_path,
        {31: "      period: {start_year: 2020, end_year: 2019}\n    upper_bound: true"},
    )
    assert_error(
        first_error(path), path, 31, "claims[1].estimate.period.start_year", "is after end_year"
    )


def test_id_must_be_a_slug(tmp_path: Path) -> None:
    path = write(tmp_path, {24: "  - id: Test_Claim_B"})
    assert_error(first_error(path), path, 24, "claims[1].id", "lowercase slug")


def test_duplicate_id_points_at_the_second_occurrence(tmp_path: Path) -> None:
    path = write(tmp_path, {24: "  - id: test-claim-a"})
    assert_error(first_error(path), path, 24, "claims[1].id", "duplicate id 'test-claim-a'")


def test_duplicate_id_across_kinds(tmp_path: Path) -> None:
    path = write(tmp_path, {33: "  - id: test-quantity"})
    error = first_error(path)
    assert_error(error, path, 33, "critiques[0].id", "already defined as a quantity")
    assert "quantities[0].id" in error.message


def test_dangling_reference(tmp_path: Path) -> None:
    loaded = read_paper_file(write(tmp_path, {14: "    quantity: no-such-quantity"}))
    errors = dangling_references(loaded, set())
    assert len(errors) == 1
    assert_error(
        errors[0], loaded.path, 14, "claims[0].quantity", "unknown quantity 'no-such-quantity'"
    )
    assert dangling_references(loaded, {"no-such-quantity"}) == []
    assert dangling_references(loaded, {"no-such-quantity": IdKind.QUANTITY}) == []


def test_reference_to_the_wrong_kind(tmp_path: Path) -> None:
    loaded = read_paper_file(write(tmp_path, {36: "      - test-quantity"}))
    [error] = dangling_references(loaded, set())
    assert_error(error, loaded.path, 36, "critiques[0].targets[0]", "is a quantity")
    other = read_paper_file(write(tmp_path, {36: "      - elsewhere"}))
    [error] = dangling_references(other, {"elsewhere": IdKind.EVIDENCE})
    assert_error(error, other.path, 36, "critiques[0].targets[0]", "a claim is expected")


def test_critique_of_itself(tmp_path: Path) -> None:
    path = write(tmp_path, {36: "      - test-critique"})
    assert_error(first_error(path), path, 36, "critiques[0].targets[0]", "targets itself")


def test_critique_alternative_among_its_targets(tmp_path: Path) -> None:
    path = write(tmp_path, {37: "    alternative: test-claim-a"})
    assert_error(first_error(path), path, 37, "critiques[0].alternative", "also one of")


def test_decomposition_lists_its_total_among_factors(tmp_path: Path) -> None:
    path = write(tmp_path, {43: "      - test-claim-a"})
    assert_error(
        first_error(path), path, 43, "decompositions[0].factors[0]", "among its own factors"
    )


def test_several_errors_are_collected_in_line_order(tmp_path: Path) -> None:
    path = write(tmp_path, {5: "  year: 1850", 30: "      unit: nope", 31: "    extra: 1"})
    error = first_error(path)
    assert [(e.line, e.field) for e in error.errors] == [
        (5, "source.year"),
        (30, "claims[1].estimate.unit"),
        (31, "claims[1].extra"),
    ]
    assert error.errors[0] is error


def test_empty_file_and_non_mapping(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert_error(first_error(empty), empty, 1, YAML_FIELD, "empty")
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    assert_error(first_error(listing), listing, 1, ROOT_FIELD, "top level must be a mapping")


def test_quantity_catalogue_shape(tmp_path: Path) -> None:
    path = tmp_path / "quantities.yaml"
    path.write_text("\n".join(["quantities:", *BASE_LINES[6:11]]) + "\n", encoding="utf-8")
    loaded = read_paper_file(path)
    assert isinstance(loaded.document, QuantityCatalogue)
    defined, referenced = file_ids(loaded.document)
    assert defined[IdKind.QUANTITY] == {"test-quantity"}
    assert not any(referenced.values())


def test_paper_file_without_source(tmp_path: Path) -> None:
    path = write(tmp_path, {n: None for n in range(1, 6)})
    assert_error(first_error(path), path, 1, "source", "missing required field 'source'")


def test_file_ids_by_kind(tmp_path: Path) -> None:
    loaded = read_paper_file(write(tmp_path))
    defined, referenced = file_ids(loaded.document)
    assert defined[IdKind.SOURCE] == {"test-2024-source"}
    assert defined[IdKind.CLAIM] == {"test-claim-a", "test-claim-b"}
    assert referenced[IdKind.QUANTITY] == {"test-quantity"}
    assert referenced[IdKind.CLAIM] == {"test-claim-a", "test-claim-b"}


def test_check_does_not_raise(tmp_path: Path) -> None:
    loaded, errors = check_paper_file(write(tmp_path, {30: "      unit: nope"}))
    assert loaded is None
    assert [e.line for e in errors] == [30]


def test_committed_json_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_paper_file_json_schema(), (
        "schemas/paper_file_schema.json is stale: "
        "run .venv/bin/python -m claimgraph.schemas.json_schema"
    )


def test_worked_example_in_the_docs_is_valid(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "paper-format.md").read_text("utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    assert isinstance(read_paper_file(path).document, PaperFile)
