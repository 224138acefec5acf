"""Inputs and results of the reconciliation step (normalize, pool, conflict, decompose).

The models are frozen and use plain field types (str, float, int, bool, list, enums,
nested models) because the GraphQL types are derived from them and the graph stores
them as node properties. Nothing here computes anything: the arithmetic lives in
`reconcile/`.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from claimgraph.schemas.enums import Category, CritiqueKind, FlagKind, Unit


class _Frozen(BaseModel):
    """Immutable, strict about unknown fields: a result is a fact, not a draft."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class EstimateKind(StrEnum):
    """What a normalized figure is; only rates can be pooled or turned into halving times."""

    RATE = "rate"  # an annual multiplier r
    FACTOR = "factor"  # a one-time multiplier, kept as stated
    SHARE = "share"  # a fraction of a total, kept as stated
    ABSOLUTE = "absolute"  # a cost or a count, kept as stated


class PoolingMethod(StrEnum):
    """Between-study variance estimator passed to statsmodels' `combine_effects`."""

    PAULE_MANDEL = "paule_mandel"  # method_re="iterated"
    DERSIMONIAN_LAIRD = "dersimonian_laird"  # method_re="chi2"


class LeftOutReason(StrEnum):
    """Why an estimate did not enter a pooled value."""

    DIFFERENT_QUANTITY = "different_quantity"
    ONE_TIME_FACTOR = "one_time_factor"
    NOT_A_RATE = "not_a_rate"  # a share or an absolute figure
    DIFFERENT_SCALE = "different_scale"
    NO_INTERVAL = "no_interval"


class ExplanationKind(StrEnum):
    """What may account for two estimates of one quantity disagreeing."""

    CRITIQUE = "critique"
    CATEGORY = "category"
    COMPUTE_SCALE = "compute_scale"
    PERIOD = "period"
    UNEXPLAINED = "unexplained"


class NormalizedEstimate(_Frozen):
    """One stated figure, kept as stated and, if it is a rate, as an annual multiplier r.

    A rate has r, its log and its interval of r; a factor, share or absolute figure keeps
    its value and range as stated and leaves every r field empty.
    """

    kind: EstimateKind = Field(description="Rate, one-time factor, share or absolute figure.")
    unit: Unit = Field(description="The unit the figure was stated in.")
    value: float = Field(description="The figure as stated.")
    low: float | None = Field(default=None, description="Low end of the stated range, if any.")
    high: float | None = Field(default=None, description="High end of the stated range, if any.")
    level: float | None = Field(default=None, description="Coverage of the stated range, if given.")
    years: float | None = Field(default=None, description="Span of a factor over years.")
    r: float | None = Field(default=None, description="Annual multiplier: times better per year.")
    log10_r: float | None = Field(default=None, description="Orders of magnitude per year.")
    halving_months: float | None = Field(
        default=None, description="Months to halve the cost, 12 ln 2 / ln r; only when r > 1."
    )
    r_low: float | None = Field(
        default=None, description="Low end of r (r itself for a point estimate)."
    )
    r_high: float | None = Field(
        default=None, description="High end of r (r itself for a point estimate)."
    )
    se_ln_r: float | None = Field(
        default=None,
        description="Standard error of ln r; only for a stated range with its confidence level.",
    )
    assumption: str | None = Field(
        default=None, description="The assumption the normalization had to make, if any."
    )


class CritiqueRef(_Frozen):
    """A critique targeting a claim, reduced to what reconciliation needs."""

    critique_id: str
    kind: CritiqueKind


class EstimateRecord(_Frozen):
    """One claim's normalized estimate with the context that pooling and conflicts use."""

    claim_id: str
    quantity_id: str
    estimate: NormalizedEstimate
    category: Category | None = None
    compute_scale_flop: float | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    critiques: list[CritiqueRef] = Field(default_factory=list)


class LeftOut(_Frozen):
    """A claim not pooled, and why (visible so a reader can judge the pooled value)."""

    claim_id: str = Field(description="Id of the claim left out.")
    reason: LeftOutReason = Field(description="Why it was left out.")
    detail: str = Field(description="The reason in words.")


class PooledEstimate(_Frozen):
    """Random-effects pooled annual multiplier of one quantity.

    k counts the pooled estimates. With k = 0 every r field is empty; with k = 1 the
    single estimate is returned and tau2, i2 and q are empty (no heterogeneity can be
    estimated from one study). `note` says which case applies; `assumption` is set
    whenever point estimates were pooled under an assumed standard error.
    """

    quantity_id: str = Field(description="Id of the quantity pooled.")
    k: int = Field(description="How many estimates entered the pool.")
    method: PoolingMethod = Field(description="Between-estimate variance estimator.")
    level: float = Field(description="Coverage of the interval of r (0.95).")
    r: float | None = Field(default=None, description="Pooled annual multiplier.")
    r_low: float | None = Field(default=None, description="Low end of the interval of r.")
    r_high: float | None = Field(default=None, description="High end of the interval of r.")
    log10_r: float | None = Field(default=None, description="Pooled orders of magnitude per year.")
    halving_months: float | None = Field(
        default=None, description="The pooled rate as a halving time in months."
    )
    ln_r: float | None = Field(default=None, description="Pooled natural log of r.")
    se_ln_r: float | None = Field(default=None, description="Standard error of the pooled ln r.")
    tau2: float | None = Field(
        default=None, description="Between-estimate variance of ln r (tau squared)."
    )
    i2: float | None = Field(
        default=None, description="Share of the variation due to heterogeneity (I squared)."
    )
    q: float | None = Field(default=None, description="Cochran's Q heterogeneity statistic.")
    pooled_claim_ids: list[str] = Field(
        default_factory=list, description="Ids of the claims that entered the pool."
    )
    left_out: list[LeftOut] = Field(
        default_factory=list, description="Claims of the quantity not pooled, each with why."
    )
    assumption: str | None = Field(
        default=None,
        description="Set when point estimates were pooled under an assumed standard error.",
    )
    note: str | None = Field(
        default=None, description="Which case applies: nothing pooled, one estimate, or more."
    )


class ConflictExplanation(_Frozen):
    """One reason two estimates may disagree; critique fields are set only for critiques."""

    kind: ExplanationKind = Field(description="What sort of explanation it is.")
    detail: str = Field(description="The explanation in words.")
    claim_id: str | None = Field(
        default=None, description="Id of the claim the explanation is about, if one."
    )
    critique_id: str | None = Field(
        default=None, description="Id of the explaining critique, for a critique."
    )
    critique_kind: CritiqueKind | None = Field(
        default=None, description="Kind of that critique, for a critique."
    )


class Conflict(_Frozen):
    """Two estimates of one quantity whose r intervals (or points) do not overlap.

    The first claim is the one whose id sorts first. `explanations` is never empty: it
    holds a single UNEXPLAINED entry when nothing accounts for the disagreement.
    """

    quantity_id: str = Field(description="Id of the quantity both claims measure.")
    claim_a: str = Field(description="Id of the first claim (the lower id).")
    claim_b: str = Field(description="Id of the second claim.")
    a_low: float = Field(description="Low end of the first claim's r.")
    a_high: float = Field(description="High end of the first claim's r.")
    b_low: float = Field(description="Low end of the second claim's r.")
    b_high: float = Field(description="High end of the second claim's r.")
    gap_log10: float = Field(
        description="Distance between the nearer ends, in orders of magnitude per year."
    )
    explained: bool = Field(description="Whether something accounts for the disagreement.")
    explanations: list[ConflictExplanation] = Field(
        description="What may account for it, or one UNEXPLAINED entry."
    )


class FactorShare(_Frozen):
    """One factor of a decomposition and its share of the total in log terms."""

    label: str = Field(description="Id of the factor claim.")
    factor: float = Field(description="The factor as stated.")
    log_share: float | None = Field(
        default=None, description="Its share of the total in log terms (0..1)."
    )


class DecompositionCheck(_Frozen):
    """Does the product of a claim's factors match its stated total, and what rate is it."""

    stated_total: float = Field(description="The total as stated.")
    product: float = Field(description="The product of the factors.")
    relative_error: float = Field(description="Relative mismatch of product and total.")
    rel_tol: float = Field(description="The tolerance the mismatch is judged by.")
    consistent: bool = Field(description="Whether the mismatch is within tolerance.")
    factors: list[FactorShare] = Field(description="Each factor with its share of the total.")
    years: float | None = Field(default=None, description="Span of the total, if over years.")
    implied_r: float | None = Field(default=None, description="The total as an annual multiplier.")
    implied_log10_r: float | None = Field(
        default=None, description="The total in orders of magnitude per year."
    )
    implied_halving_months: float | None = Field(
        default=None, description="The total as a halving time in months."
    )


class CeilingCheck(_Frozen):
    """An annual rate compounded over years vs the one-time factors said to produce it.

    required_multiplier = annual_rate ** years; factor_product is what the one-time
    factors give at most; exceeds is True when the rate needs more than they give,
    i.e. one-time gains were treated as a compounding trend.
    """

    annual_rate: float
    years: float
    required_multiplier: float
    factor_product: float
    shortfall: float
    shortfall_log10: float
    rate_supported_by_factors: float
    exceeds: bool


class Flag(_Frozen):
    """A conflation rule that fired: which rule, about what, involving which claims, and why."""

    id: str = Field(description="Stable id: the rule and the subject.")
    kind: FlagKind = Field(description="The rule family.")
    rule: str = Field(description="Name of the rule that fired.")
    subject: str = Field(description="Id of what the flag is about.")
    subject_label: str = Field(description="Label of the subject: Claim or Grouping.")
    claims: list[str] = Field(description="Ids of the claims involved.")
    reason: str = Field(description="One sentence saying why.")


class DecompositionResult(_Frozen):
    """A decomposition's factors checked against its stated total."""

    decomposition_id: str
    total_claim_id: str
    check: DecompositionCheck


class ReconciliationResult(_Frozen):
    """Everything one reconciliation pass derived, as written to the graph."""

    pooled: list[PooledEstimate]
    conflicts: list[Conflict]
    flags: list[Flag]
    decompositions: list[DecompositionResult]
    created: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0

    @property
    def new_flags(self) -> list[Flag]:
        """Flags this pass raised that were not in the graph before it."""
        created = set(self.created)
        return [flag for flag in self.flags if flag.id in created]
