"""Which of a quantity's estimates enter its pool, and why the others do not.

Only rates pool, and only one figure per piece of evidence: an estimate measured on another
task domain, stated as a bound, restating a claim it cites, or restating a figure its own
source already gave (in another unit, or in a second file for the same source) adds no
weight. Every estimate left out is listed with its reason; nothing is dropped silently.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from claimgraph.reconcile.records import RecordLike
from claimgraph.schemas.enums import UNSTATED_DOMAINS, Domain
from claimgraph.schemas.reconciliation import EstimateKind, LeftOut, LeftOutReason

RESTATEMENT_REL_TOL = 0.05
"""Two figures are one figure restated when their r agree within 5 %: 44x over 7 years
(1.717/yr) and a 16-month doubling (1.682/yr) are one paper's result said twice (2 %
apart); Byrnes' core 3-5x since 2018 (1.219/yr) and his nanochat 2x (1.104/yr) are two
estimates (10 % apart)."""

SHARED_PERIOD = 0.5
"""Two periods are the same period when they share at least half of their joint span."""

_SCALE_REL_TOL = 1e-6


def period_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float | None:
    """Years shared over years spanned, counting whole calendar years (None if unstated).

    2018-2025 and 2019-2025 share 7 of 8 years (0.875); 2012-2023 and 2018-2025 share
    6 of 14 (0.43); disjoint periods share 0.
    """
    if a is None or b is None:
        return None
    shared = min(a[1], b[1]) - max(a[0], b[0]) + 1
    spanned = max(a[1], b[1]) - min(a[0], b[0]) + 1
    return max(shared, 0) / spanned


def period_of(rec: RecordLike) -> tuple[int, int] | None:
    if rec.period_start_year is None or rec.period_end_year is None:
        return None
    return (rec.period_start_year, rec.period_end_year)


def same_figure(a: float, b: float) -> bool:
    """Do two rates agree within RESTATEMENT_REL_TOL?"""
    return abs(math.log(a) - math.log(b)) <= math.log1p(RESTATEMENT_REL_TOL)


def pool_domain(records: Sequence[RecordLike], quantity_domain: str | None) -> str | None:
    """The quantity's domain when it names one; else the domain its claims name most
    (ties by name); None when nobody names one."""
    if quantity_domain is not None and Domain(quantity_domain) not in UNSTATED_DOMAINS:
        return quantity_domain
    named = Counter(
        rec.domain
        for rec in records
        if rec.domain is not None and Domain(rec.domain) not in UNSTATED_DOMAINS
    )
    if not named:
        return quantity_domain
    return sorted(named.items(), key=lambda item: (-item[1], item[0]))[0][0]


def _basic_reason(
    rec: RecordLike,
    quantity_id: str,
    at_scale_flop: float | None,
    domain: str | None,
) -> tuple[LeftOutReason, str] | None:
    est = rec.estimate
    if rec.quantity_id != quantity_id:
        return LeftOutReason.DIFFERENT_QUANTITY, f"measures {rec.quantity_id}, not {quantity_id}"
    if est.kind is EstimateKind.FACTOR:
        return LeftOutReason.ONE_TIME_FACTOR, "a one-time factor is not a yearly rate"
    if est.kind is not EstimateKind.RATE or est.r is None:
        article = "an" if est.kind.value[0] in "aeiou" else "a"
        return LeftOutReason.NOT_A_RATE, f"{article} {est.kind.value} figure is not a yearly rate"
    if rec.upper_bound:
        return LeftOutReason.UPPER_BOUND, "stated as a bound (up to / at most), not an estimate"
    if at_scale_flop is not None and (
        rec.compute_scale_flop is None
        or not math.isclose(rec.compute_scale_flop, at_scale_flop, rel_tol=_SCALE_REL_TOL)
    ):
        here = (
            "scale-invariant" if rec.compute_scale_flop is None else f"{rec.compute_scale_flop:g}"
        )
        return LeftOutReason.DIFFERENT_SCALE, f"holds at {here}; pooling {at_scale_flop:g} FLOP"
    own = rec.domain
    if (
        domain is not None
        and own is not None
        and Domain(own) not in UNSTATED_DOMAINS
        and own != domain
    ):
        return LeftOutReason.DIFFERENT_DOMAIN, f"measured on {own}; the pool is of {domain}"
    return None


def _restates(rec: RecordLike, cited_rates: Mapping[str, float]) -> str | None:
    """The cited claim this estimate only restates, if any.

    An estimate with its own stated confidence interval is a measurement of its own (a
    replication that cites the original), never a restatement.
    """
    if rec.estimate.se_ln_r is not None or rec.estimate.r is None:
        return None
    for cited in sorted(rec.cites):
        r = cited_rates.get(cited)
        if r is not None and r > 0 and same_figure(rec.estimate.r, r):
            return cited
    return None


_BASIS_RANK = {"stated": 0, "range": 1, "point": 2}


def _rank(rec: RecordLike) -> tuple[int, float, str]:
    """Which of two restated figures to keep: stated interval, then range, then point;
    then the narrower; then the id."""
    est = rec.estimate
    if est.se_ln_r is not None:
        return (0, est.se_ln_r, rec.claim_id)
    if est.r_low is not None and est.r_high is not None and est.r_high > est.r_low:
        return (1, math.log(est.r_high / est.r_low), rec.claim_id)
    return (2, 0.0, rec.claim_id)


def _duplicates(candidates: Sequence[RecordLike]) -> dict[str, str]:
    """claim id -> the kept claim it duplicates, among estimates of one source."""
    by_source: dict[str, list[RecordLike]] = defaultdict(list)
    for rec in candidates:
        if rec.source_key is not None:
            by_source[rec.source_key].append(rec)
    dropped: dict[str, str] = {}
    for group in by_source.values():
        kept: list[RecordLike] = []
        for rec in sorted(group, key=_rank):
            twin = next((k for k in kept if _same_estimate(k, rec)), None)
            if twin is None:
                kept.append(rec)
            else:
                dropped[rec.claim_id] = twin.claim_id
    return dropped


def _same_estimate(a: RecordLike, b: RecordLike) -> bool:
    if a.estimate.r is None or b.estimate.r is None or not same_figure(a.estimate.r, b.estimate.r):
        return False
    shared = period_overlap(period_of(a), period_of(b))
    return shared is None or shared >= SHARED_PERIOD


def select(
    records: Sequence[RecordLike],
    quantity_id: str,
    *,
    at_scale_flop: float | None = None,
    quantity_domain: str | None = None,
    cited_rates: Mapping[str, float] | None = None,
) -> tuple[list[RecordLike], list[LeftOut], str | None]:
    """(estimates that may pool, those left out with their reasons, the pool's domain)."""
    ordered = sorted(records, key=lambda r: r.claim_id)
    domain = pool_domain([r for r in ordered if r.quantity_id == quantity_id], quantity_domain)
    cited = cited_rates or {}
    candidates: list[RecordLike] = []
    left_out: list[LeftOut] = []
    for rec in ordered:
        why = _basic_reason(rec, quantity_id, at_scale_flop, domain)
        restated = None if why is not None else _restates(rec, cited)
        if why is not None:
            left_out.append(
                LeftOut.model_construct(claim_id=rec.claim_id, reason=why[0], detail=why[1])
            )
        elif restated is not None:
            left_out.append(
                LeftOut(
                    claim_id=rec.claim_id,
                    reason=LeftOutReason.RESTATEMENT,
                    detail=f"restates {restated}, which it cites; the figure counts once, there",
                )
            )
        else:
            candidates.append(rec)
    dropped = _duplicates(candidates)
    kept = []
    for rec in candidates:
        twin = dropped.get(rec.claim_id)
        if twin is None:
            kept.append(rec)
        else:
            left_out.append(
                LeftOut(
                    claim_id=rec.claim_id,
                    reason=LeftOutReason.DUPLICATE,
                    detail=f"the same source's figure as {twin}, restated; it counts once",
                )
            )
    return kept, sorted(left_out, key=lambda out: out.claim_id), domain


_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/([0-9]{4}\.[0-9]{4,5}|[a-z-]+/[0-9]{7})(?:v[0-9]+)?")
_DOI = re.compile(r"(?:doi\.org/|doi:)(10\.[0-9]{4,9}/\S+)")


def source_key(url: str | None, source_id: str | None) -> str | None:
    """What identifies a source: its arXiv id or DOI when its url has one, else the url
    without scheme, "www." and trailing slash, else its id. Two files for one paper
    (https://arxiv.org/abs/2403.05812 and http://arxiv.org/pdf/2403.05812v2) share a key."""
    if url:
        text = url.strip().lower()
        found = _ARXIV.search(text)
        if found:
            return f"arxiv:{found.group(1)}"
        found = _DOI.search(text)
        if found:
            return f"doi:{found.group(1).rstrip('/')}"
        text = re.sub(r"^[a-z]+://", "", text)
        text = re.sub(r"^www\.", "", text).rstrip("/")
        if text:
            return f"url:{text}"
    return source_id
