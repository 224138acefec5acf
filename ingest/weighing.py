"""The weighing conventions of the reconciliation pass, as settings a user can change.

reconcile/ is pure and takes its `UncertaintyRules` as an argument; this is where the
environment is read, once, by every path that runs the pass (the CLI's ingest and reconcile,
the API's ingestPaper and its recomputed pools), so the stored consensus and the API agree.
Each pool's `assumption` names the conventions it was computed under.

    CLAIMGRAPH_RANGE_LEVEL=0.8         ranges without a level read as 80 % intervals
    CLAIMGRAPH_POINT_RULE=relative     points weighed by the relative rule (or largest_se, none)
    CLAIMGRAPH_POINT_HALF_WIDTH=0.25   the relative rule's half-width, a share of ln r
"""

from collections.abc import Callable
from functools import partial

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from claimgraph.reconcile.derive import derive
from claimgraph.reconcile.uncertainty import (
    POINT_RELATIVE_HALF_WIDTH,
    RANGE_LEVEL,
    UncertaintyRules,
)
from claimgraph.schemas.reconciliation import ImputationRule, ReconciliationResult
from claimgraph.schemas.reconciliation_inputs import ReconciliationInputs


class WeighingSettings(BaseSettings):
    """How estimates without a stated confidence level enter a pool (docs/paper-format.md)."""

    model_config = SettingsConfigDict(extra="ignore")

    range_level: float = Field(
        default=RANGE_LEVEL,
        ge=0.5,
        lt=1.0,
        validation_alias=AliasChoices("CLAIMGRAPH_RANGE_LEVEL"),
        description="The confidence level a range without one is read at.",
    )
    point_rule: ImputationRule = Field(
        default=ImputationRule.LARGEST_SE,
        validation_alias=AliasChoices("CLAIMGRAPH_POINT_RULE"),
        description="How a point without an interval gets its standard error.",
    )
    point_half_width: float = Field(
        default=POINT_RELATIVE_HALF_WIDTH,
        gt=0.0,
        le=1.0,
        validation_alias=AliasChoices("CLAIMGRAPH_POINT_HALF_WIDTH"),
        description="The relative rule: a point read as known to this share of its ln r.",
    )

    def rules(self) -> UncertaintyRules:
        return UncertaintyRules(
            range_level=self.range_level,
            imputation=self.point_rule,
            point_relative_half_width=self.point_half_width,
        )


def configured_rules() -> UncertaintyRules:
    return WeighingSettings().rules()


def configured_derive() -> Callable[[ReconciliationInputs], ReconciliationResult]:
    """The pass's pure function, bound to the configured conventions."""
    return partial(derive, rules=configured_rules())
