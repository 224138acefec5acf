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

    claim_id: str
    reason: LeftOutReason
    detail: str


class PooledEstimate(_Frozen):
    """Random-effects pooled annual multiplier of one quantity.

    k counts the pooled estimates. With k = 0 every r field is empty; with k = 1 the
    single estimate is returned and tau2, i2 and q are empty (no heterogeneity can be
    estimated from one study). `note` says which case applies; `assumption` is set
    whenever point estimates were pooled under an assumed standard error.
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
