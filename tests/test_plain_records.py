"""The reconciliation pass's plain records mirror the schema models field for field.

The pass builds plain values instead of validated models for speed; the models in
schemas/ stay the definition of the shape, and these tests fail the moment the two
drift apart (a field added, renamed or retyped on one side only).
"""

import dataclasses
import typing

from pydantic import BaseModel

from claimgraph.reconcile.normalize import PlainEstimate, normalize, normalize_plain
from claimgraph.reconcile.records import PlainRecord
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.reconciliation import EstimateRecord, NormalizedEstimate


def _model_fields(model: type[BaseModel]) -> dict[str, object]:
    return {name: field.annotation for name, field in model.model_fields.items()}


def _plain_fields(cls: type) -> dict[str, object]:
    hints = typing.get_type_hints(cls)
    return {field.name: hints[field.name] for field in dataclasses.fields(cls)}


def test_plain_estimate_has_the_fields_and_types_of_normalized_estimate() -> None:
    assert _plain_fields(PlainEstimate) == _model_fields(NormalizedEstimate)


def test_plain_record_has_the_fields_of_estimate_record() -> None:
    plain = _plain_fields(PlainRecord)
    model = _model_fields(EstimateRecord)
    assert list(plain) == list(model)
    same_type = {"estimate", "critiques"}  # plain counterparts: PlainEstimate, a tuple
    assert {k: v for k, v in plain.items() if k not in same_type} == {
        k: v for k, v in model.items() if k not in same_type
    }


def test_normalize_and_normalize_plain_agree_on_the_8_month_halving() -> None:
    # 8-month halving, 95 % interval 5..14 months: r = 2^(12/8) = 2.828; the ends map
    # inverted, 2^(12/14) = 1.811 and 2^(12/5) = 5.278.
    model = normalize(8, Unit.HALVING_TIME_MONTHS, low=5.0, high=14.0, level=0.95)
    plain = normalize_plain(8, Unit.HALVING_TIME_MONTHS, low=5.0, high=14.0, level=0.95)
    assert model.model_dump() == dataclasses.asdict(plain)
    assert round(plain.r or 0, 3) == 2.828
    assert (round(plain.r_low or 0, 3), round(plain.r_high or 0, 3)) == (1.811, 5.278)
