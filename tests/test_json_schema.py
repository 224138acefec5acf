"""The JSON Schemas as an editor uses them: validated by a real JSON Schema implementation.

An editor (through the YAML language server) reads a file's modeline, loads the schema it
names and validates the YAML as JSON, where dates are plain strings. These tests do the same
with the `jsonschema` package, on the shipped corpus and on the unseen-style papers in
tests/papers/, so a schema that shows errors on a file ingest accepts, or that names the wrong
complaint first, fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from ruamel.yaml import YAML

from claimgraph.ingest.extract.draft import draft_from_text
from claimgraph.ingest.paper_file import (
    CORPUS_DIR,
    corpus_files,
    document_model,
    load_paper_file,
)
from claimgraph.schemas.json_schema import (
    CATALOGUE_SCHEMA,
    FILE_SCHEMAS,
    PAPER_FILE_SCHEMA,
    SCHEMA_LINE_PREFIX,
    FileSchema,
)
from claimgraph.schemas.paper_file import PaperFile

TESTS = Path(__file__).parent
UNSEEN_PAPERS = TESTS / "papers"


def as_editor_sees(path: Path) -> Any:
    """The YAML as JSON data: timestamps become the strings they are written as."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def schema_for(path: Path) -> FileSchema:
    top = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return PAPER_FILE_SCHEMA if document_model(top) is PaperFile else CATALOGUE_SCHEMA


def validator(schema: FileSchema) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema.path.read_text(encoding="utf-8")))


def modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE_PREFIX), f"{path.name}: first line is {first!r}"
    return (path.parent / first.removeprefix(SCHEMA_LINE_PREFIX)).resolve()


@pytest.mark.parametrize("schema", FILE_SCHEMAS, ids=lambda s: s.path.name)
def test_each_schema_is_current_valid_and_names_itself(schema: FileSchema) -> None:
    assert schema.is_current(), "run .venv/bin/python -m claimgraph.schemas.json_schema"
    document = json.loads(schema.path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    assert document["$id"].startswith("urn:claimgraph:schema:")
    # One shape per schema: a top-level anyOf is what made errors lead with the wrong shape.
    assert "anyOf" not in document and "oneOf" not in document
    assert document["additionalProperties"] is False


@pytest.mark.parametrize("schema", FILE_SCHEMAS, ids=lambda s: s.path.name)
def test_every_property_and_definition_is_described(schema: FileSchema) -> None:
    document = json.loads(schema.path.read_text(encoding="utf-8"))
    undescribed = [
        f"{name}.{prop}"
        for name, definition in [("(top)", document), *document["$defs"].items()]
        for prop, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    undescribed += [name for name, d in document["$defs"].items() if not d.get("description")]
    assert undescribed == []


def test_the_two_schemas_have_different_ids() -> None:
    assert PAPER_FILE_SCHEMA.schema_id != CATALOGUE_SCHEMA.schema_id


@pytest.mark.parametrize("path", corpus_files(CORPUS_DIR), ids=lambda p: p.name)
def test_every_corpus_file_opens_with_the_modeline_of_its_own_shape(path: Path) -> None:
    # quantities.yaml is the catalogue; every other corpus file is a paper file.
    assert modeline_target(path) == schema_for(path).path.resolve()


ACCEPTED = [path for folder in (CORPUS_DIR, UNSEEN_PAPERS) for path in corpus_files(folder)]


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_file_ingest_accepts_shows_no_error_in_an_editor(path: Path) -> None:
    """The schema may be looser than ingest (cross-field rules), never stricter."""
    load_paper_file(path)  # ingest accepts it (raises otherwise) ...
    errors = sorted(validator(schema_for(path)).iter_errors(as_editor_sees(path)), key=str)
    assert [f"{e.json_path}: {e.message}" for e in errors] == []  # ... and so does the schema


def test_the_unseen_papers_are_there_to_compare() -> None:
    assert len([p for p in ACCEPTED if p.parent == UNSEEN_PAPERS]) >= 5


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "paper.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PAPER = """\
source:
  id: example-2024-compute
  title: An example study
  kind: paper
  year: 2024
claims:
  - id: example-2024-rate
    quantity: llm-training-algorithmic-efficiency
    statement: Compute for a fixed result halves about every nine months.
    estimate: {value: 9, unit: UNIT}
    category: algorithmic
"""


def test_a_misspelt_unit_leads_with_the_unit_not_with_the_other_shape(tmp_path: Path) -> None:
    path = write(tmp_path, PAPER.replace("UNIT", "halving_time_month"))
    error = best_match(validator(PAPER_FILE_SCHEMA).iter_errors(as_editor_sees(path)))
    assert error is not None
    assert error.json_path == "$.claims[0].estimate.unit"
    assert "halving_time_months" in error.message  # the enum is listed, the nearest among them
    assert "Additional properties" not in error.message


def test_a_misspelt_section_is_named_at_the_top(tmp_path: Path) -> None:
    good = PAPER.replace("UNIT", "halving_time_months")
    path = write(tmp_path, good.replace("claims:", "claim:"))
    error = best_match(validator(PAPER_FILE_SCHEMA).iter_errors(as_editor_sees(path)))
    assert error is not None
    assert error.json_path == "$"
    assert "'claim' was unexpected" in error.message


def test_the_good_version_of_that_file_is_clean_in_both(tmp_path: Path) -> None:
    path = write(tmp_path, PAPER.replace("UNIT", "halving_time_months"))
    assert isinstance(load_paper_file(path), PaperFile)
    assert list(validator(PAPER_FILE_SCHEMA).iter_errors(as_editor_sees(path))) == []


def test_a_draft_written_to_a_file_names_the_schema_relative_to_it(tmp_path: Path) -> None:
    target = tmp_path / "drafts" / "new-paper.yaml"
    target.parent.mkdir()
    target.write_text(draft_from_text("It halves every 8 months.", "n.txt", target), "utf-8")
    assert modeline_target(target) == PAPER_FILE_SCHEMA.path.resolve()
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert not Path(first.removeprefix(SCHEMA_LINE_PREFIX)).is_absolute()


def test_a_printed_draft_names_the_schema_by_its_absolute_path() -> None:
    first = draft_from_text("It halves every 8 months.", "n.txt").splitlines()[0]
    named = Path(first.removeprefix(SCHEMA_LINE_PREFIX))
    assert named.is_absolute() and named == PAPER_FILE_SCHEMA.path.resolve()
