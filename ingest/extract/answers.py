"""Answer files: the figures a curator would encode from a text, to measure the extractor on.

A folder of `NAME.txt` texts, each beside `NAME.yaml`:

```yaml
paraphrased_from: Erdil and Besiroglu 2022, Algorithmic progress in computer vision
source: {title: Algorithmic progress in computer vision, authors: [Ege Erdil], year: 2022}
figures:
  - at: every nine months          # words of the text where the figure is stated
    value: 9
    unit: halving_time_months
    interval: {low: 4, high: 25, level: 0.95}
    bound: approximate             # lower | upper | approximate, when the text says so
    years: 7                       # factor_over_years only
    period: [2012, 2019]
    label: USD                     # absolute only
not_claims: [95% (the level of the interval)]   # for the reader: numbers left out on purpose
```

`source` fields that are null are the ones the text does not state (the draft should say
TODO). Every figure is checked as the paper-file format checks an estimate, so an answer
is always a value the rest of the system can compute with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from claimgraph.ingest.extract.model import Bound
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.estimate import Estimate, Interval, Period


class AnswerError(ValueError):
    """An answer set that cannot be measured: names the file and what is wrong."""


class ExpectedSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    authors: list[str] | None = None
    year: int | None = None


class ExpectedFigure(BaseModel):
    """One figure a curator would encode, as stated, with where the text states it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: str = Field(min_length=1)
    value: float
    unit: Unit
    interval: Interval | None = None
    bound: Bound | None = None
    years: float | None = None
    period: tuple[int, int] | None = None
    label: str | None = None

    def estimate(self) -> Estimate:
        """The figure as the paper-file format's estimate (raises if it would not validate)."""
        period = Period(start_year=self.period[0], end_year=self.period[1]) if self.period else None
        return Estimate(
            value=float(self.value),
            unit=self.unit,
            interval=self.interval,
            years=None if self.years is None else float(self.years),
            period=period,
            label=self.label,
        )


class AnswerFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    paraphrased_from: str = Field(min_length=1)
    source: ExpectedSource = ExpectedSource()
    figures: list[ExpectedFigure] = []
    not_claims: list[str] = []


@dataclass(frozen=True, slots=True)
class Case:
    """One text and what a curator would encode from it."""

    name: str
    text: str
    answers: AnswerFile


def load_cases(folder: Path) -> list[Case]:
    """Every text with an answer file in `folder`, sorted by name; raises `AnswerError`."""
    if not folder.is_dir():
        raise AnswerError(f"{folder}: not a folder of texts with answer files")
    texts = sorted(folder.glob("*.txt"))
    cases = [load_case(text, text.with_suffix(".yaml")) for text in texts if _answered(text)]
    if not cases:
        found = f"{len(texts)} .txt file(s) but none with a .yaml answer file beside it"
        raise AnswerError(
            f"{folder}: nothing to measure: {found if texts else 'no .txt texts'} "
            "(each NAME.txt needs NAME.yaml listing its figures)"
        )
    return cases


def _answered(text: Path) -> bool:
    return text.with_suffix(".yaml").is_file()


def load_case(text_path: Path, answer_path: Path) -> Case:
    text = text_path.read_text(encoding="utf-8")
    try:
        raw: Any = YAML(typ="safe").load(answer_path.read_text(encoding="utf-8"))
        answers = AnswerFile.model_validate(raw)
    except YAMLError as error:
        raise AnswerError(f"{answer_path}: not YAML: {error}") from error
    except ValidationError as error:
        raise AnswerError(f"{answer_path}: {_first(error)}") from error
    for index, figure in enumerate(answers.figures):
        where = f"{answer_path}: figures[{index}]"
        if figure.at not in text:
            raise AnswerError(f"{where}.at: {figure.at!r} does not occur in {text_path.name}")
        try:
            figure.estimate()
        except ValidationError as error:
            raise AnswerError(f"{where}: {_first(error)}") from error
    return Case(text_path.name, text, answers)


def _first(error: ValidationError) -> str:
    detail = error.errors()[0]
    location = ".".join(str(part) for part in detail["loc"])
    return f"{location}: {detail['msg']}" if location else str(detail["msg"])


__all__ = ["AnswerError", "AnswerFile", "Case", "ExpectedFigure", "ExpectedSource", "load_cases"]
