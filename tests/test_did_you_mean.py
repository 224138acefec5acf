"""`did you mean` for a unit, an enum value or an id one or two edits from a known one.

The paper files here are written for these tests (a made-up source); the catalogue is the
shipped one, so a misspelt quantity id is compared with the ids a curator really has.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import PaperFileError, read_paper_file
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.ingest.suggestions import close_matches, did_you_mean, edit_distance
from tests.graph_checksum import graph_checksum

CATALOGUE = Path(__file__).resolve().parents[1] / "corpus" / "quantities.yaml"

PAPER = """\
source:
  id: tuning-notes-2025
  title: Notes on tuning small language models
  kind: blog_post
  year: 2025
claims:
  - id: tuning-notes-2025-halving-ten-months
    quantity: {quantity}
    category: algorithmic
    statement: Compute needed for a fixed score halves about every ten months.
    estimate:
      value: 10
      unit: {unit}
"""


def _paper(tmp_path: Path, *, quantity: str, unit: str = "halving_time_months") -> Path:
    path = tmp_path / "tuning-notes-2025.yaml"
    path.write_text(PAPER.format(quantity=quantity, unit=unit), encoding="utf-8")
    return path


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit() -> None:
    # kitten -> sitten -> sittin -> sitting: the textbook three edits
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("halving", "hlaving") == 1  # "al" swapped
    assert edit_distance("", "abc") == 3


def test_only_values_within_two_edits_are_suggested() -> None:
    units = ["halving_time_months", "doubling_time_months", "share"]
    assert close_matches("halving_time_month", units) == ["halving_time_months"]
    assert close_matches("doubling_tme_month", units) == ["doubling_time_months"]
    assert close_matches("halving_time_months", units) == []  # exact: nothing to suggest
    assert close_matches("shore", units) == ["share"]
    assert did_you_mean("furlongs", units) == ""  # unlike anything: no guess
    assert did_you_mean(12, units) == ""  # not text (a number where a unit was due)


def test_a_misspelt_unit_names_the_unit_meant(tmp_path: Path) -> None:
    path = _paper(
        tmp_path, quantity="llm-training-algorithmic-efficiency", unit="halving_time_month"
    )
    with pytest.raises(PaperFileError) as caught:
        read_paper_file(path)
    error = caught.value
    assert (error.line, error.field) == (13, "claims[0].estimate.unit")
    assert "did you mean 'halving_time_months'?" in error.message
    assert "expected one of 'halving_time_months'" in error.message  # the full list stays


def test_a_unit_unlike_any_gets_the_list_and_no_guess(tmp_path: Path) -> None:
    path = _paper(tmp_path, quantity="llm-training-algorithmic-efficiency", unit="furlongs")
    with pytest.raises(PaperFileError) as caught:
        read_paper_file(path)
    assert "did you mean" not in caught.value.message
    assert "expected one of" in caught.value.message


def test_a_misspelt_enum_value_names_the_value_meant(tmp_path: Path) -> None:
    path = _paper(tmp_path, quantity="llm-training-algorithmic-efficiency")
    path.write_text(path.read_text().replace("category: algorithmic", "category: algoritmic"))
    with pytest.raises(PaperFileError) as caught:
        read_paper_file(path)
    assert caught.value.field == "claims[0].category"
    assert "did you mean 'algorithmic'?" in caught.value.message


def test_a_misspelt_quantity_id_held_by_the_graph_is_named(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    ingest_paths(driver, neo4j_target.database, [CATALOGUE])
    before = graph_checksum(driver, neo4j_target.database)
    path = _paper(tmp_path, quantity="llm-training-algoritmic-efficiency")  # one letter short
    with pytest.raises(PaperFileError) as caught:
        ingest_paths(driver, neo4j_target.database, [path])
    (error,) = caught.value.errors
    assert (error.file, error.line, error.field) == (path, 8, "claims[0].quantity")
    assert "unknown quantity 'llm-training-algoritmic-efficiency'" in error.message
    assert error.message.endswith("did you mean 'llm-training-algorithmic-efficiency'?")
    assert graph_checksum(driver, neo4j_target.database) == before


def test_a_misspelt_quantity_id_defined_in_the_same_run_is_named(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    path = _paper(tmp_path, quantity="llm-inferense-efficiency")
    with pytest.raises(PaperFileError) as caught:
        ingest_paths(driver, neo4j_target.database, [CATALOGUE, path], dry_run=True)
    (error,) = caught.value.errors
    assert "did you mean 'llm-inference-efficiency'?" in error.message
