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

    For a rate: r, log10_r and the interval r_low..r_high are set (r_low = r_high = r
    for a point estimate; low/high stay None then); halving_months is
    set when r > 1 (no halving time exists otherwise); se_ln_r only when the source
    gave an interval with a confidence level. Factors, shares and absolutes keep
    value/low/high and leave every r field empty.
    """

    kind: EstimateKind
    unit: Unit
    value: float
    low: float | None = None
    high: float | None = None
    level: float | None = None
    years: float | None = None
    r: float | None = None
    log10_r: float | None = None
    halving_months: float | None = None
    r_low: float | None = None
    r_high: float | None = None
    se_ln_r: float | None = None
    assumption: str | None = None


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

    claim_id: str
    reason: LeftOutReason
    detail: str


class PoolMember(_Frozen):
    """One pooled estimate: its basis, the interval and se(ln r) it entered with, its weight."""

    claim_id: str
    basis: UncertaintyBasis
    r: float
    r_low: float
    r_high: float
    se_ln_r: float
    weight: float  # its share of the random-effects weights (they sum to 1)
    critiqued: bool = False


class LeaveOneOut(_Frozen):
    """The pool without one estimate, and how far that estimate lies from the others.

    influence_log10 = log10(r of the full pool) - log10(r without it): positive when the
    estimate pulls the pool up. std_residual is the externally standardized residual
    (its ln r minus the others' pooled ln r, over sqrt(its variance + the others' tau2 +
    the others' se^2)); outside_prediction is True when its r lies outside the others'
    prediction interval.
    """

    claim_id: str
    k: int
    r: float | None = None
    r_low: float | None = None
    r_high: float | None = None
    pi_low: float | None = None
    pi_high: float | None = None
    tau2: float | None = None
    i2: float | None = None
    influence_log10: float | None = None
    std_residual: float | None = None
    outside_prediction: bool | None = None


class PoolSummary(_Frozen):
    """A pool of part of a quantity's estimates (stated-only, without critiqued, adjusted)."""

    k: int
    r: float | None = None
    r_low: float | None = None
    r_high: float | None = None
    pi_low: float | None = None
    pi_high: float | None = None
    tau2: float | None = None
    i2: float | None = None
    claim_ids: list[str] = Field(default_factory=list)
    note: str | None = None


class SubgroupPool(_Frozen):
    """The pool of the estimates sharing one level of a moderator."""

    moderator: Moderator
    level: str
    k: int
    r: float | None = None
    r_low: float | None = None
    r_high: float | None = None
    tau2: float | None = None
    claim_ids: list[str] = Field(default_factory=list)


class ModeratorFit(_Frozen):
    """A meta-regression of ln r on one moderator's levels, with random-effects weights.

    r2 is the share of tau2 the moderator explains, (tau2 - tau2_residual) / tau2, within
    0..1 (as metafor reports it); None when tau2 is 0 (nothing to explain) or the moderator
    does not vary. qm tests the moderator, qe the residual heterogeneity.
    """

    moderator: Moderator
    levels: list[str]
    k: int
    estimable: bool
    tau2_residual: float | None = None
    r2: float | None = None
    qm: float | None = None
    qe: float | None = None
    note: str | None = None


class PooledEstimate(_Frozen):
    """Random-effects pooled annual multiplier of one quantity.

    k counts the pooled estimates, k_stated/k_range/k_imputed those of each basis. With
    k = 0 every r field is empty; with k = 1 the single estimate is returned and tau2,
    i2 and q are empty (no heterogeneity can be estimated from one study). r_low..r_high
    is the Hartung-Knapp-Sidik-Jonkman interval (t with k-1 df, scale never below 1),
    pi_low..pi_high the prediction interval for a new estimate (as metafor reports it).
    halving_months is set for a quantity whose cost falls, doubling_months for one that
    grows. `note` says which case applies; `assumption` states every convention under
    which estimates without a stated confidence level were weighed.
    """

    quantity_id: str
    k: int
    method: PoolingMethod
    level: float
    r: float | None = None
    r_low: float | None = None
    r_high: float | None = None
    log10_r: float | None = None
    halving_months: float | None = None
    ln_r: float | None = None
    se_ln_r: float | None = None
    tau2: float | None = None
    i2: float | None = None
    q: float | None = None
    pooled_claim_ids: list[str] = Field(default_factory=list)
    left_out: list[LeftOut] = Field(default_factory=list)
    assumption: str | None = None
    note: str | None = None
    domain: str | None = None
    doubling_months: float | None = None
    k_stated: int = 0
    k_range: int = 0
    k_imputed: int = 0
    interval_method: str | None = None
    hksj_scale: float | None = None
    pi_low: float | None = None
    pi_high: float | None = None
    estimates: list[PoolMember] = Field(default_factory=list)
    leave_one_out: list[LeaveOneOut] = Field(default_factory=list)
    influential_claim_id: str | None = None
    stated_only: PoolSummary | None = None
    without_critiqued: PoolSummary | None = None
    critique_adjusted: PoolSummary | None = None
    adjustments: list[str] = Field(default_factory=list)
    subgroups: list[SubgroupPool] = Field(default_factory=list)
    moderators: list[ModeratorFit] = Field(default_factory=list)
    best_moderator: Moderator | None = None
    best_moderator_r2: float | None = None
    best_moderator_aliases: list[Moderator] = Field(default_factory=list)
    explanation: str | None = None


class SkippedRecord(_Frozen):
    """A claim the pass could not compute with: reported, left out, and the rest computed."""

    claim_id: str
    quantity_id: str
    reason: str


class ConflictExplanation(_Frozen):
    """One reason two estimates may disagree; critique fields are set only for critiques."""

    kind: ExplanationKind
    detail: str
    claim_id: str | None = None
    critique_id: str | None = None
    critique_kind: CritiqueKind | None = None


class Conflict(_Frozen):
    """Two estimates of one quantity whose r intervals (or points) do not overlap.

    claim_a < claim_b (by id). gap_log10 is the distance between the nearer ends in
    orders of magnitude per year. `explanations` is never empty: it holds a single
    UNEXPLAINED entry when nothing accounts for the disagreement.
    """

    quantity_id: str
    claim_a: str
    claim_b: str
    a_low: float
    a_high: float
    b_low: float
    b_high: float
    gap_log10: float
    explained: bool
    explanations: list[ConflictExplanation]
    a_basis: UncertaintyBasis | None = None
    b_basis: UncertaintyBasis | None = None


class Deviation(_Frozen):
    """One estimate against the rest of its quantity, judged by its own uncertainty basis."""

    quantity_id: str
    claim_id: str
    basis: UncertaintyBasis
    r: float
    others_r: float
    others_pi_low: float
    others_pi_high: float
    std_residual: float
    outside_prediction: bool
    explained: bool
    explanations: list[ConflictExplanation]


class FactorShare(_Frozen):
    """One factor of a decomposition and its share of the total in log terms."""

    label: str
    factor: float
    log_share: float | None = None


class DecompositionCheck(_Frozen):
    """Does the product of a claim's factors match its stated total, and what rate is it."""

    stated_total: float
    product: float
    relative_error: float
    rel_tol: float
    consistent: bool
    factors: list[FactorShare]
    years: float | None = None
    implied_r: float | None = None
    implied_log10_r: float | None = None
    implied_halving_months: float | None = None


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

    id: str
    kind: FlagKind
    rule: str
    subject: str
    subject_label: str
    claims: list[str]
    reason: str
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
