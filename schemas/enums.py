"""The closed vocabularies of the domain.

Every other layer (paper files, graph properties, GraphQL enums, reconciliation
rules) uses these values, so a new unit or scope is added here once.
"""

from enum import StrEnum


class Scope(StrEnum):
    """What a quantity measures; the axis along which sources get conflated."""

    TRAINING = "training"  # compute needed to train to a fixed capability
    INFERENCE = "inference"  # compute or price to serve a fixed capability
    HARDWARE = "hardware"  # FLOP per dollar
    COMPUTE = "compute"  # growth of compute spent
    CAPABILITY = "capability"
    DATA = "data"
    UNSPECIFIED = "unspecified"  # the source does not say: the `unscoped` flag's target


class Domain(StrEnum):
    """The task a figure was measured on: estimates of different domains never pool together."""

    LANGUAGE = "language"  # language models
    VISION = "vision"  # image classification, detection, generation
    GAMES = "games"  # board and video games (AlphaGo, Atari)
    SPEECH = "speech"
    ROBOTICS = "robotics"
    SCIENCE = "science"  # protein folding, weather, other scientific tasks
    MULTIMODAL = "multimodal"
    GENERAL = "general"  # deliberately not tied to one task: hardware, compute spent
    UNSPECIFIED = "unspecified"  # the file does not say


UNSTATED_DOMAINS: frozenset[Domain] = frozenset({Domain.GENERAL, Domain.UNSPECIFIED})
"""Domains that clash with no other: a general figure (FLOP per dollar) serves every task, and
an unspecified one says nothing to compare."""


class Trend(StrEnum):
    """Which way a quantity's yearly multiplier r is read, and so which time it reports."""

    COST_FALLS = "cost_falls"  # compute or price for a fixed result falls: a halving time
    GROWTH = "growth"  # something grows (FLOP per dollar, compute spent): a doubling time


COST_SCOPES: frozenset[Scope] = frozenset({Scope.TRAINING, Scope.INFERENCE, Scope.UNSPECIFIED})
"""Scopes whose quantities measure a cost falling unless they say otherwise (an unscoped
"algorithmic progress" figure is compute for a result falling, in training or inference)."""


class Category(StrEnum):
    """The driver a source credits for a figure (the post's sections 1.1 to 1.4)."""

    ALGORITHMIC = "algorithmic"
    OPTIMIZATION = "optimization"
    DATA = "data"
    HARDWARE = "hardware"
    MIXED = "mixed"


class Unit(StrEnum):
    """How a figure is stated by its source, before normalization."""

    HALVING_TIME_MONTHS = "halving_time_months"
    DOUBLING_TIME_MONTHS = "doubling_time_months"
    MULTIPLIER_PER_YEAR = "multiplier_per_year"
    PERCENT_PER_YEAR = "percent_per_year"  # p % better per year
    PERCENT_DECLINE_PER_YEAR = "percent_decline_per_year"  # cost falls p % per year
    ORDERS_OF_MAGNITUDE_PER_YEAR = "orders_of_magnitude_per_year"
    FACTOR_OVER_YEARS = "factor_over_years"  # F over Y years (Y stated beside it)
    ONE_TIME_FACTOR = "one_time_factor"  # a multiplier, not a rate
    SHARE = "share"  # a fraction of a total, 0..1
    ABSOLUTE = "absolute"  # a cost, a count, a ratio kept as stated


RATE_UNITS: frozenset[Unit] = frozenset(
    {
        Unit.HALVING_TIME_MONTHS,
        Unit.DOUBLING_TIME_MONTHS,
        Unit.MULTIPLIER_PER_YEAR,
        Unit.PERCENT_PER_YEAR,
        Unit.PERCENT_DECLINE_PER_YEAR,
        Unit.ORDERS_OF_MAGNITUDE_PER_YEAR,
        Unit.FACTOR_OVER_YEARS,
    }
)
"""Units that normalize to an annual multiplier and may be pooled."""


class SourceKind(StrEnum):
    """What kind of publication a source is."""

    PAPER = "paper"
    BLOG_POST = "blog_post"
    PODCAST = "podcast"
    TALK = "talk"
    DATASET = "dataset"
    NEWS_ARTICLE = "news_article"
    SOFTWARE = "software"


class EvidenceKind(StrEnum):
    """How a source supports a claim: what the evidence is."""

    EXPERIMENT = "experiment"
    REGRESSION = "regression"
    COST_COMPARISON = "cost_comparison"
    ANECDOTE = "anecdote"
    CITATION = "citation"


class CritiqueKind(StrEnum):
    """What a critique objects to; some kinds raise a flag on the claims they target."""

    METHODOLOGY = "methodology"
    CONFLATION = "conflation"
    CEILING = "ceiling"
    SCALE_DEPENDENCE = "scale_dependence"
    MISATTRIBUTION = "misattribution"
    UNSUPPORTED = "unsupported"


class FlagKind(StrEnum):
    TRAINING_INFERENCE = "training_inference"
    UNSCOPED = "unscoped"
    SCALE_DEPENDENCE = "scale_dependence"
    CEILING = "ceiling"
    TASK_SIZE = "task_size"
