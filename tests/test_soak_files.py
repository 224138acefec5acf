"""The fault and abuse suite, files: every hostile input refused cleanly, nothing changed.

Each case of tests/hostile_catalogue.py goes in three ways: as a file through the
library's ingest (`ingest_paths`), as text through ingestPaper's path (`ingest_texts`),
and as a file through the `claimgraph ingest` command itself. Each must raise (or print,
with exit status 1) exactly its expected `FILE:LINE: FIELD: MESSAGE`, and the graph's
checksum (every node and link with every property) must be the same afterwards. Then a
seeded fuzz mutates the corpus files; each mutant must be refused cleanly or, if it
validates, be computable by the reconciliation arithmetic. Each test prints its counts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from pydantic import ValidationError
from typer.testing import CliRunner

from claimgraph.cli.app import app
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR, PaperFileError, check_paper_text
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.ingest.text_ingest import ingest_texts
from claimgraph.reconcile.derive import derive
from claimgraph.schemas.computable import Figure, decomposition_problems
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.estimate import Estimate
from claimgraph.schemas.ingest_report import IngestReport
from claimgraph.schemas.paper_file import PaperFile
from claimgraph.schemas.reconciliation_inputs import (
    ClaimInput,
    DecompositionInput,
    FactorInput,
    ReconciliationInputs,
)
from tests.cli_support import neo4j_env
from tests.graph_checksum import graph_checksum
from tests.hostile_catalogue import GRAPH_CASES, GraphCase, file_cases

pytestmark = pytest.mark.soak


@dataclass
class Tally:
    """What happened to the inputs of one run of the suite."""

    what: str
    tried: int = 0
    refused_cleanly: int = 0
    misplaced: list[str] = field(default_factory=list)  # refused, but not as expected
    accepted: list[str] = field(default_factory=list)  # not refused at all
    crashed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # the graph was not the same after

    def line(self) -> str:
        return (
            f"{self.what}: tried {self.tried}, refused cleanly {self.refused_cleanly}, "
            f"misplaced {len(self.misplaced)}, accepted {len(self.accepted)}, "
            f"crashed {len(self.crashed)}, graph changed {len(self.changed)}"
        )

    def check(self) -> None:
        print(f"\n{self.line()}")
        for problem in (*self.misplaced, *self.accepted, *self.crashed, *self.changed):
            print(f"  {problem}")
        assert (self.misplaced, self.accepted, self.crashed, self.changed) == ([], [], [], [])
        assert self.refused_cleanly == self.tried


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _attempt(
    tally: Tally,
    name: str,
    expected: tuple[Path, int, str, str],
    run: Callable[[], object],
    checksum: Callable[[], str],
) -> None:
    """Run one ingest that must be refused; count how it went."""
    tally.tried += 1
    before = checksum()
    file, line, field_name, words = expected
    try:
        run()
    except PaperFileError as error:
        where = (error.file, error.line, error.field)
        if where == (file, line, field_name) and words in error.message:
            tally.refused_cleanly += 1
        else:
            tally.misplaced.append(f"{name}: {error}")
    except Exception as error:
        tally.crashed.append(f"{name}: {type(error).__name__}: {str(error)[:300]}")
    else:
        tally.accepted.append(name)
    if checksum() != before:
        tally.changed.append(name)


def _attempt_cli(
    tally: Tally,
    name: str,
    expected: tuple[Path, int, str, str],
    env: Mapping[str, str | None],
    checksum: Callable[[], str],
) -> None:
    """Run `claimgraph ingest FILE`; it must exit 1 printing the expected error line."""
    tally.tried += 1
    before = checksum()
    file, line, field_name, words = expected
    result = CliRunner().invoke(app, ["ingest", str(file)], env=env)
    lines = [line for line in result.output.splitlines() if line.startswith("error ")]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tally.crashed.append(f"{name}: {type(result.exception).__name__}: {result.exception}")
    elif result.exit_code != 1:
        tally.accepted.append(f"{name}: exit {result.exit_code}")
    elif (
        lines
        and lines[0].startswith(f"error {file}:{line}: {field_name}: ")
        and words in lines[0]
        and "Traceback" not in result.output
    ):
        tally.refused_cleanly += 1
    else:
        tally.misplaced.append(f"{name}: {result.output[:400]}")
    if checksum() != before:
        tally.changed.append(name)


@pytest.fixture(scope="module")
def graph(corpus_loaded: IngestReport, session_driver: Driver) -> Driver:
    return session_driver


def test_every_hostile_file_is_refused_where_expected_and_changes_nothing(
    graph: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    env = neo4j_env(neo4j_target, columns=100000)  # one error, one line, however long

    def checksum() -> str:
        return graph_checksum(graph, db)

    library, text, command = Tally("library"), Tally("ingestPaper text"), Tally("command")
    for index, case in enumerate(file_cases()):
        folder = tmp_path / f"case-{index}" / case.folder
        path = folder / case.file_name
        if case.file_too:
            _write(path, case.content)
            expected = (path, case.line, case.field, case.words)
            _attempt(
                library,
                case.name,
                expected,
                lambda path=path: ingest_paths(graph, db, [path]),  # type: ignore[misc]
                checksum,
            )
            _attempt_cli(command, case.name, expected, env, checksum)
        if case.text_too and isinstance(case.content, str):
            content = case.content
            named = (Path(case.file_name), case.line, case.field, case.words)
            _attempt(
                text,
                case.name,
                named,
                lambda case=case, content=content: ingest_texts(  # type: ignore[misc]
                    graph, db, [(case.file_name, content)]
                ),
                checksum,
            )
    for tally in (library, text, command):
        tally.check()


def _graph_case(driver: Driver, db: str, folder: Path, case: GraphCase) -> Path:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    setup = [_write(folder / name, text) for name, text in case.setup.items()]
    ingest_paths(driver, db, [CORPUS_DIR, *setup])
    return _write(folder / case.folder / case.file_name, case.content)


def test_files_refused_against_the_graph_change_nothing(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    """Takeovers, the same source twice, a claim others cite dropped, a figure that breaks
    another file's decomposition: each refused naming both files, the graph untouched."""
    db = neo4j_target.database
    env = neo4j_env(neo4j_target, columns=100000)  # one error, one line, however long

    def checksum() -> str:
        return graph_checksum(driver, db)

    library, text, command = (
        Tally("graph cases, library"),
        Tally("graph cases, text"),
        Tally("graph cases, command"),
    )
    for index, case in enumerate(GRAPH_CASES):
        folder = tmp_path / f"graph-{index}"
        path = _graph_case(driver, db, folder, case)
        expected = (path, case.line, case.field, case.words)
        _attempt(
            library,
            case.name,
            expected,
            lambda path=path: ingest_paths(driver, db, [path]),  # type: ignore[misc]
            checksum,
        )
        _attempt_cli(command, case.name, expected, env, checksum)
        if case.file_name not in case.setup:  # text is another origin than the file edited
            content = str(case.content)
            named = (Path(case.file_name), case.line, case.field, case.words)
            _attempt(
                text,
                case.name,
                named,
                lambda case=case, content=content: ingest_texts(  # type: ignore[misc]
                    driver, db, [(case.file_name, content)]
                ),
                checksum,
            )
    for tally in (library, text, command):
        tally.check()


# --- a seeded fuzz over the corpus -------------------------------------------------------

HOSTILE_VALUES = [
    ".nan", ".inf", "-.inf", "1e400", "1e-300", "0", "-1", "0.00001", "400", "1e11", "-100",
    "100", "99.9999999999", "1.0e+308", "9" * 5000, "2024-02-30",
    "!!python/object/apply:os.system [x]", "*undefined", "&a [*a]", "<<", "'", "[", "{",
    "{a: 1}", "[1, 2]", "~", "true", "''", "a" * 12000, "\x00", "!!binary aGk=", "!foo bar",
    "=", "-", "? x", "|\n  block", "0x7fffffffffffffffff", "2e-324", "1_000",
    "[" * 40 + "]" * 40,
]  # fmt: skip


def _mutants(count: int, seed: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    files = sorted(CORPUS_DIR.glob("*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in files]
    for number in range(count):
        pick = rng.randrange(len(files))
        lines = texts[pick].splitlines()
        at = rng.randrange(len(lines))
        kind = rng.randrange(6)
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[at])
        elif kind == 2 and ": " in lines[at]:
            key = lines[at].split(": ", 1)[0]
            lines[at] = f"{key}: {rng.choice(HOSTILE_VALUES)}"
        elif kind == 3:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == 4:
            cut = rng.randrange(len(lines[at]) + 1)
            lines[at] = lines[at][:cut] + rng.choice(["\t", "#", ":", "- ", "&x ", "*x", "\u2028"])
        else:
            lines = lines[:at]
        yield f"mutant-{number}-{files[pick].name}", "\n".join(lines) + "\n"


def _finite_everywhere(value: Any, where: str = "") -> list[str]:
    if isinstance(value, float):
        return [] if math.isfinite(value) else [f"{where}={value}"]
    if isinstance(value, dict):
        return [
            bad for key, item in value.items() for bad in _finite_everywhere(item, f"{where}.{key}")
        ]
    if isinstance(value, list):
        return [
            bad for i, item in enumerate(value) for bad in _finite_everywhere(item, f"{where}[{i}]")
        ]
    return []


def computable(paper: PaperFile) -> list[str]:
    """Run the reconciliation arithmetic on a paper's own claims and decompositions;
    what it could not compute (an exception, or a non-finite number in its results)."""
    claims: dict[str, list[ClaimInput]] = {}
    for claim in paper.claims:
        e = claim.estimate
        claims.setdefault(claim.quantity, []).append(
            ClaimInput(
                id=claim.id,
                quantity_id=claim.quantity,
                value=e.value,
                unit=e.unit.value,
                low=e.interval.low if e.interval else None,
                high=e.interval.high if e.interval else None,
                level=e.interval.level if e.interval else None,
                years=e.years,
                category=claim.category.value,
                scale=e.compute_scale_flop,
                start_year=e.period.start_year if e.period else None,
                end_year=e.period.end_year if e.period else None,
            )
        )
    by_id = {c.id: c.estimate for c in paper.claims}
    decompositions = [
        DecompositionInput(
            id=d.id,
            tolerance=d.tolerance,
            total=FactorInput(
                d.total, by_id[d.total].value, by_id[d.total].unit.value, by_id[d.total].years
            ),
            factors=tuple(
                FactorInput(f, by_id[f].value, by_id[f].unit.value, by_id[f].years)
                for f in d.factors
            ),
        )
        for d in paper.decompositions
        if d.total in by_id and all(f in by_id for f in d.factors)
    ]
    try:
        result = derive(ReconciliationInputs(claims=claims, decompositions=decompositions))
    except Exception as error:
        return [f"{type(error).__name__}: {error}"]
    return _finite_everywhere(result.model_dump(mode="python"))


def test_mutated_corpus_files_are_refused_cleanly_or_computable() -> None:
    tried = refused = valid = 0
    crashed: list[str] = []
    poisoned: list[str] = []
    for name, text in _mutants(400, seed=10):
        tried += 1
        try:
            loaded, errors = check_paper_text(text, name)
        except Exception as error:
            crashed.append(f"{name}: {type(error).__name__}: {str(error)[:200]}")
            continue
        if errors:
            refused += 1
            assert all(str(e).startswith(f"{name}:") and "\n" not in str(e) for e in errors)
            continue
        valid += 1
        assert loaded is not None
        if loaded.paper is not None:
            poisoned.extend(f"{name}: {problem}" for problem in computable(loaded.paper))
    print(
        f"\ncorpus fuzz: tried {tried}, refused cleanly {refused}, valid {valid} "
        f"(computable {valid - len(poisoned)}), crashed {len(crashed)}"
    )
    assert crashed == [] and poisoned == []
    assert refused > 100 and valid > 50  # the fuzz exercised both sides


UNITS = st.sampled_from(list(Unit))
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e3, max_value=1e3),
    st.sampled_from(
        [1e-300, 1e-9, 0.36, 0.3612, 0.5, 1.0, 12_000.0, 12_001.0, 1e10, 1e11, 99.999999]
    ),
)


@settings(max_examples=600, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@example(unit=Unit.ORDERS_OF_MAGNITUDE_PER_YEAR, value=400.0, width=None, level=None, years=None)
@example(unit=Unit.HALVING_TIME_MONTHS, value=1e-5, width=None, level=None, years=None)
@example(unit=Unit.HALVING_TIME_MONTHS, value=8.0, width=3.0, level=1e-300, years=None)
@example(unit=Unit.MULTIPLIER_PER_YEAR, value=1e200, width=1e199, level=0.95, years=None)
@example(unit=Unit.FACTOR_OVER_YEARS, value=1e300, width=None, level=None, years=0.5)
@given(
    unit=UNITS,
    value=NUMBERS,
    width=st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)),
    level=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    years=st.one_of(st.none(), NUMBERS),
)
def test_an_estimate_that_validates_is_computable_alone_and_as_a_factor(
    unit: Unit, value: float, width: float | None, level: float | None, years: float | None
) -> None:
    """Whatever figure validates must normalize, pool and enter a decomposition without an
    exception or a non-finite number, beside a plain 8-month halving time."""
    interval = (
        None
        if width is None or not math.isfinite(value)
        else {"low": value - width, "high": value + width, "level": level}
    )
    raw = {"value": value, "unit": unit.value, "interval": interval, "years": years}
    try:
        estimate = Estimate.model_validate(raw)
    except ValidationError:
        return  # refused: nothing to compute
    figure = estimate.model_dump(mode="python", exclude_none=True)
    claims = [
        _claim("figure", figure),
        _claim("reference", {"value": 8.0, "unit": "halving_time_months"}),
    ]
    decompositions = []
    total = Figure(Unit.FACTOR_OVER_YEARS, 600.0, 7.0)  # Byrnes: 600x in 7 years
    if not decomposition_problems(
        "total", ["figure"], {"total": total, "figure": Figure.of(estimate)}
    ):
        claims.append(_claim("total", {"value": 600.0, "unit": "factor_over_years", "years": 7.0}))
        decompositions.append({"id": "split", "total": "total", "factors": ["figure"]})
    paper = PaperFile.model_validate(
        {
            "source": {"id": "s", "title": "T", "kind": "paper"},
            "claims": claims,
            "decompositions": decompositions,
        }
    )
    assert computable(paper) == []


def _claim(claim_id: str, estimate: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": claim_id,
        "quantity": "q",
        "category": "algorithmic",
        "statement": "A figure.",
        "estimate": estimate,
    }
