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
    DIFFERENT_SCALE = "different_scale"  # only when pooling at one stated compute scale
    NO_INTERVAL = "no_interval"  # only when points are not imputed (basis none)
    DIFFERENT_DOMAIN = "different_domain"  # measured on another task than the pool's
    UPPER_BOUND = "upper_bound"  # "up to N": a bound, not an estimate
    DUPLICATE = "duplicate"  # the same source's figure restated (another unit, another file)
    RESTATEMENT = "restatement"  # only restates a claim it cites: no weight of its own
    UNCOMPUTABLE = "uncomputable"  # its stored figure could not be normalized


class UncertaintyBasis(StrEnum):
    """On what grounds a pooled estimate got its standard error (and so its weight)."""

    STATED = "stated"  # an interval with its confidence level
    RANGE = "range"  # an interval without a level, read by the range convention
    IMPUTED = "imputed"  # a point: se from the imputation rule
    NONE = "none"  # no se: not pooled


class ImputationRule(StrEnum):
    """How a point estimate gets its standard error (see reconcile.uncertainty)."""

    LARGEST_SE = "largest_se"  # the largest se of the pool's stated or range estimates
    RELATIVE = "relative"  # a share of its own ln r, read as a range
    NONE = "none"  # points are not pooled


class Moderator(StrEnum):
    """A property of the estimates that may explain why they disagree."""

    CATEGORY = "category"  # the driver the source credits
    SCALE_BOUND = "scale_bound"  # holds at one compute scale, or is critiqued as scale-dependent
    CRITIQUE_KIND = "critique_kind"  # the kind of critique targeting it ("none" if none)
    PERIOD = "period"  # groups of periods sharing at least half their span


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
    alternative: str | None = None


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
    source_key: str | None = None  # the source's identity: its url if it has one, else its id
    upper_bound: bool = False
    domain: str | None = None
    cites: list[str] = Field(default_factory=list)


class LeftOut(_Frozen):
    """A claim not pooled, and why (visible so a reader can judge the pooled value)."""

    claim_id: str = Field(description="Id of the claim left out.")
    reason: LeftOutReason = Field(description="Why it was left out.")
    detail: str = Field(description="The reason in words.")


class PoolMember(_Frozen):
    """One pooled estimate: its basis, the interval and se(ln r) it entered with, its weight."""

    claim_id: str = Field(description="Id of the pooled claim.")
    basis: UncertaintyBasis = Field(
        description="How its uncertainty was read: stated, range or imputed."
    )
    r: float = Field(description="Its annual multiplier.")
    r_low: float = Field(description="Low end of its interval of r, as weighed.")
    r_high: float = Field(description="High end of its interval of r, as weighed.")
    se_ln_r: float = Field(description="Its standard error on ln r, as weighed.")
    weight: float = Field(description="Its share of the random-effects weights (they sum to 1).")
    critiqued: bool = Field(default=False, description="Whether a critique targets it.")


class LeaveOneOut(_Frozen):
    """The pool without one estimate, and how far that estimate lies from the others.

    The influence is log10(r of the full pool) - log10(r without it): positive when the
    estimate pulls the pool up. The residual is externally standardized (its ln r minus the
    others' pooled ln r, over sqrt(its variance + the others' tau2 + the others' se^2)); it
    lies outside the prediction interval when its r is outside the others' prediction
    interval.
    """

    claim_id: str = Field(description="Id of the claim left out.")
    k: int = Field(description="Estimates in the pool without it.")
    r: float | None = Field(default=None, description="The pool without it.")
    r_low: float | None = Field(default=None, description="Low end of that pool's interval.")
    r_high: float | None = Field(default=None, description="High end of that pool's interval.")
    pi_low: float | None = Field(
        default=None, description="Low end of that pool's prediction interval."
    )
    pi_high: float | None = Field(
        default=None, description="High end of that pool's prediction interval."
    )
    tau2: float | None = Field(default=None, description="Between-estimate variance without it.")
    i2: float | None = Field(default=None, description="I squared without it.")
    influence_log10: float | None = Field(
        default=None,
        description="How far leaving it out moves the pool, in orders of magnitude per year.",
    )
    std_residual: float | None = Field(
        default=None, description="Its standardized residual against the others."
    )
    outside_prediction: bool | None = Field(
        default=None, description="Whether it lies outside the others' prediction interval."
    )


class PoolSummary(_Frozen):
    """A pool of part of a quantity's estimates (stated-only, without critiqued, adjusted)."""

    k: int = Field(description="Estimates in this pool.")
    r: float | None = Field(default=None, description="Pooled annual multiplier.")
    r_low: float | None = Field(default=None, description="Low end of its interval.")
    r_high: float | None = Field(default=None, description="High end of its interval.")
    pi_low: float | None = Field(default=None, description="Low end of its prediction interval.")
    pi_high: float | None = Field(default=None, description="High end of its prediction interval.")
    tau2: float | None = Field(default=None, description="Between-estimate variance.")
    i2: float | None = Field(default=None, description="I squared.")
    claim_ids: list[str] = Field(
        default_factory=list, description="Ids of the claims in this pool."
    )
    note: str | None = Field(default=None, description="Which case applies, e.g. nothing to pool.")


class SubgroupPool(_Frozen):
    """The pool of the estimates sharing one level of a moderator."""

    moderator: Moderator = Field(description="The moderator the subgroup splits by.")
    level: str = Field(description="The moderator's value for this subgroup.")
    k: int = Field(description="Estimates in the subgroup.")
    r: float | None = Field(default=None, description="The subgroup's pooled annual multiplier.")
    r_low: float | None = Field(default=None, description="Low end of its interval.")
    r_high: float | None = Field(default=None, description="High end of its interval.")
    tau2: float | None = Field(
        default=None, description="Between-estimate variance within the subgroup."
    )
    claim_ids: list[str] = Field(
        default_factory=list, description="Ids of the claims in the subgroup."
    )


class ModeratorFit(_Frozen):
    """A meta-regression of ln r on one moderator's levels, with random-effects weights.

    The R squared is the share of tau2 the moderator explains, (tau2 - residual tau2) /
    tau2, within 0..1 (as metafor reports it); empty when tau2 is 0 (nothing to explain) or
    the moderator does not vary. QM tests the moderator, QE the residual heterogeneity.
    """

    moderator: Moderator = Field(description="The moderator regressed on.")
    levels: list[str] = Field(description="Its values among the pooled estimates.")
    k: int = Field(description="Estimates in the regression.")
    estimable: bool = Field(
        description="Whether the regression could be fitted (enough estimates per level)."
    )
    tau2_residual: float | None = Field(
        default=None,
        description="Between-estimate variance left once the moderator is accounted for.",
    )
    r2: float | None = Field(
        default=None, description="Share of tau2 the moderator explains (0..1)."
    )
    qm: float | None = Field(default=None, description="Test statistic of the moderator.")
    qe: float | None = Field(default=None, description="Residual heterogeneity statistic.")
    note: str | None = Field(
        default=None, description="Why it could not be fitted, when it could not."
    )


class PooledEstimate(_Frozen):
    """Random-effects pooled annual multiplier of one quantity.

    k counts the pooled estimates, and a count per basis gives those of each basis. With
    k = 0 every r field is empty; with k = 1 the single estimate is returned and no
    heterogeneity is reported (none can be estimated from one study). The interval of r is
    the Hartung-Knapp-Sidik-Jonkman one (t with k-1 df, scale never below 1), beside the
    prediction interval for a new estimate (as metafor reports it). A quantity whose cost
    falls reports a halving time, one that grows a doubling time. `note` says which case
    applies; `assumption` states every convention under
    which estimates without a stated confidence level were weighed.
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
    domain: str | None = Field(default=None, description="Task domain of the quantity pooled.")
    doubling_months: float | None = Field(
        default=None, description="The pooled rate as a doubling time, for a growing quantity."
    )
    k_stated: int = Field(default=0, description="Estimates pooled with a stated-level interval.")
    k_range: int = Field(default=0, description="Estimates pooled from a range without a level.")
    k_imputed: int = Field(default=0, description="Point estimates pooled with an imputed se.")
    interval_method: str | None = Field(
        default=None, description="How the interval of r was made (HKSJ, or the estimate's own)."
    )
    hksj_scale: float | None = Field(
        default=None, description="The Hartung-Knapp scale factor applied (never below 1)."
    )
    pi_low: float | None = Field(
        default=None, description="Low end of the prediction interval for a new estimate."
    )
    pi_high: float | None = Field(
        default=None, description="High end of the prediction interval for a new estimate."
    )
    estimates: list[PoolMember] = Field(
        default_factory=list, description="Every pooled estimate with its basis, se and weight."
    )
    leave_one_out: list[LeaveOneOut] = Field(
        default_factory=list, description="The pool recomputed without each estimate in turn."
    )
    influential_claim_id: str | None = Field(
        default=None, description="The estimate whose removal moves the pool most."
    )
    stated_only: PoolSummary | None = Field(
        default=None, description="The pool of estimates with a stated-level interval only."
    )
    without_critiqued: PoolSummary | None = Field(
        default=None, description="The pool without estimates a critique targets."
    )
    critique_adjusted: PoolSummary | None = Field(
        default=None,
        description="The pool with critiqued estimates left out or replaced by the critique's "
        "alternative.",
    )
    adjustments: list[str] = Field(
        default_factory=list, description="What the critique-adjusted pool changed, in words."
    )
    subgroups: list[SubgroupPool] = Field(
        default_factory=list, description="Pools per level of each moderator."
    )
    moderators: list[ModeratorFit] = Field(
        default_factory=list,
        description="Meta-regression on each moderator, with its share of tau2.",
    )
    best_moderator: Moderator | None = Field(
        default=None, description="The moderator that explains the most between-estimate variance."
    )
    best_moderator_r2: float | None = Field(
        default=None, description="Share of tau2 the best moderator explains (0..1)."
    )
    best_moderator_aliases: list[Moderator] = Field(
        default_factory=list, description="Moderators that split the estimates the same way."
    )
    explanation: str | None = Field(
        default=None, description="Why the estimates disagree, in one sentence, from the numbers."
    )


class SkippedRecord(_Frozen):
    """A claim the pass could not compute with: reported, left out, and the rest computed."""

    claim_id: str = Field(description="Id of the claim skipped.")
    quantity_id: str = Field(description="Id of its quantity.")
    reason: str = Field(description="Why it could not be computed.")


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
    a_basis: UncertaintyBasis | None = Field(
        default=None, description="Uncertainty basis of the first claim."
    )
    b_basis: UncertaintyBasis | None = Field(
        default=None, description="Uncertainty basis of the second claim."
    )


class Deviation(_Frozen):
    """One estimate against the rest of its quantity, judged by its own uncertainty basis."""

    quantity_id: str = Field(description="Id of the quantity.")
    claim_id: str = Field(description="Id of the deviating claim.")
    basis: UncertaintyBasis = Field(description="The claim's uncertainty basis.")
    r: float = Field(description="The claim's annual multiplier.")
    others_r: float = Field(description="The pool of the other estimates.")
    others_pi_low: float = Field(description="Low end of the others' prediction interval.")
    others_pi_high: float = Field(description="High end of the others' prediction interval.")
    std_residual: float = Field(description="Standardized residual against the others.")
    outside_prediction: bool = Field(
        description="Whether it lies outside their prediction interval."
    )
    explained: bool = Field(description="Whether something accounts for the deviation.")
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
    mixed: list[str] = Field(
        default_factory=list, description="The two (or more) scopes, quantities or domains mixed."
    )


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
    deviations: list[Deviation] = Field(default_factory=list)
    skipped: list[SkippedRecord] = Field(default_factory=list)
    created: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0

    @property
    def new_flags(self) -> list[Flag]:
        """Flags this pass raised that were not in the graph before it."""
        created = set(self.created)
        return [flag for flag in self.flags if flag.id in created]
