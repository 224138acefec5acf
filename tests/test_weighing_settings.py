"""The weighing conventions set from the environment reach the stored consensus."""

import math

import pytest
from neo4j import Driver
from pydantic import ValidationError

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.ingest.weighing import WeighingSettings, configured_rules
from claimgraph.reconcile.uncertainty import DEFAULT_RULES
from claimgraph.schemas.reconciliation import ImputationRule, UncertaintyBasis

CORE = "byrnes-2026-core-algorithmic-3-5x-since-2018"
NANO = "byrnes-2026-nanochat-algorithms-2x"
QUANTITY = "llm-training-algorithmic-efficiency"


def test_without_settings_the_documented_defaults_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLAIMGRAPH_RANGE_LEVEL", "CLAIMGRAPH_POINT_RULE", "CLAIMGRAPH_POINT_HALF_WIDTH"):
        monkeypatch.delenv(name, raising=False)
    assert configured_rules() == DEFAULT_RULES


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CLAIMGRAPH_RANGE_LEVEL", "1.5"),
        ("CLAIMGRAPH_RANGE_LEVEL", "0.3"),  # a range read as less likely than not to hold r
        ("CLAIMGRAPH_POINT_RULE", "largest"),
        ("CLAIMGRAPH_POINT_HALF_WIDTH", "0"),
    ],
)
def test_a_bad_setting_is_refused_by_its_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as refused:
        WeighingSettings()
    assert name in str(refused.value)


def test_range_level_and_point_rule_change_the_stored_weights(
    driver: Driver, neo4j_target: ConnectionTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ranges read as 50 % intervals: z(0.75) = 0.674490. The post's core algorithms, 3..5x
    # over 2018-2025: ln r from ln 3 / 7 to ln 5 / 7, width (1.609438 - 1.098612) / 7 =
    # 0.072975, se = 0.072975 / (2 * 0.674490) = 0.054097 (at the default 90 %: 0.022183).
    # Points by the relative rule: nanochat's 2x over 2019-2026, ln r = ln 2 / 7 = 0.099021,
    # read as known to half of that at the range level: 0.049511 / 0.674490 = 0.073405
    # (by the default largest-se rule it would take Epoch's 0.273).
    monkeypatch.setenv("CLAIMGRAPH_RANGE_LEVEL", "0.5")
    monkeypatch.setenv("CLAIMGRAPH_POINT_RULE", ImputationRule.RELATIVE.value)
    report = ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    assert report.reconciliation is not None
    pool = next(p for p in report.reconciliation.pooled if p.quantity_id == QUANTITY)
    members = {m.claim_id: m for m in pool.estimates}
    assert members[CORE].basis is UncertaintyBasis.RANGE
    assert members[CORE].se_ln_r == pytest.approx(math.log(5 / 3) / 7 / (2 * 0.674490), rel=1e-4)
    assert members[NANO].basis is UncertaintyBasis.IMPUTED
    assert members[NANO].se_ln_r == pytest.approx(0.5 * math.log(2) / 7 / 0.674490, rel=1e-4)
    assert pool.assumption is not None and "50%" in pool.assumption
